"""培训和参训人员: one row per attendance (an officer at a training), or a training alone.

Rows with the same 培训名称 and 培训日期 are one training (their 学时 must agree). The attendee is named by his
执法证编号 or his 身份证号 and must be an officer of the agency or a unit below it. Natural key: the training by
(agency, name, date), the attendance by (training, officer). A training already registered is reused (its 学时
must be the same); an attendance already registered is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fazhi import rules
from fazhi.agencies.models import Certificate, Officer
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult
from fazhi.imports.parsing import Layout
from fazhi.legal_affairs.models import Training, TrainingAttendance
from fazhi.legal_affairs.services import LEGAL_ROLES, training_attendance_add, training_create

COLUMNS = (
    ("培训名称", "必填"),
    ("培训日期", "必填；YYYY-MM-DD"),
    ("学时", "必填；大于0，最多一位小数；同一培训各行相同"),
    ("执法证编号", "可空；参训人员的执法证编号（与身份证号填一项即可）"),
    ("身份证号", "可空；参训人员的身份证号"),
    ("计入学时", "可空；不超过本次培训的学时，空则为培训学时"),
)
LAYOUT = Layout(COLUMNS, frozenset({"培训名称", "培训日期", "学时"}))
EXAMPLE = ("2024年行政处罚法专题培训", "2024-03-15", "4", "43028120230001", "", "")
_MAX_HOURS = Decimal("1000")


@dataclass(frozen=True)
class Row:
    title: str
    held_on: date
    hours: Decimal
    officer: Officer | None
    credited: Decimal | None
    training: Training | None
    attendance_exists: bool


def prepare(ctx: Context) -> None:
    officers = Officer.objects.filter(agency__path__startswith=ctx.agency.path)
    ctx.lookups["by_id"] = {o.resident_id: o for o in officers.exclude(resident_id="")}
    ctx.lookups["by_certificate"] = {
        c.number: c.officer
        for c in Certificate.objects.filter(officer__agency__path__startswith=ctx.agency.path).select_related("officer")
    }
    trainings = Training.objects.filter(agency=ctx.agency)
    ctx.lookups["trainings"] = {(t.title, t.held_on): t for t in trainings}
    ctx.lookups["attendances"] = set(
        TrainingAttendance.objects.filter(training__agency=ctx.agency).values_list("training_id", "officer_id")
    )


def _officer(ctx: Context, r: RowReader) -> Officer | None:
    number = r.text("执法证编号", max_length=40)
    resident_id = r.resident_id("身份证号")
    officer = None
    if number:
        officer = ctx.lookups["by_certificate"].get(number)
        if officer is None:
            r.error("执法证编号", f"执法证编号“{number}”不是{ctx.agency.name}（含下属机构）执法人员的执法证")
            return None
    if resident_id and rules.validate_resident_id(resident_id, today=r.today):
        by_id = ctx.lookups["by_id"].get(resident_id)
        if by_id is None:
            r.error("身份证号", f"身份证号不是{ctx.agency.name}（含下属机构）登记的执法人员")
        elif officer is not None and by_id.pk != officer.pk:
            r.error("身份证号", "身份证号与执法证编号不是同一执法人员")
        officer = by_id
    return officer


def read(ctx: Context, r: RowReader) -> Row | None:
    title = r.text("培训名称", required=True, max_length=200)
    held_on = r.day("培训日期", required=True)
    hours = r.decimal("学时", required=True, low=Decimal("0.1"), high=_MAX_HOURS)
    officer = _officer(ctx, r)
    credited = r.decimal("计入学时", low=Decimal("0.1"), high=_MAX_HOURS)
    if credited is not None and hours is not None and credited > hours:
        r.error("计入学时", f"计入学时（{credited}）超过培训学时（{hours}）")
    if not title or held_on is None or hours is None:
        return None
    hours_by_training: dict[tuple[str, date], tuple[int, Decimal]] = ctx.lookups.setdefault("hours", {})
    line, first_hours = hours_by_training.setdefault((title, held_on), (r.line, hours))
    if first_hours != hours:
        r.error("学时", f"同一培训的学时与第{line}行（{first_hours}）不同")
    training: Training | None = ctx.lookups["trainings"].get((title, held_on))
    if training is not None and training.hours != hours:
        r.error("学时", f"该培训已登记，学时为{training.hours}，与本行不同")
    exists = False
    if officer is not None:
        if (earlier := ctx.first_seen((title, held_on, officer.pk), r.line)) is not None:
            r.error("执法证编号" if r.raw("执法证编号") else "身份证号", f"参训人员与第{earlier}行重复")
        exists = training is not None and (training.pk, officer.pk) in ctx.lookups["attendances"]
    return Row(title, held_on, hours, officer, credited, training, exists)


def write(ctx: Context, row: Row) -> str:
    made: dict[tuple[str, date], Training] = ctx.lookups.setdefault("made", {})
    training = row.training or made.get((row.title, row.held_on))
    created = False
    if training is None:
        training = made[(row.title, row.held_on)] = training_create(
            actor=ctx.actor, agency=ctx.agency, title=row.title, held_on=row.held_on, hours=row.hours
        )
        created = True
    if row.officer is not None and not row.attendance_exists:
        training_attendance_add(actor=ctx.actor, training=training, officer=row.officer, hours=row.credited)
        created = True
    return WriteResult.CREATED if created else WriteResult.UNCHANGED


KIND = Kind(
    code="trainings",
    label="培训和参训人员",
    layout=LAYOUT,
    example=EXAMPLE,
    roles=tuple(r for r in LEGAL_ROLES if r != "system_admin"),
    prepare=prepare,
    read=read,
    write=write,
    notes=(
        "培训名称和培训日期相同的各行为同一次培训，每行登记一名参训人员；不填参训人员的行只登记培训。",
        "已登记的培训和参训记录不重复登记。",
    ),
)
