"""Writes of 法律顾问、法制跟案、案件会商与法治建设职责: keyword-only, typed, audited in the same transaction.

Each service checks who may act (the actor's scope and one of the legal roles), checks the whole record and
collects every problem into one Chinese message, then writes and records its ``AuditEvent``. A refusal raises an
``ApplicationError`` and the transaction rolls back: nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db import models, transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, CaseHandler, LegalReview, Opinion
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.periods import in_force_q
from fazhi.core.validation import ensure_fits
from fazhi.counsel.models import (
    PARTICIPATION_LINKS,
    AdviserKind,
    AdviserParticipation,
    CaseAccompaniment,
    CaseConsultation,
    DutyKind,
    DutyRecord,
    LegalAdviser,
    LegalOpinion,
    ParticipationKind,
    TownshipCaseReview,
)
from fazhi.legal_affairs.models import ContractReview, Litigation, MajorPolicyDecision
from fazhi.powers.models import Delegation

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "COUNSEL_ROLES",
    "adviser_create",
    "adviser_participation_create",
    "case_accompaniment_create",
    "case_consultation_create",
    "duty_record_create",
    "legal_opinion_create",
    "township_review_create",
]

#: Who keeps these records: the legal section, the office (内勤), the head, the administrator.
COUNSEL_ROLES = (Role.LEGAL_REVIEWER, Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)


def _ensure_may_record(actor: User, agency: Agency, *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*COUNSEL_ROLES)):
        labels = "、".join(Role(r).label for r in COUNSEL_ROLES[:3])
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _text(value: str, label: str, problems: list[str], *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        problems.append(f"请填写{label}")
    return value


def _not_future(day: date | None, label: str, problems: list[str]) -> None:
    """An act is recorded once it has happened: its date is not after today."""
    today = clock.today()
    if day is not None and day > today:
        problems.append(f"{label}（{day:%Y-%m-%d}）不能晚于今天（{today:%Y-%m-%d}）")


def _refuse(problems: list[str], cls: type[ValidationError] | type[RuleViolation] = ValidationError) -> None:
    if problems:
        raise cls("；".join(problems) + "。")


def _write(actor: User, instance: models.Model, *, action: str, summary: str) -> None:
    ensure_fits(instance)
    instance.save()
    audit_record(actor=actor, entity=instance, action=action, summary=summary, before=None, after=snapshot(instance))


def _within(agency: Agency, parent: Agency) -> bool:
    return agency.path.startswith(parent.path)


# --- 法律顾问、公职律师 ------------------------------------------------------------------------------------------


@transaction.atomic
def adviser_create(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    name: str,
    firm: str,
    term_from: date,
    term_until: date | None = None,
    licence_number: str = "",
    note: str = "",
) -> LegalAdviser:
    """登记法律顾问或公职律师 with the term of the engagement (聘期) or of the appointment."""
    _ensure_may_record(actor, agency, action="登记法律顾问（公职律师）")
    problems: list[str] = []
    if kind not in AdviserKind.values:
        problems.append("请选择类别（外聘法律顾问或公职律师）")
    adviser = LegalAdviser(
        agency=agency,
        kind=kind,
        name=_text(name, "姓名", problems),
        firm=_text(firm, "律师事务所或所在单位", problems),
        licence_number=(licence_number or "").strip(),
        term_from=term_from,
        term_until=term_until,
        note=note or "",
        created_by=actor,
    )
    if term_until is not None and term_until < term_from:
        problems.append(f"聘期止（{term_until:%Y-%m-%d}）不能早于聘期起（{term_from:%Y-%m-%d}）")
    _refuse(problems)
    _write(actor, adviser, action="legal_adviser.create", summary=f"登记{adviser.get_kind_display()}：{adviser.name}")
    return adviser


def _term_problem(adviser: LegalAdviser, day: date, what: str) -> str | None:
    if adviser.in_term(day):
        return None
    until = f"{adviser.term_until:%Y-%m-%d}" if adviser.term_until else "长期"
    return (
        f"{what}日期 {day:%Y-%m-%d} 不在{adviser.name}的聘期（{adviser.term_from:%Y-%m-%d} 至 {until}）内："
        "聘期外不能以法律顾问（公职律师）身份参与，请核对日期或先续聘"
    )


def _target_agency(target: models.Model) -> Agency:
    if isinstance(target, LegalReview):
        return target.case.agency
    return target.agency  # type: ignore[attr-defined]


_TARGET_MODELS: dict[str, type[models.Model]] = {
    ParticipationKind.LEGAL_REVIEW: LegalReview,
    ParticipationKind.MAJOR_DECISION: MajorPolicyDecision,
    ParticipationKind.LITIGATION: Litigation,
    ParticipationKind.CONTRACT_REVIEW: ContractReview,
}


@transaction.atomic
def adviser_participation_create(
    *, actor: User, adviser: LegalAdviser, target: models.Model, on: date, note: str = ""
) -> AdviserParticipation:
    """The adviser took part in ``target`` (a case's 法制审核, a 重大行政决策, a 行政诉讼 or a 合同审查) on ``on``.

    Refused outside the adviser's term, and for a record outside the adviser's agency (its unit and those below).
    """
    adviser = LegalAdviser.objects.select_for_update(of=("self",)).select_related("agency").get(pk=adviser.pk)
    _ensure_may_record(actor, adviser.agency, action="登记法律顾问参与")
    kind = next((k for k, model in _TARGET_MODELS.items() if isinstance(target, model)), None)
    if kind is None:
        raise ValidationError("请选择法律顾问参与的事项：案件法制审核、重大行政决策、行政诉讼或合同审查。")
    problems: list[str] = []
    if not _within(_target_agency(target), adviser.agency):
        problems.append(f"所选事项不属于{adviser.agency.name}，该法律顾问不能登记参与")
    _not_future(on, "参与日期", problems)
    term = _term_problem(adviser, on, "参与")
    if term:
        problems.append(term)
    link = PARTICIPATION_LINKS[kind]
    if AdviserParticipation.objects.filter(adviser=adviser, kind=kind, **{link: target}).exists():
        problems.append(f"已登记{adviser.name}参与该{ParticipationKind(kind).label}")
    _refuse(problems, RuleViolation if term else ValidationError)
    item = AdviserParticipation(adviser=adviser, kind=kind, on=on, note=note or "", created_by=actor, **{link: target})
    _write(
        actor,
        item,
        action="adviser_participation.create",
        summary=f"登记{adviser.name}参与{ParticipationKind(kind).label}：{target}",
    )
    return item


@transaction.atomic
def legal_opinion_create(
    *, actor: User, adviser: LegalAdviser, issued_on: date, subject: str, link: str = "", summary: str = ""
) -> LegalOpinion:
    """登记法律意见书 written by the adviser; refused outside his term."""
    adviser = LegalAdviser.objects.select_for_update(of=("self",)).select_related("agency").get(pk=adviser.pk)
    _ensure_may_record(actor, adviser.agency, action="登记法律意见书")
    problems: list[str] = []
    item = LegalOpinion(
        adviser=adviser,
        issued_on=issued_on,
        subject=_text(subject, "事项", problems),
        link=(link or "").strip(),
        summary=summary or "",
        created_by=actor,
    )
    _not_future(issued_on, "出具日期", problems)
    term = _term_problem(adviser, issued_on, "出具")
    if term:
        problems.append(term)
    _refuse(problems, RuleViolation if term else ValidationError)
    _write(actor, item, action="legal_opinion.create", summary=f"登记法律意见书：{item.subject}")
    return item


# --- 法制人员跟案 --------------------------------------------------------------------------------------------------


def _is_handler(user: User, case: Case) -> bool:
    """An active handler of the case (as ``cases`` counts them: not removed by 回避 or reassignment)."""
    return user.officer_id is not None and (
        CaseHandler.objects.filter(case=case, officer_id=user.officer_id, removed_on__isnull=True).exists()
    )


@transaction.atomic
def case_accompaniment_create(
    *, actor: User, case: Case, legal_officer: User, started_on: date, note: str = ""
) -> CaseAccompaniment:
    """法制人员跟案: a 法制审核人员 follows the case's investigation from ``started_on``.

    He must hold the legal reviewer role, belong to a unit that oversees the case's unit, and not be one of its
    handlers: who reviews does not investigate (办审分离, 行政处罚法 第五十八条), as ``blockers_legal_review`` refuses.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("agency").get(pk=case.pk)
    _ensure_may_record(actor, case.agency, action="登记法制人员跟案")
    problems: list[str] = []
    if not legal_officer.is_active or not legal_officer.has_role(Role.LEGAL_REVIEWER):
        problems.append(f"{legal_officer}不是法制审核人员：跟案的须是具有法制审核人员角色的人员")
    elif not scope_for(legal_officer).sees(case.agency) or scope_for(legal_officer).read_only:
        problems.append(f"{legal_officer}所在机构不负责该案的法制审核，请选择本机关的法制审核人员")
    if _is_handler(legal_officer, case):
        problems.append(
            f"{legal_officer}是本案承办人，不能同时跟案：法制审核人员不得是本案承办人（办审分离，行政处罚法第五十八条）"
        )
    if not case.is_registered:
        problems.append("案件尚未立案，立案后才能安排法制人员跟案")
    elif case.registered_on is not None and started_on < case.registered_on:
        problems.append(f"跟案起始日期（{started_on:%Y-%m-%d}）不能早于立案日期（{case.registered_on:%Y-%m-%d}）")
    _not_future(started_on, "跟案起始日期", problems)
    if CaseAccompaniment.objects.filter(case=case, legal_officer=legal_officer).exists():
        problems.append(f"{legal_officer}已在跟办本案")
    _refuse(problems, RuleViolation)
    item = CaseAccompaniment(
        case=case, legal_officer=legal_officer, started_on=started_on, note=note or "", created_by=actor
    )
    _write(actor, item, action="case_accompaniment.create", summary=f"法制人员跟案：{case} · {legal_officer}")
    return item


# --- 案件会商 ------------------------------------------------------------------------------------------------------


@transaction.atomic
def case_consultation_create(
    *,
    actor: User,
    agency: Agency,
    held_on: date,
    subject: str,
    participants: str,
    conclusions: str,
    cases: Iterable[Case] = (),
) -> CaseConsultation:
    """登记案件会商 with the cases discussed (each of the agency or a unit below it)."""
    _ensure_may_record(actor, agency, action="登记案件会商")
    problems: list[str] = []
    item = CaseConsultation(
        agency=agency,
        held_on=held_on,
        subject=_text(subject, "会商议题", problems),
        participants=_text(participants, "参加人员", problems),
        conclusions=_text(conclusions, "会商意见", problems),
        created_by=actor,
    )
    _not_future(held_on, "会商日期", problems)
    chosen = list({c.pk: c for c in cases}.values())
    outside = [str(c) for c in chosen if not _within(c.agency, agency)]
    if outside:
        problems.append(f"案件{'、'.join(outside)}不属于{agency.name}，不能列入本次会商")
    _refuse(problems)
    ensure_fits(item)
    item.save()
    item.cases.set(chosen)
    audit_record(
        actor=actor,
        entity=item,
        action="case_consultation.create",
        summary=f"登记案件会商：{item.subject}（{len(chosen)}件）",
        after={**snapshot(item), "cases": sorted(c.pk for c in chosen)},
    )
    return item


# --- 案件审核中心帮助乡镇审核赋权案件 -------------------------------------------------------------------------------


@transaction.atomic
def township_review_create(
    *,
    actor: User,
    agency: Agency,
    township: Agency,
    reviewer: User,
    reviewed_on: date,
    opinion: str,
    case: Case | None = None,
    case_number: str = "",
    item_code: str = "",
    note: str = "",
) -> TownshipCaseReview:
    """The bureau's review centre reviewed a township's case on a delegated power (赋权, 行政处罚法 第二十四条).

    The township must be below the bureau; the case (linked, or named by its number) must be on an item delegated
    to that township on the day of the act (a linked case) or of the review; the reviewer is the bureau's
    法制审核人员.
    """
    _ensure_may_record(actor, agency, action="登记乡镇赋权案件审核")
    problems: list[str] = []
    if agency.kind != AgencyKind.BUREAU:
        problems.append("案件审核中心的审核由局登记，请选择局")
    if township.kind != AgencyKind.TOWNSHIP or not _within(township, agency) or township.pk == agency.pk:
        problems.append(f"「{township.name}」不是{agency.name}所属的乡镇（街道）")
    if opinion not in Opinion.values:
        problems.append("请选择审核意见（同意、不同意或补充调查）")
    if not reviewer.is_active or not reviewer.has_role(Role.LEGAL_REVIEWER):
        problems.append(f"{reviewer}不是法制审核人员")
    elif reviewer.agency is None or reviewer.agency.legal_subject().pk != agency.pk:
        problems.append(f"{reviewer}不是{agency.name}的人员：审核中心的审核须由局的法制审核人员办理")
    _not_future(reviewed_on, "审核日期", problems)
    number = (case_number or "").strip()
    code = (item_code or "").strip()
    delegated_on = reviewed_on
    if case is not None:
        if case.legal_subject_id != township.pk:
            problems.append(f"案件{case}不是{township.name}的案件")
        code = case.power_item.code
        number = number or str(case)
        delegated_on = case.act_date
    elif not number:
        problems.append("请选择乡镇案件或填写案号")
    if not code:
        problems.append("请填写赋权事项编码")
    elif township.kind == AgencyKind.TOWNSHIP and not (
        Delegation.objects.filter(in_force_q(delegated_on, start="valid_from", end="valid_until"))
        .filter(township=township, item_code=code)
        .exists()
    ):
        problems.append(
            f"事项{code}在{delegated_on:%Y-%m-%d}未赋权给{township.name}：审核中心登记的是乡镇依赋权办理的案件"
            "（行政处罚法第二十四条），请核对事项编码或赋权期限"
        )
    _refuse(problems, RuleViolation)
    item = TownshipCaseReview(
        agency=agency,
        township=township,
        case=case,
        case_number=number,
        item_code=code,
        reviewed_on=reviewed_on,
        reviewer=reviewer,
        opinion=opinion,
        note=note or "",
        created_by=actor,
    )
    _write(actor, item, action="township_review.create", summary=f"审核{township.name}赋权案件：{number}")
    return item


# --- 法治建设职责 --------------------------------------------------------------------------------------------------


@transaction.atomic
def duty_record_create(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    held_on: date,
    subject: str,
    chaired_by: str,
    attendees: str = "",
    place: str = "",
    note: str = "",
) -> DutyRecord:
    """登记党组会议、局长办公会、述法、集体学法或法制例会 (法治建设第一责任人职责)."""
    _ensure_may_record(actor, agency, action="登记法治建设职责履行")
    problems: list[str] = []
    if kind not in DutyKind.values:
        problems.append("请选择类别（党组会议、局长办公会、述法、集体学法或法制例会）")
    item = DutyRecord(
        agency=agency,
        kind=kind,
        held_on=held_on,
        subject=_text(subject, "主题", problems),
        chaired_by=_text(chaired_by, "述法人" if kind == DutyKind.STATEMENT else "主持人", problems),
        attendees=(attendees or "").strip(),
        place=(place or "").strip(),
        note=note or "",
        created_by=actor,
    )
    _not_future(held_on, "日期", problems)
    if kind == DutyKind.STATEMENT and not item.place:
        problems.append("请填写述法的场合（如：县委全面依法治县委员会会议）")
    if kind in (DutyKind.PARTY_GROUP_MEETING, DutyKind.DIRECTOR_MEETING) and not item.attendees:
        problems.append("请填写参加人员")
    _refuse(problems)
    _write(actor, item, action="duty_record.create", summary=f"登记{item.get_kind_display()}：{item.subject}")
    return item


def participation_target_model(kind: str) -> type[models.Model] | None:
    """The model a participation of ``kind`` links to (for the API and the page)."""
    return _TARGET_MODELS.get(kind)
