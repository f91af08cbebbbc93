"""power_list_import, power_list_export and the sample list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fazhi.core.models import AuditEvent
from fazhi.powers import selectors
from fazhi.powers.domain import RuleSetStatus
from fazhi.powers.excel import read_workbook
from fazhi.powers.models import SAMPLE_NOTICE, DiscretionRule, ExemptionRule, PowerItem, RuleSet
from fazhi.powers.sample import ITEMS
from fazhi.powers.services import PowerListImportError, power_list_import

from .conftest import SAMPLE_FROM, item_row, workbook

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int, int]:
    return (
        RuleSet.objects.count(),
        PowerItem.objects.count(),
        DiscretionRule.objects.count(),
        ExemptionRule.objects.count(),
        AuditEvent.objects.filter(action__startswith="powers.").count(),
    )


def test_a_valid_workbook_is_imported_as_a_draft_with_its_hash(bureau: Any) -> None:
    data = workbook(
        [item_row()],
        [{"事项编码": "T-001", "阶次": "一般", "条件表达式": "面积>=10", "罚款下限(元)": 2000, "罚款上限(元)": 10000}],
        [{"事项编码": "T-001", "类型": "首违不罚", "条件表达式": "面积<5", "初次认定回溯期(月)": 12}],
    )
    rule_set = power_list_import(
        actor=bureau.admin, owner=bureau.bureau, file=data, version_label="2026版", effective_from=date(2026, 1, 1)
    )
    assert rule_set.status == RuleSetStatus.DRAFT and len(rule_set.source_sha256) == 64
    item = PowerItem.objects.get(rule_set=rule_set)
    assert item.penalty_kinds == ["fine"]
    tier = item.discretion_rules.get()
    assert tier.conditions == [{"fact": "area_m2", "op": ">=", "value": "10"}]
    assert item.exemption_rules.get().look_back_months == 12
    assert AuditEvent.objects.filter(action="powers.rule_set.import", entity_id=str(rule_set.pk)).exists()


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_imported(bureau: Any) -> None:
    data = workbook(
        [
            item_row("T-001"),
            item_row("T-001"),  # row 3: duplicate code
            item_row("T-003", 领域="城管杂项"),  # row 4: unknown domain
            item_row("T-004", **{"罚款下限(元)": 5000, "罚款上限(元)": 100}),  # row 5: min > max
            item_row("T-005", **{"罚款上限(元)": "100.005"}),  # row 6: three decimals
            item_row("T-006", 处罚种类="罚款、拘役"),  # row 7: not an article 9 penalty kind
            item_row("T-007", **{"违法依据": ""}),  # row 8: required
            item_row("T-008", **{"罚款下限(元)": -1}),  # row 9: negative
        ],
        [
            {"事项编码": "T-001", "阶次": "一般", "条件表达式": "面积>=>10", "罚款下限(元)": 0, "罚款上限(元)": 100},
            {"事项编码": "X-999", "阶次": "从轻", "罚款下限(元)": 0, "罚款上限(元)": 100},
            {"事项编码": "T-001", "阶次": "从重", "罚款下限(元)": 10000, "罚款上限(元)": 30000},
            {"事项编码": "T-001", "阶次": "减轻", "罚款下限(元)": 0, "罚款上限(元)": 10},
        ],
        [{"事项编码": "T-001", "类型": "首违不罚"}],
    )
    before = counts()
    with pytest.raises(PowerListImportError) as caught:
        power_list_import(
            actor=bureau.admin, owner=bureau.bureau, file=data, version_label="坏版本", effective_from=date(2026, 1, 1)
        )
    assert counts() == before
    errors = {(e.sheet, e.row, e.column): e.reason for e in caught.value.errors}
    assert errors[("权责清单", 3, "事项编码")] == "事项编码「T-001」与第2行重复"
    assert errors[("权责清单", 4, "领域")].startswith("未知的领域「城管杂项」")
    assert errors[("权责清单", 5, "罚款上限(元)")] == "罚款下限5000.00元大于上限100.00元"
    assert errors[("权责清单", 6, "罚款上限(元)")] == "金额最多保留2位小数（100.005）"
    assert errors[("权责清单", 7, "处罚种类")].startswith("未知的处罚种类「拘役」")
    assert errors[("权责清单", 8, "违法依据")] == "必填，不能为空"
    assert errors[("权责清单", 9, "罚款下限(元)")] == "不能为负数（-1）"
    assert "条件表达式有误" in errors[("裁量基准", 2, "条件表达式")]
    assert errors[("裁量基准", 3, "事项编码")] == "事项编码「X-999」不在“权责清单”表中"
    assert errors[("裁量基准", 4, "罚款上限(元)")].startswith("上限30000.00元超出法定幅度0.00元至20000.00元")
    assert errors[("裁量基准", 5, "阶次")].startswith("该事项法定下限为0")
    assert errors[("免罚清单", 2, "初次认定回溯期(月)")] == "首违不罚必须填写初次认定回溯期（月）"
    assert caught.value.message == (
        f"权责清单文件有{len(caught.value.errors)}处错误，未导入任何内容。请按错误清单逐行修改后重新导入。"
    )
    assert caught.value.as_dict()["errors"][0].keys() == {"sheet", "row", "column", "reason"}


def test_a_tier_below_the_legal_minimum_must_be_labelled_mitigated(bureau: Any) -> None:
    data = workbook(
        [item_row(**{"罚款下限(元)": 2000})],
        [
            {"事项编码": "T-001", "阶次": "从轻", "罚款下限(元)": 1000, "罚款上限(元)": 3000},
            {"事项编码": "T-001", "阶次": "减轻", "罚款下限(元)": 1000, "罚款上限(元)": 2000},
        ],
    )
    with pytest.raises(PowerListImportError) as caught:
        power_list_import(
            actor=bureau.admin, owner=bureau.bureau, file=data, version_label="v", effective_from=date(2026, 1, 1)
        )
    reasons = [e.reason for e in caught.value.errors]
    assert "下限1000.00元低于法定幅度2000.00元至20000.00元；低于法定下限的应列为“减轻”阶次" in reasons
    assert any(r.startswith("减轻阶次须低于法定下限（行政处罚法第三十二条）") for r in reasons)


def test_a_file_that_is_not_excel_is_refused_and_nothing_is_written(bureau: Any) -> None:
    before = counts()
    with pytest.raises(PowerListImportError) as caught:
        power_list_import(
            actor=bureau.admin,
            owner=bureau.bureau,
            file=b"not a workbook",
            version_label="v",
            effective_from=date(2026, 1, 1),
        )
    assert "文件无法读取" in caught.value.errors[0].reason
    assert counts() == before


def test_a_truncated_workbook_is_refused_as_unreadable() -> None:
    data = workbook([item_row()])
    parsed = read_workbook(data[: len(data) // 2])
    assert [e.reason for e in parsed.errors] == ["文件无法读取：请上传 Excel 2007 及以上格式（.xlsx）的权责清单文件"]


def test_columns_right_of_an_empty_column_a_and_whole_numbers_read_as_written() -> None:
    """calamine gives every number as a float and starts a sheet's columns at its first non-empty one."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook([item_row(**{"罚款上限(元)": 20000.5})])))
    for ws in book.worksheets:
        ws.insert_cols(1)
    out = io.BytesIO()
    book.save(out)
    parsed = read_workbook(out.getvalue())
    assert parsed.errors == []
    (item,) = parsed.items
    assert item.code == "T-001" and item.row == 2 and item.fine_max == Decimal("20000.50")


def test_a_formula_error_in_an_amount_is_reported_not_read_as_blank() -> None:
    import io
    import re
    import zipfile

    data = workbook([item_row(**{"罚款上限(元)": 20000})])
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body, n = re.subn(rb'<c r="J2"[^>]*>.*?</c>', b'<c r="J2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', body)
                assert n == 1
            dst.writestr(info, body)
    parsed = read_workbook(out.getvalue())
    assert [(e.row, e.column, e.reason) for e in parsed.errors] == [(2, "罚款上限(元)", "「#DIV/0!」不是数字")]


def test_only_head_legal_staff_or_admin_may_import(bureau: Any, make_user: Any) -> None:
    from fazhi.accounts.models import Role
    from fazhi.core.errors import PermissionDenied

    officer = make_user(bureau.squad, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        power_list_import(
            actor=officer,
            owner=bureau.bureau,
            file=workbook([item_row()]),
            version_label="v",
            effective_from=date(2026, 1, 1),
        )


def test_export_then_import_gives_the_same_lists(bureau: Any, sample: RuleSet) -> None:
    data = selectors.power_list_export(sample)
    assert not read_workbook(data).errors
    copy = power_list_import(
        actor=bureau.admin, owner=bureau.bureau, file=data, version_label="往返", effective_from=date(2027, 1, 1)
    )

    def dump(rule_set: RuleSet) -> list[Any]:
        rows = []
        for item in PowerItem.objects.filter(rule_set=rule_set).order_by("position"):
            rows.append(
                (
                    item.code,
                    item.name,
                    item.domain,
                    item.kind,
                    item.violation_basis,
                    item.penalty_basis,
                    item.penalty_kinds,
                    item.fine_mode,
                    item.fine_min,
                    item.fine_max,
                    item.coef_min,
                    item.coef_max,
                    item.base_fact,
                    item.base_floor,
                    item.source,
                    item.is_sample,
                    item.remark,
                    [
                        (t.tier, t.description, t.conditions, t.fine_min, t.fine_max, t.coef_min, t.coef_max)
                        for t in item.discretion_rules.order_by("position")
                    ],
                    [
                        (e.kind, e.description, e.conditions, e.look_back_months)
                        for e in item.exemption_rules.order_by("position")
                    ],
                )
            )
        return rows

    assert dump(copy) == dump(sample)
    assert copy.is_sample


def test_the_template_has_headers_and_instructions_but_no_rows() -> None:
    parsed = read_workbook(selectors.power_list_template())
    assert [str(e) for e in parsed.errors] == ["权责清单第2行：权责清单没有任何事项"]


def test_the_sample_list_loads_published_and_marked_as_a_sample(sample: RuleSet) -> None:
    assert sample.status == RuleSetStatus.ACTIVE and sample.is_sample
    assert sample.note == SAMPLE_NOTICE
    items = PowerItem.objects.filter(rule_set=sample)
    assert items.count() == len(ITEMS) >= 6
    assert all(i.is_sample and i.source.startswith("LawRefBook/Laws") for i in items)
    assert DiscretionRule.objects.filter(item__rule_set=sample, is_sample=True).count() >= 20
    assert ExemptionRule.objects.filter(item__rule_set=sample, kind="first_violation").exists()
    assert selectors.rule_set_in_force(owner=sample.owner, on=SAMPLE_FROM) == sample
