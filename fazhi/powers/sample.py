"""The demo bureau's sample power list: eight real 城管 items, with sample discretion tiers and exemptions.

示例清单，须以本局公布的权责清单替换. The article texts are copied verbatim from the LawRefBook/Laws
collection (paths in ``SOURCES`` and docs/power-list.md) and were checked against it; an omission inside an
article is marked ``……``. The tiers, conditions and exemptions are invented examples of the format, not any
bureau's published 裁量基准. The list is built as a workbook and imported through the same service a bureau
uses, so the sample also exercises the import checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from fazhi.agencies.models import Agency
from fazhi.powers import excel
from fazhi.powers.conditions import parse_conditions
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind
from fazhi.powers.models import RuleSet
from fazhi.powers.services import power_list_import
from fazhi.rules.kinds import PenaltyKind

if TYPE_CHECKING:
    from fazhi.accounts.models import User

REPO = "LawRefBook/Laws"
SOURCES = {
    "城乡规划法": f"{REPO}: 行政法/城乡规划法.md（2019年4月23日第二次修正）",
    "城市道路管理条例": f"{REPO}: 行政法规/城市道路管理条例.md（2019年3月24日第三次修订）",
    "大气污染防治法": f"{REPO}: 行政法/大气污染防治法.md（2018年10月26日第二次修正）",
    "固体废物污染环境防治法": f"{REPO}: 行政法/固体废物污染环境防治法(2020-04-29).md（2020年4月29日修订）",
}

_GH = "《中华人民共和国城乡规划法》"
_DL = "《城市道路管理条例》"
_DQ = "《中华人民共和国大气污染防治法》"
_GF = "《中华人民共和国固体废物污染环境防治法》"

_GF_111 = (
    f"{_GF}第一百一十一条第一款、第二款：违反本法规定，有下列行为之一，由县级以上地方人民政府环境卫生主管部门"
    "责令改正，处以罚款，没收违法所得：\n"
    "（一）随意倾倒、抛撒、堆放或者焚烧生活垃圾的；\n"
    "（二）擅自关闭、闲置或者拆除生活垃圾处理设施、场所的；\n"
    "（三）工程施工单位未编制建筑垃圾处理方案报备案，或者未及时清运施工过程中产生的固体废物的；\n"
    "（四）工程施工单位擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾，或者未按照规定对施工过程中产生的固体"
    "废物进行利用或者处置的；\n"
    "（五）产生、收集厨余垃圾的单位和其他生产经营者未将厨余垃圾交由具备相应资质条件的单位进行无害化处理的；\n"
    "（六）畜禽养殖场、养殖小区利用未经无害化处理的厨余垃圾饲喂畜禽的；\n"
    "（七）在运输过程中沿途丢弃、遗撒生活垃圾的。\n"
    "单位有前款第一项、第七项行为之一，处五万元以上五十万元以下的罚款；单位有前款第二项、第三项、第四项、第五项、"
    "第六项行为之一，处十万元以上一百万元以下的罚款；个人有前款第一项、第五项、第七项行为之一，处一百元以上五百元以下"
    "的罚款。"
)

ITEMS: tuple[excel.ItemRow, ...] = (
    excel.ItemRow(
        row=0,
        code="SL-GH-001",
        name="未取得建设工程规划许可证进行建设（尚可采取改正措施消除对规划实施的影响）",
        domain=Domain.PLANNING,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_GH}第四十条第一款：在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人"
            "应当向城市、县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划"
            "许可证。"
        ),
        penalty_basis=(
            f"{_GH}第六十四条：未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方"
            "人民政府城乡规划主管部门责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价"
            "百分之五以上百分之十以下的罚款；无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，"
            "可以并处建设工程造价百分之十以下的罚款。"
        ),
        penalty_kinds=[PenaltyKind.FINE],
        fine_mode=FineMode.RATE,
        coef_min=Decimal(5),
        coef_max=Decimal(10),
        base_fact="construction_cost",
        source=SOURCES["城乡规划法"],
        remark="无法采取改正措施消除影响的情形（限期拆除、没收实物或者违法收入）应另列事项。",
    ),
    excel.ItemRow(
        row=0,
        code="SL-GH-002",
        name="未经批准进行临时建设",
        domain=Domain.PLANNING,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_GH}第四十四条第一款：在城市、镇规划区内进行临时建设的，应当经城市、县人民政府城乡规划主管部门批准。"
            "临时建设影响近期建设规划或者控制性详细规划的实施以及交通、市容、安全等的，不得批准。"
        ),
        penalty_basis=(
            f"{_GH}第六十六条：建设单位或者个人有下列行为之一的，由所在地城市、县人民政府城乡规划主管部门责令限期拆除，"
            "可以并处临时建设工程造价一倍以下的罚款：\n（一）未经批准进行临时建设的；\n（二）未按照批准内容进行临时"
            "建设的；\n（三）临时建筑物、构筑物超过批准期限不拆除的。"
        ),
        penalty_kinds=[PenaltyKind.FINE],
        fine_mode=FineMode.MULTIPLE,
        coef_min=Decimal(0),
        coef_max=Decimal(1),
        base_fact="temp_construction_cost",
        source=SOURCES["城乡规划法"],
    ),
    excel.ItemRow(
        row=0,
        code="SL-SZ-001",
        name="擅自占用或者挖掘城市道路",
        domain=Domain.MUNICIPAL,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_DL}第二十七条第（一）项：城市道路范围内禁止下列行为：\n(一)擅自占用或者挖掘城市道路；\n……\n"
            f"{_DL}第三十条：未经市政工程行政主管部门和公安交通管理部门批准，任何单位或者个人不得占用或者挖掘城市道路。"
        ),
        penalty_basis=(
            f"{_DL}第四十二条：违反本条例第二十七条规定，或者有下列行为之一的，由市政工程行政主管部门或者其他有关部门"
            "责令限期改正，可以处以2万元以下的罚款；造成损失的，应当依法承担赔偿责任：……"
        ),
        penalty_kinds=[PenaltyKind.FINE],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(0),
        fine_max=Decimal(20000),
        source=SOURCES["城市道路管理条例"],
    ),
    excel.ItemRow(
        row=0,
        code="SL-HJ-001",
        name="在禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地",
        domain=Domain.ENVIRONMENT,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_DQ}第八十一条第三款：任何单位和个人不得在当地人民政府禁止的区域内露天烧烤食品或者为露天烧烤食品提供场地。"
        ),
        penalty_basis=(
            f"{_DQ}第一百一十八条第三款：违反本法规定，在当地人民政府禁止的时段和区域内露天烧烤食品或者为露天烧烤食品"
            "提供场地的，由县级以上地方人民政府确定的监督管理部门责令改正，没收烧烤工具和违法所得，并处五百元以上二万元"
            "以下的罚款。"
        ),
        penalty_kinds=[PenaltyKind.FINE, PenaltyKind.CONFISCATE_ILLEGAL_GAINS, PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(500),
        fine_max=Decimal(20000),
        source=SOURCES["大气污染防治法"],
        remark="没收烧烤工具按没收非法财物登记。",
    ),
    excel.ItemRow(
        row=0,
        code="SL-HJ-002",
        name="餐饮服务业经营者超过排放标准排放油烟",
        domain=Domain.ENVIRONMENT,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_DQ}第八十一条第一款：排放油烟的餐饮服务业经营者应当安装油烟净化设施并保持正常使用，或者采取其他油烟净化"
            "措施，使油烟达标排放，并防止对附近居民的正常生活环境造成污染。"
        ),
        penalty_basis=(
            f"{_DQ}第一百一十八条第一款：违反本法规定，排放油烟的餐饮服务业经营者未安装油烟净化设施、不正常使用油烟净化"
            "设施或者未采取其他油烟净化措施，超过排放标准排放油烟的，由县级以上地方人民政府确定的监督管理部门责令改正，"
            "处五千元以上五万元以下的罚款；拒不改正的，责令停业整治。"
        ),
        penalty_kinds=[PenaltyKind.FINE],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(5000),
        fine_max=Decimal(50000),
        source=SOURCES["大气污染防治法"],
        remark="拒不改正的责令停业整治，另行决定。",
    ),
    excel.ItemRow(
        row=0,
        code="SL-ZT-001",
        name="运输渣土等散装、流体物料的车辆未采取密闭或者其他措施防止物料遗撒",
        domain=Domain.CONSTRUCTION_WASTE,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_DQ}第七十条第一款：运输煤炭、垃圾、渣土、砂石、土方、灰浆等散装、流体物料的车辆应当采取密闭或者其他措施"
            "防止物料遗撒造成扬尘污染，并按照规定路线行驶。"
        ),
        penalty_basis=(
            f"{_DQ}第一百一十六条：违反本法规定，运输煤炭、垃圾、渣土、砂石、土方、灰浆等散装、流体物料的车辆，未采取"
            "密闭或者其他措施防止物料遗撒的，由县级以上地方人民政府确定的监督管理部门责令改正，处二千元以上二万元以下的"
            "罚款；拒不改正的，车辆不得上道路行驶。"
        ),
        penalty_kinds=[PenaltyKind.FINE],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(2000),
        fine_max=Decimal(20000),
        source=SOURCES["大气污染防治法"],
    ),
    excel.ItemRow(
        row=0,
        code="SL-ZT-002",
        name="工程施工单位擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾",
        domain=Domain.CONSTRUCTION_WASTE,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_GF}第六十三条第三款：工程施工单位不得擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾。"
        ),
        penalty_basis=_GF_111,
        penalty_kinds=[PenaltyKind.FINE, PenaltyKind.CONFISCATE_ILLEGAL_GAINS],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(100000),
        fine_max=Decimal(1000000),
        source=SOURCES["固体废物污染环境防治法"],
        remark="适用第一百一十一条第一款第（四）项；单位处十万元以上一百万元以下的罚款。",
    ),
    excel.ItemRow(
        row=0,
        code="SL-SR-001",
        name="个人随意倾倒、抛撒、堆放或者焚烧生活垃圾",
        domain=Domain.CITY_APPEARANCE,
        kind=PowerKind.PENALTY,
        violation_basis=(
            f"{_GF}第四十九条第二款：任何单位和个人都应当依法在指定的地点分类投放生活垃圾。禁止随意倾倒、抛撒、堆放或者"
            "焚烧生活垃圾。"
        ),
        penalty_basis=_GF_111,
        penalty_kinds=[PenaltyKind.FINE, PenaltyKind.CONFISCATE_ILLEGAL_GAINS],
        fine_mode=FineMode.FIXED,
        fine_min=Decimal(100),
        fine_max=Decimal(500),
        source=SOURCES["固体废物污染环境防治法"],
        remark="适用第一百一十一条第一款第（一）项；个人处一百元以上五百元以下的罚款。",
    ),
)


def _tier(
    code: str, tier: DiscretionTier, description: str, condition: str, span: tuple[str, str], *, coef: bool = False
) -> excel.TierRow:
    values = (Decimal(span[0]), Decimal(span[1]))
    return excel.TierRow(
        row=0,
        item_code=code,
        tier=tier,
        description=f"示例：{description}",
        condition_text=condition,
        conditions=parse_conditions(condition),
        fine_min=None if coef else values[0],
        fine_max=None if coef else values[1],
        coef_min=values[0] if coef else None,
        coef_max=values[1] if coef else None,
        is_sample=True,
    )


LI, OD = DiscretionTier.LIGHTER, DiscretionTier.ORDINARY
HV, MI = DiscretionTier.HEAVIER, DiscretionTier.MITIGATED

TIERS: tuple[excel.TierRow, ...] = (
    _tier("SL-GH-001", LI, "违法建设面积不满30平方米", "面积<30", ("5", "6"), coef=True),
    _tier("SL-GH-001", OD, "违法建设面积30平方米以上不满100平方米", "面积>=30；面积<100", ("6", "8"), coef=True),
    _tier("SL-GH-001", HV, "违法建设面积100平方米以上", "面积>=100", ("8", "10"), coef=True),
    _tier("SL-GH-002", LI, "临时建设面积不满20平方米", "面积<20", ("0", "0.3"), coef=True),
    _tier("SL-GH-002", OD, "临时建设面积20平方米以上不满50平方米", "面积>=20；面积<50", ("0.3", "0.6"), coef=True),
    _tier("SL-GH-002", HV, "临时建设面积50平方米以上", "面积>=50", ("0.6", "1"), coef=True),
    _tier("SL-SZ-001", LI, "占用或者挖掘面积不满10平方米", "面积<10", ("0", "2000")),
    _tier("SL-SZ-001", OD, "占用或者挖掘面积10平方米以上不满50平方米", "面积>=10；面积<50", ("2000", "10000")),
    _tier("SL-SZ-001", HV, "占用或者挖掘面积50平方米以上", "面积>=50", ("10000", "20000")),
    _tier("SL-HJ-001", LI, "初次违法并及时改正", "前次违法次数=0；及时改正=是", ("500", "2000")),
    _tier("SL-HJ-001", OD, "初次违法未及时改正，或者第二次违法", "前次违法次数<=1", ("2000", "10000")),
    _tier("SL-HJ-001", HV, "第三次及以上违法", "前次违法次数>=2", ("10000", "20000")),
    _tier("SL-HJ-002", LI, "危害后果轻微并及时改正", "危害后果 属于 无、轻微；及时改正=是", ("5000", "15000")),
    _tier("SL-HJ-002", HV, "造成严重危害后果", "危害后果=严重", ("35000", "50000")),
    _tier("SL-HJ-002", OD, "其他情形", "", ("15000", "35000")),
    _tier("SL-ZT-001", MI, "遗撒量不满0.5立方米且主动清除", "方量<0.5；主动消除或者减轻危害后果=是", ("1000", "1900")),
    _tier("SL-ZT-001", LI, "遗撒量不满1立方米", "方量<1", ("2000", "5000")),
    _tier("SL-ZT-001", OD, "遗撒量1立方米以上不满5立方米", "方量>=1；方量<5", ("5000", "12000")),
    _tier("SL-ZT-001", HV, "遗撒量5立方米以上", "方量>=5", ("12000", "20000")),
    _tier("SL-ZT-002", LI, "倾倒、堆放量不满10立方米", "方量<10", ("100000", "300000")),
    _tier("SL-ZT-002", OD, "倾倒、堆放量10立方米以上不满50立方米", "方量>=10；方量<50", ("300000", "700000")),
    _tier("SL-ZT-002", HV, "倾倒、堆放量50立方米以上", "方量>=50", ("700000", "1000000")),
    _tier("SL-SR-001", LI, "未造成危害后果或者危害后果轻微", "危害后果 属于 无、轻微", ("100", "200")),
    _tier("SL-SR-001", OD, "危害后果一般", "危害后果=一般", ("200", "400")),
    _tier("SL-SR-001", HV, "危害后果严重", "危害后果=严重", ("400", "500")),
)


def _exemption(
    code: str, kind: ExemptionKind, description: str, condition: str, look_back: int | None = None
) -> excel.ExemptionRow:
    return excel.ExemptionRow(
        row=0,
        item_code=code,
        kind=kind,
        description=f"示例：{description}",
        condition_text=condition,
        conditions=parse_conditions(condition),
        look_back_months=look_back,
        is_sample=True,
    )


EXEMPTIONS: tuple[excel.ExemptionRow, ...] = (
    _exemption(
        "SL-SZ-001",
        ExemptionKind.FIRST_VIOLATION,
        "首次擅自占用城市道路面积不满5平方米，危害后果轻微并及时改正",
        "面积<5",
        12,
    ),
    _exemption("SL-HJ-001", ExemptionKind.FIRST_VIOLATION, "初次露天烧烤，危害后果轻微并及时改正", "", 12),
    _exemption(
        "SL-SR-001", ExemptionKind.FIRST_VIOLATION, "公民初次违法，危害后果轻微并及时改正", "当事人类型=公民", 12
    ),
    _exemption("SL-SR-001", ExemptionKind.MINOR, "违法行为轻微并及时改正，没有造成危害后果", ""),
)


def sample_workbook() -> bytes:
    """The sample list as a workbook in the documented layout."""
    items = [excel.ItemRow(**{**vars(i), "is_sample": True}) for i in ITEMS]
    return excel.write_workbook(items, TIERS, EXEMPTIONS, title="示例权责清单（示例清单，须以本局公布的权责清单替换）")


def load_sample_power_list(
    *, actor: User, owner: Agency, effective_from: date, version_label: str = "示例版"
) -> RuleSet:
    """Import and publish the sample list for ``owner`` (the demo bureau), marked as a sample throughout."""
    return power_list_import(
        actor=actor,
        owner=owner,
        file=sample_workbook(),
        version_label=version_label,
        effective_from=effective_from,
        filename="示例权责清单.xlsx",
        is_sample=True,
        activate=True,
        note="示例清单，须以本局公布的权责清单替换",
    )
