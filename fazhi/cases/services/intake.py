"""Case transitions. Each one checks who acts, what is present and which deadline applies; refuses with the rule
and its article; changes the state; and records the case's event — all in one transaction.

This module holds the first transitions of 一般程序: 案源登记 (``case_open``), 立案 (``case_register``) and
不予立案 (``case_decline``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind, Certificate, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of, officer_valid_certificate
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases import search as case_search
from fazhi.cases import workflow
from fazhi.cases.models import Case, CaseHandler, CaseSource, CaseState, NumberSequence, Party, PartyKind
from fazhi.cases.services._common import lock_case
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits, length_errors
from fazhi.powers.selectors import delegation_ensure_may_act, power_item_in_force
from fazhi.rules import (
    RulesError,
    case_number,
    limitation_expired,
    limitation_last_day,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

LEAD_NUMBER_TEMPLATE = "{agency}案源〔{year}〕{seq}号"
REGISTER_NUMBER_TEMPLATE = "{agency}立字〔{year}〕第{seq}号"


def number_next(*, agency: Agency, kind: str, year: int) -> int:
    """The next number of (agency, kind, year), concurrency-safe.

    The UPDATE takes the row lock, so a second transaction waits until the first commits and then reads the
    incremented value; the first number of a year is created under a savepoint that loses gracefully to a
    concurrent creator. Must run inside the caller's transaction, so an abandoned action consumes no number.
    """
    connection = transaction.get_connection()
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE agency_id = %s AND kind = %s AND year = %s RETURNING last"
    with connection.cursor() as cursor:  # one statement once the row exists: the update, its lock and the value
        cursor.execute(sql, [agency.pk, kind, year])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    try:
        with transaction.atomic():
            NumberSequence.objects.create(agency=agency, kind=kind, year=year, last=1)
            return 1
    except IntegrityError:  # created concurrently: wait for its lock and take the next
        return number_next(agency=agency, kind=kind, year=year)


def _party_errors(*, kind: str, name: str, id_number: str, phone: str) -> list[str]:
    errors = []
    if kind not in PartyKind.values:
        errors.append("当事人类型必须是个人或单位")
    if not name.strip():
        errors.append("当事人名称/姓名不能为空")
    if id_number:
        if kind == PartyKind.PERSON and not validate_resident_id(id_number):
            errors.append("当事人身份证号无效：出生日期或校验位不符合 GB 11643-1999")
        if kind == PartyKind.ORGANIZATION and not validate_uscc(id_number):
            errors.append("当事人统一社会信用代码无效：格式或校验位不符合 GB 32100-2015")
    if phone and not validate_phone(phone):
        errors.append("当事人联系电话格式不正确")
    return errors


@transaction.atomic
def case_open(
    *,
    actor: User,
    agency: Agency,
    source: str,
    power_item_code: str,
    party_kind: str,
    party_name: str,
    act_date: date,
    discovered_on: date,
    party_id_number: str = "",
    party_address: str = "",
    party_phone: str = "",
    act_ended: date | None = None,
    grave_harm: bool = False,
    location: str = "",
    facts: str = "",
) -> Case:
    """案源登记: record a lead with its party, the act and the power item it falls under."""

    scope_for(actor).ensure_can_write(agency)
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        raise PermissionDenied("司法局（执法监督机构）不办理案件。")
    party_id_number = party_id_number.strip().upper()
    errors = _party_errors(kind=party_kind, name=party_name, id_number=party_id_number, phone=party_phone)
    if source not in CaseSource.values:
        errors.append(f"案件来源「{source}」无效")
    today = clock.today()
    if discovered_on > today:
        errors.append("发现日期不能晚于今天")
    if discovered_on < (act_ended or act_date):
        errors.append("发现日期不能早于违法行为发生（终了）日期")
    if act_ended is not None and act_ended < act_date:
        errors.append("违法行为终了日期不能早于发生日期")
    legal_subject = agency.legal_subject()
    owner = bureau_of(legal_subject)  # a township works under the list of the bureau that delegated to it
    item = power_item_in_force(owner=owner, code=power_item_code.strip(), on=act_date) if owner else None
    if item is None:
        errors.append(
            f"事项编码「{power_item_code}」不在{act_date:%Y年%m月%d日}施行的权责清单中，请核对编码或违法行为发生日期"
        )
    party = Party(
        kind=party_kind,
        name=party_name.strip(),
        id_number=party_id_number,
        address=party_address.strip(),
        phone=party_phone.strip(),
    )
    case = Case(
        agency=agency,
        legal_subject=legal_subject,
        source=source,
        power_item=item,
        party=party,
        act_date=act_date,
        act_ended=act_ended,
        discovered_on=discovered_on,
        grave_harm=grave_harm,
        location=location.strip(),
        facts=facts.strip(),
        created_by=actor,
        state=CaseState.LEAD,
    )
    errors += length_errors(party, case)
    if errors or item is None:
        raise ValidationError("；".join(errors) + "。")
    party.save()
    case.party = party
    seq = number_next(agency=legal_subject, kind="lead", year=today.year)
    case.lead_number = case_number(LEAD_NUMBER_TEMPLATE, legal_subject.code, today.year, seq)
    ensure_fits(case)
    case.save(force_insert=True)
    case_search.index_cases([case.pk])  # 案源编号 and the party's name: the list's search key
    audit_record(
        actor=actor,
        entity=case,
        action="case.open",
        summary=f"案源登记 {case.lead_number}",
        after=snapshot(case, ["state", "agency_id", "power_item_id", "source", "act_date", "discovered_on"]),
    )
    return case


def _ensure_can_approve(actor: User, case: Case) -> None:
    """Only a head of the case's own legal subject approves: the bureau's head does not approve for a township."""

    scope_for(actor).ensure_can_write(case.agency)
    if not actor.has_role(Role.HEAD):
        raise PermissionDenied("立案须经执法机关负责人批准：您没有负责人角色。")
    if actor.agency is None or actor.agency.legal_subject().pk != case.legal_subject_id:
        raise PermissionDenied(f"本案的执法主体是{case.legal_subject.name}，须由其负责人审批。")


@transaction.atomic
def case_register(
    *, actor: User, case: Case, handlers: Sequence[Officer], on: date, lead_handler: Officer | None = None
) -> Case:
    """立案: the head approves; the case gets its number and at least two certified handlers.

    Refused when the case is not a lead; the act was not discovered within the limitation period (行政处罚法
    第三十六条); a township acts on an item not delegated to it on the date of the act (第二十四条); fewer than
    two handlers, or any without a certificate valid on the day (第四十二条).
    """

    case = lock_case(case)
    _ensure_can_approve(actor, case)
    today = clock.today()
    workflow.guard("register", case, actor, today)
    if not case.discovered_on <= on <= today:
        raise ValidationError(
            f"立案日期应在发现日期（{case.discovered_on:%Y年%m月%d日}）与今天（{today:%Y年%m月%d日}）之间。"
        )
    ended = case.act_ended or case.act_date
    try:
        expired = limitation_expired(ended, case.discovered_on, case.grave_harm)
    except RulesError as exc:
        raise ValidationError(str(exc)) from exc
    if expired:
        years = "五" if case.grave_harm else "二"
        last = limitation_last_day(ended, case.grave_harm)
        raise RuleViolation(
            f"违法行为自{ended:%Y年%m月%d日}起{years}年内未被发现（期限至{last:%Y年%m月%d日}，"
            f"发现于{case.discovered_on:%Y年%m月%d日}），不再给予行政处罚，不能立案（行政处罚法第三十六条）。"
        )
    delegation_ensure_may_act(agency=case.legal_subject, item_code=case.power_item.code, on=case.act_date)

    officers = list(dict.fromkeys(handlers))
    if len(officers) < rules.MIN_HANDLERS:
        raise RuleViolation(
            f"承办人只有{len(officers)}名：执法人员不得少于两人（行政处罚法第四十二条），请再指派持有效执法证的执法人员。"
        )
    outside = [o.name for o in officers if o.agency.legal_subject().pk != case.legal_subject_id]
    if outside:
        raise ValidationError(f"{'、'.join(outside)}不属于{case.legal_subject.name}，不能承办本案。")
    # Lock the certificates, so a suspension committed meanwhile cannot slip between the check and the insert.
    list(Certificate.objects.select_for_update(of=("self",)).filter(officer__in=officers))
    fresh = Officer.objects.select_related("agency").prefetch_related("certificates").in_bulk([o.pk for o in officers])
    officers = [fresh[o.pk] for o in officers]
    for day in sorted({on, today}):
        officers_ensure_can_act(officers=officers, on=day, what="承办本案")
    lead = lead_handler or officers[0]
    if lead.pk not in {o.pk for o in officers}:
        raise ValidationError("主办人必须是承办人之一。")

    before = snapshot(case, ["state", "register_number", "registered_on"])
    handlers_rows = []
    for officer in officers:
        certificate = officer_valid_certificate(officer=officer, on=on)
        assert certificate is not None  # checked above
        handlers_rows.append(
            CaseHandler(case=case, officer=officer, is_lead=officer == lead, assigned_on=on, certificate=certificate)
        )
    CaseHandler.objects.bulk_create(handlers_rows)
    # 立案编号 is gap-free (docs/scale.md「Transitions」): taken last, its row lock held only from here to the commit
    seq = number_next(agency=case.legal_subject, kind="register", year=on.year)
    case.register_number = case_number(REGISTER_NUMBER_TEMPLATE, case.legal_subject.code, on.year, seq)
    case.registered_on = on
    case.registered_by = actor
    workflow.advance(case, "register", also=("register_number", "registered_on", "registered_by"))
    case_search.index_cases([case.pk])  # 立案编号
    audit_record(
        actor=actor,
        entity=case,
        action="case.register",
        summary=f"立案 {case.register_number}",
        before=before,
        after={**snapshot(case, ["state", "register_number", "registered_on"]), "handlers": [o.pk for o in officers]},
    )
    return case


@transaction.atomic
def case_decline(*, actor: User, case: Case, reason: str) -> Case:
    """不予立案, with the reason recorded."""
    case = lock_case(case)
    _ensure_can_approve(actor, case)
    workflow.guard("decline", case, actor, clock.today())
    if not reason.strip() or len(reason.strip()) > 500:
        raise ValidationError("不予立案必须写明理由（不超过500个字）。")
    case.not_registered_reason = reason.strip()
    workflow.advance(case, "decline", also=("not_registered_reason",))
    audit_record(
        actor=actor,
        entity=case,
        action="case.decline",
        summary="不予立案",
        before={"state": CaseState.LEAD},
        after={"state": case.state, "reason": case.not_registered_reason},
    )
    return case
