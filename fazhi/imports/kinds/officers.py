"""执法人员和执法证: one row per officer, with his certificate (执法证) if the row has one.

Natural key: the officer's 身份证号 (required here: without it a second import could not know the person), the
certificate's 证件编号. An officer already registered with the same 身份证号 and name is not created again; a new
certificate on his row is added to him, one already registered to him with the same dates is left as it is. The
same 身份证号 under another name, or in an agency outside the import's, and a 证件编号 registered to someone else,
are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, Certificate, Officer
from fazhi.agencies.services import certificate_issue, officer_create
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult, yes_no_note
from fazhi.imports.parsing import Layout

COLUMNS = (
    ("姓名", "必填"),
    ("身份证号", "必填；18位，出生日期和校验位须正确（GB 11643）；用以识别同一人员，重复导入不重复登记"),
    ("性别", "可空；男 或 女"),
    ("联系电话", "可空；手机号11位或带区号的固定电话"),
    ("所属机构编码", "可空；本机构或下属机构的案号代字，空则为导入到的机构"),
    ("具有法律职业资格", yes_no_note()),
    ("执法证编号", "可空；填写则发证机关、有效期自、有效期至均须填写；全库唯一"),
    ("发证机关", "有执法证时必填"),
    ("有效期自", "有执法证时必填；YYYY-MM-DD"),
    ("有效期至", "有执法证时必填；不早于有效期自"),
)
LAYOUT = Layout(COLUMNS, frozenset({"姓名", "身份证号"}))
EXAMPLE = (
    "李明",
    "11010519491231002X",
    "男",
    "13800000000",
    "",
    "否",
    "43028120230001",
    "湖南省人民政府",
    "2023-01-01",
    "2028-12-31",
)
_GENDERS = {"男": Officer.Gender.MALE, "女": Officer.Gender.FEMALE}
_CERT_COLUMNS = ("执法证编号", "发证机关", "有效期自", "有效期至")


@dataclass(frozen=True)
class Row:
    name: str
    resident_id: str
    gender: str
    phone: str
    agency: Agency
    legal: bool
    existing: Officer | None
    certificate: tuple[str, str, date, date] | None
    certificate_exists: bool


def prepare(ctx: Context) -> None:
    ctx.lookups["agencies"] = {
        a.code: a for a in Agency.objects.filter(path__startswith=ctx.agency.path).only("pk", "code", "path", "name")
    }
    ctx.lookups["officers"] = {
        o.resident_id: o for o in Officer.objects.exclude(resident_id="").select_related("agency")
    }
    ctx.lookups["certificates"] = {
        c.number: c for c in Certificate.objects.only("number", "officer_id", "valid_from", "valid_until")
    }


def _agency(ctx: Context, r: RowReader) -> Agency:
    code = r.raw("所属机构编码")
    if not code:
        return ctx.agency
    agency: Agency | None = ctx.lookups["agencies"].get(code)
    if agency is None:
        r.error("所属机构编码", f"所属机构编码“{code}”不是{ctx.agency.name}或其下属机构的案号代字")
        return ctx.agency
    return agency


def _certificate(ctx: Context, r: RowReader, existing: Officer | None) -> tuple[Any, bool]:
    if not any(r.raw(c) for c in _CERT_COLUMNS):
        return None, False
    number = r.text("执法证编号", required=True, max_length=40)
    issuer = r.text("发证机关", required=True, max_length=100)
    valid_from = r.day("有效期自", required=True, not_after_today=False)
    valid_until = r.day("有效期至", required=True, not_after_today=False)
    r.not_before(valid_until, valid_from, "有效期至", "有效期自")
    if number and (earlier := ctx.first_seen(("certificate", number), r.line)) is not None:
        r.error("执法证编号", f"执法证编号“{number}”与第{earlier}行重复")
    stored: Certificate | None = ctx.lookups["certificates"].get(number)
    exists = False
    if stored is not None:
        if existing is None or stored.officer_id != existing.pk:
            r.error("执法证编号", f"执法证编号“{number}”已登记在其他执法人员名下")
        elif (stored.valid_from, stored.valid_until) != (valid_from, valid_until):
            r.error(
                "有效期至",
                f"执法证“{number}”已登记，有效期为{stored.valid_from}至{stored.valid_until}，与本行不同；"
                "执法证的变更请在执法人员页面办理",
            )
        else:
            exists = True
    if not (number and issuer and valid_from and valid_until):
        return None, False
    return (number, issuer, valid_from, valid_until), exists


def read(ctx: Context, r: RowReader) -> Row:
    name = r.text("姓名", required=True, max_length=50, name=True)
    resident_id = r.resident_id("身份证号", required=True)
    gender = r.choice("性别", _GENDERS)
    phone = r.phone("联系电话")
    agency = _agency(ctx, r)
    legal = r.yes_no("具有法律职业资格")
    names: dict[str, tuple[int, str]] = ctx.lookups.setdefault("names", {})
    if resident_id:
        earlier_line, earlier_name = names.setdefault(resident_id, (r.line, name))
        if earlier_name != name:
            r.error("姓名", f"身份证号与第{earlier_line}行相同，姓名却不同")
    existing: Officer | None = ctx.lookups["officers"].get(resident_id)
    if existing is not None:
        if existing.name != name:
            r.error("姓名", f"身份证号已登记为执法人员“{existing.masked_name}”，与本行姓名不同")
        elif not existing.agency.path.startswith(ctx.agency.path):
            r.error("身份证号", f"该执法人员已登记在{existing.agency.name}，不属于{ctx.agency.name}")
    certificate, exists = _certificate(ctx, r, existing)
    return Row(name, resident_id, gender, phone, agency, legal, existing, certificate, exists)


def write(ctx: Context, row: Row) -> str:
    made: dict[str, Officer] = ctx.lookups.setdefault("created", {})
    officer = row.existing or made.get(row.resident_id)
    created = officer is None
    if officer is None:
        officer = made[row.resident_id] = officer_create(
            actor=ctx.actor,
            agency=row.agency,
            name=row.name,
            resident_id=row.resident_id,
            phone=row.phone,
            gender=row.gender,
            has_legal_qualification=row.legal,
        )
    if row.certificate is not None and not row.certificate_exists:
        number, issuer, valid_from, valid_until = row.certificate
        certificate_issue(
            actor=ctx.actor,
            officer=officer,
            number=number,
            issuer=issuer,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        created = True
    return WriteResult.CREATED if created else WriteResult.UNCHANGED


KIND = Kind(
    code="officers",
    label="执法人员和执法证",
    layout=LAYOUT,
    example=EXAMPLE,
    roles=(Role.CLERK, Role.HEAD),
    prepare=prepare,
    read=read,
    write=write,
    notes=(
        "每行一名执法人员，可同时登记其执法证；同一人员有多个执法证的，可分行填写（身份证号相同）。",
        "已登记的人员（身份证号、姓名相同）不重复登记，本行的新执法证登记到其名下；已登记的执法证不变。",
    ),
)
