"""Writes of the public portal: typical cases (以案释法) and the year's published figures.

A typical case is written from a closed case of the writer's scope by an officer, squad leader, legal reviewer or
clerk; it is published only after someone else — the legal reviewer or the head — approves it (四眼原则: the one
who tells the case to the public is not the one who approves it), and can be withdrawn with a reason. Its text is
stored as written and masked (身份证号, mobile numbers) wherever it is shown; a text that names the party as the case
records him is refused, so that a person's name never reaches the public by oversight.

The year's figures are the public keys of the annual report (``published.PUBLIC_FIGURES``), computed from the data
at the moment the head publishes them and frozen; publishing the year again supersedes the earlier row, which stays.
Every write is audited in its transaction; a refusal leaves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, CaseState, PartyKind
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import length_errors
from fazhi.portal.models import PublishedFigures, TypicalCase, TypicalCaseStatus
from fazhi.portal.published import PUBLIC_FIGURE_KEYS
from fazhi.reports.selectors import annual_figures

if TYPE_CHECKING:
    from fazhi.accounts.models import User

WRITER_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.LEGAL_REVIEWER, Role.CLERK, Role.HEAD)
APPROVER_ROLES = (Role.LEGAL_REVIEWER, Role.HEAD)
CLOSED_STATES = (CaseState.CLOSED, CaseState.ARCHIVED)


def _ensure(actor: User, agency: Agency, roles: tuple[str, ...], what: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles)
        raise PermissionDenied(f"{what}须由{labels}办理：您没有相应角色。")


def _party_named(case: Case, *texts: str) -> bool:
    party = getattr(case, "party", None)
    name = (getattr(party, "name", "") or "").strip()
    if not name or getattr(party, "kind", PartyKind.PERSON) != PartyKind.PERSON:
        return False
    return any(name in t for t in texts)


def _access_typical_case(actor: User, typical_case_id: int) -> TypicalCase:
    tc = TypicalCase.objects.select_related("agency", "case").filter(pk=typical_case_id).first()
    if tc is None or not scope_for(actor).sees(tc.case.agency):
        raise NotFoundOrForbidden("典型案例")
    return tc


@transaction.atomic
def typical_case_create(*, actor: User, case_id: int, title: str, facts: str, lesson: str) -> TypicalCase:
    case = access_case(actor=actor, case_id=case_id)
    agency = case.legal_subject
    _ensure(actor, case.agency, WRITER_ROLES, "撰写典型案例")
    title, facts, lesson = title.strip(), facts.strip(), lesson.strip()
    errors = []
    if case.state not in CLOSED_STATES:
        errors.append(f"案件尚未结案（当前：{case.get_state_display()}），结案后方可作为典型案例发布")
    if not title:
        errors.append("请填写标题")
    if not facts:
        errors.append("请填写基本案情")
    if not lesson:
        errors.append("请填写释法说理")
    if _party_named(case, title, facts, lesson):
        errors.append("文中出现了当事人的姓名：面向社会的典型案例须作去标识化处理（如“张某”）")
    tc = TypicalCase(case=case, agency=agency, title=title, facts=facts, lesson=lesson, prepared_by=actor)
    errors += length_errors(tc)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    tc.save()
    audit_record(actor=actor, entity=tc, action="portal.typical_case_create", summary=title, after=snapshot(tc))
    return tc


@transaction.atomic
def typical_case_publish(*, actor: User, typical_case_id: int) -> TypicalCase:
    tc = _access_typical_case(actor, typical_case_id)
    TypicalCase.objects.select_for_update().filter(pk=tc.pk).first()
    tc.refresh_from_db()
    _ensure(actor, tc.agency, APPROVER_ROLES, "审核发布典型案例")
    if tc.status != TypicalCaseStatus.DRAFT:
        raise RuleViolation(f"该典型案例{tc.get_status_display()}，不能再次发布。")
    if tc.prepared_by_id == actor.pk:
        raise RuleViolation("典型案例须由撰写人以外的法制审核人员或负责人审核发布。")
    tc.status, tc.approved_by, tc.published_on = TypicalCaseStatus.PUBLISHED, actor, clock.today()
    tc.save()
    audit_record(actor=actor, entity=tc, action="portal.typical_case_publish", summary=tc.title)
    return tc


@transaction.atomic
def typical_case_withdraw(*, actor: User, typical_case_id: int, reason: str) -> TypicalCase:
    tc = _access_typical_case(actor, typical_case_id)
    TypicalCase.objects.select_for_update().filter(pk=tc.pk).first()
    tc.refresh_from_db()
    _ensure(actor, tc.agency, APPROVER_ROLES, "撤下典型案例")
    reason = reason.strip()
    if tc.status != TypicalCaseStatus.PUBLISHED:
        raise RuleViolation(f"该典型案例{tc.get_status_display()}，只有已发布的才能撤下。")
    if not reason:
        raise ValidationError("请填写撤下原因。")
    tc.status, tc.withdrawn_on, tc.withdrawal_reason = TypicalCaseStatus.WITHDRAWN, clock.today(), reason
    errors = length_errors(tc, only=frozenset({"withdrawal_reason"}))
    if errors:
        raise ValidationError("；".join(errors) + "。")
    tc.save()
    audit_record(actor=actor, entity=tc, action="portal.typical_case_withdraw", summary=reason)
    return tc


def public_figures(figures: dict[str, object]) -> dict[str, object]:
    return {k: figures.get(k) for k in PUBLIC_FIGURE_KEYS if k in figures}


@transaction.atomic
def figures_publish(*, actor: User, agency: Agency, year: int) -> PublishedFigures:
    """Publishes ``year``'s public figures of ``agency`` (its subordinates included), computed now and frozen."""
    _ensure(actor, agency, (Role.HEAD,), "公开年度数据")
    today = clock.today()
    if year >= today.year:
        raise RuleViolation(f"{year}年尚未结束：年度数据在次年方可公开。")
    figures = public_figures(annual_figures(agency=agency, year=year, include_subordinates=True, today=today))
    earlier = list(PublishedFigures.objects.select_for_update().filter(agency=agency, year=year, superseded=False))
    for row in earlier:
        row.superseded = True
        row.save(update_fields=["superseded"])
    row = PublishedFigures.objects.create(
        agency=agency, year=year, figures=figures, published_at=clock.now(), published_by=actor
    )
    audit_record(
        actor=actor,
        entity=row,
        action="portal.figures_publish",
        summary=f"{agency.name}{year}年度数据公开" + ("（更正）" if earlier else ""),
        after={"figures": figures},
    )
    return row
