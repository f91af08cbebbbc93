"""简易程序: the on-the-spot decision (行政处罚法 第五十一条至第五十三条) and 当场收缴 (第六十八条至第七十一条).

第四十四条、第四十五条 and 第六十二条 apply on the spot too: the officers tell the party the facts, reasons, basis and
rights before deciding, and hear him (or record that he declined); the decision records it and the
当场处罚决定书 says so, as it notes a refusal to sign (第五十二条).

An officer's field client works offline: ``form_block_reserve`` reserves a block of the pre-numbered forms to his
device ahead of time, and a ticket made offline carries its number and the device's date (``decided_on``). How
long after the decision the device may still sync it is an operating setting (``FAZHI_FIELD_SYNC_DAYS``, default
3): 第五十二条第三款 requires the 备案 but sets no period, and no other text in force here sets one either."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, Certificate, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import officer_valid_certificate
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases import search as case_search
from fazhi.cases import workflow
from fazhi.cases.models import (
    Case,
    CaseHandler,
    Decision,
    DecisionOutcome,
    FormStock,
    PartyResponse,
    Payment,
    Procedure,
    Service,
    ServiceMethod,
)
from fazhi.cases.models.execution import FormBlock
from fazhi.cases.services._common import case_event, is_handler, lock_case, money
from fazhi.cases.services.decision import publish
from fazhi.cases.services.intake import case_open
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.formatting import cn_date
from fazhi.powers.selectors import delegation_ensure_may_act

if TYPE_CHECKING:
    from fazhi.accounts.models import User

REMEDY_NOTICE_SIMPLE = (
    "当事人对本决定不服的，应当自收到本决定书之日起六十日内向{reconsideration_body}申请行政复议；"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法提起行政诉讼"
    "（行政复议法第二十三条：对当场作出的行政处罚决定不服的，应当先向行政复议机关申请行政复议）。"
)


@transaction.atomic
def form_stock_receive(
    *, actor: User, agency: Agency, prefix: str, first_no: int, last_no: int, width: int = 6
) -> FormStock:
    """领用 a batch of pre-numbered 当场处罚决定书 (第五十二条: 填写预定格式、编有号码的行政处罚决定书)."""

    scope_for(actor).ensure_can_write(agency)
    if not actor.has_role(Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN):
        raise PermissionDenied("当场处罚决定书由内勤或负责人领用登记。")
    if not prefix.strip() or first_no <= 0 or last_no < first_no:
        raise ValidationError("请填写编号前缀和有效的起止号码。")
    clash = FormStock.objects.filter(prefix=prefix.strip(), first_no__lte=last_no, last_no__gte=first_no).exists()
    if clash:
        raise ValidationError("该号段与已登记的号段重叠，同一编号不能发放两次。")
    stock = FormStock.objects.create(
        agency=agency,
        prefix=prefix.strip(),
        first_no=first_no,
        last_no=last_no,
        next_no=first_no,
        width=width,
        received_on=clock.today(),
    )

    audit_record(actor=actor, entity=stock, action="form_stock.receive", summary=f"领用当场处罚决定书 {stock}")
    return stock


# How many forms one reservation may take: an operating limit (a day's patrol), not a legal number.
FORM_BLOCK_MAX = 100


def _ancestor_ids(agency: Agency) -> list[int]:
    return [int(i) for i in agency.path.strip("/").split("/") if i]


def field_sync_days() -> int:
    """How many days after its date a ticket made offline may still sync (``FAZHI_FIELD_SYNC_DAYS``, default 3)."""
    return int(settings.FAZHI_FIELD_SYNC_DAYS)


@transaction.atomic
def form_block_reserve(*, actor: User, officer: Officer, device_id: str, count: int) -> FormBlock:
    """Reserve ``count`` consecutive pre-numbered 当场处罚决定书 of the agency's stock to ``officer``'s device.

    The officer reserves for his own device, or the 内勤/负责人 for an officer of a unit they may write. The numbers
    leave the stock for good (``next_no`` moves past them), so the stock and the blocks never hand one out twice."""
    device_id = device_id.strip()
    if not device_id or len(device_id) > 64:
        raise ValidationError("请提供设备标识（1至64个字符）。")
    if not 1 <= count <= FORM_BLOCK_MAX:
        raise ValidationError(f"每次预留的份数应为1至{FORM_BLOCK_MAX}份。")
    if actor.officer_id != officer.pk:
        if not actor.has_role(Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN):
            raise PermissionDenied("执法人员只能为本人的设备预留当场处罚决定书；为他人预留由内勤或负责人办理。")
        scope_for(actor).ensure_can_write(officer.agency)
    today = clock.today()
    officers_ensure_can_act(officers=[officer], on=today, what="预留当场处罚决定书")
    stocks = (
        FormStock.objects.select_for_update(of=("self",))
        .filter(agency_id__in=_ancestor_ids(officer.agency))
        .order_by("-agency__path", "received_on", "pk")
    )
    stock = next((st for st in stocks if st.remaining >= count), None)
    if stock is None:
        left = sum(st.remaining for st in stocks)
        raise RuleViolation(
            f"{officer.agency.name}领用的当场处罚决定书没有连续{count}份可预留（尚余{left}份），"
            "请减少份数或由内勤先领用登记（行政处罚法第五十二条：预定格式、编有号码）。"
        )
    block = FormBlock.objects.create(
        stock=stock,
        officer=officer,
        device_id=device_id,
        first_no=stock.next_no,
        last_no=stock.next_no + count - 1,
        reserved_at=clock.now(),
        reserved_by=actor,
    )
    stock.next_no += count
    stock.save(update_fields=["next_no"])
    audit_record(
        actor=actor,
        entity=stock,
        action="form_block.reserve",
        summary=f"为{officer.name}的设备预留当场处罚决定书 {block}（{count}份）",
        after={"officer_id": officer.pk, "device_id": device_id, "first_no": block.first_no, "last_no": block.last_no},
    )
    return block


def _reserved_form_number(actor: User, agency: Agency, device_id: str, number: str) -> str:
    """``number`` when it is reserved to the actor's device (a block of a stock of ``agency`` or above) and unused."""
    number, device_id = number.strip(), device_id.strip()
    refused = RuleViolation(f"编号「{number}」不是预留给您本设备的当场处罚决定书编号，不能使用。")
    if actor.officer_id is None or not device_id:
        raise refused
    blocks = FormBlock.objects.select_for_update(of=("self",)).select_related("stock", "stock__agency")
    block = next((b for b in blocks.filter(officer_id=actor.officer_id, device_id=device_id) if b.holds(number)), None)
    if block is None:
        raise refused
    if block.stock.agency_id not in _ancestor_ids(agency):
        raise RuleViolation(f"编号「{number}」属于{block.stock.agency.name}领用的决定书，不能用于{agency.name}的案件。")
    if Case.objects.filter(simple_form_number=number).exists():
        raise RuleViolation(f"当场处罚决定书「{number}」已经使用，同一编号不能使用两次（行政处罚法第五十二条）。")
    return number


def _decision_day(act_date: date, decided_on: date | None, today: date) -> date:
    """The date of the decision: today, or the device's date of a ticket made offline within the sync window."""
    not_on_spot = "当场处罚限于执法人员当场发现、当场作出决定的违法行为，应适用一般程序。"
    if decided_on is None or decided_on == today:
        if act_date != today:
            raise RuleViolation(not_on_spot)
        return today
    if decided_on > today:
        raise ValidationError(f"决定日期{cn_date(decided_on)}晚于今天，请核对设备日期。")
    window = field_sync_days()
    if (today - decided_on).days > window:
        raise RuleViolation(
            f"离线作出的当场处罚决定（{cn_date(decided_on)}）已超过{window}日的同步期限（本系统运行设置，"
            "非法定期限），请将决定书交内勤核实后登记。"
        )
    if act_date != decided_on:
        raise RuleViolation(not_on_spot)
    return decided_on


def _take_form_number(agency: Agency) -> str:
    """The next unused pre-printed form number of the agency (or the units above it), under a row lock."""
    stocks = (
        FormStock.objects.select_for_update(of=("self",))
        .filter(agency_id__in=_ancestor_ids(agency))
        .order_by("-agency__path", "received_on", "pk")
    )
    for stock in stocks:
        if stock.next_no <= stock.last_no:
            number = f"{stock.prefix}{stock.next_no:0{stock.width}d}"
            stock.next_no += 1
            stock.save(update_fields=["next_no"])
            return number
    raise RuleViolation(
        f"{agency.name}没有可用的当场处罚决定书（预定格式、编有号码，行政处罚法第五十二条），请先领用登记。"
    )


@transaction.atomic
def simple_case_decide(
    *,
    actor: User,
    agency: Agency,
    power_item_code: str,
    party_kind: str,
    party_name: str,
    act_date: date,
    handlers: Sequence[Officer],
    penalty_kinds: Sequence[str],
    fine: Decimal,
    facts: str,
    location: str,
    party_id_number: str = "",
    party_address: str = "",
    party_phone: str = "",
    collect_on_spot: bool = False,
    hard_to_collect: bool = False,
    receipt_number: str = "",
    source: str = "patrol",
    told: bool = False,
    party_response: str = "",
    party_statement: str = "",
    statement_review: str = "",
    refused_to_sign: bool = False,
    form_number: str = "",
    decided_on: date | None = None,
    device_id: str = "",
) -> Case:
    """当场作出行政处罚决定 within the caps of 第五十一条, on a pre-numbered form, handed over on the spot.

    ``told``: the party was told the proposed penalty, facts, reasons, basis and the right to 陈述、申辩 (第四十四条);
    without it no decision (第六十二条). ``party_response``: he stated his case — recorded with the officers' review
    (第四十五条) — or declined. ``refused_to_sign`` is noted on the form (第五十二条).

    ``form_number`` (with ``device_id``): a number reserved to the actor's device instead of the next stock number;
    ``decided_on``: the device's date of a ticket made offline, which needs such a number."""
    day = _decision_day(act_date, decided_on, clock.today())
    if day != clock.today() and not form_number.strip():
        raise RuleViolation("离线作出的当场处罚决定须使用预留给本设备的当场处罚决定书编号。")
    fine = money(fine, "罚款金额")
    try:
        kinds = [k.value for k in rules.parse_penalty_kinds(list(penalty_kinds))]
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    warning_only = _simple_penalty_check(party_kind, kinds, fine)
    if collect_on_spot:
        _collection_check(fine, party_kind, hard_to_collect=hard_to_collect, receipt_number=receipt_number)
    heard = _party_heard(told, party_response, party_statement, statement_review)
    officers, legal_subject = _present_officers(actor, agency, handlers, day)
    case = case_open(
        actor=actor,
        agency=agency,
        source=source,
        power_item_code=power_item_code,
        party_kind=party_kind,
        party_name=party_name,
        party_id_number=party_id_number,
        party_address=party_address,
        party_phone=party_phone,
        act_date=act_date,
        discovered_on=day,
        location=location,
        facts=facts,
    )

    delegation_ensure_may_act(agency=legal_subject, item_code=case.power_item.code, on=act_date)
    if form_number.strip():
        number = _reserved_form_number(actor, agency, device_id, form_number)
    else:
        number = _take_form_number(agency)
    case.procedure, case.registered_on, case.simple_form_number = Procedure.SIMPLE, day, number
    workflow.advance(case, "simple", also=("procedure", "registered_on", "simple_form_number"))
    for i, officer in enumerate(officers):
        certificate = officer_valid_certificate(officer=officer, on=day)
        assert certificate is not None
        CaseHandler.objects.create(case=case, officer=officer, is_lead=i == 0, assigned_on=day, certificate=certificate)
    decision = Decision.objects.create(
        case=case,
        outcome=DecisionOutcome.PENALTY,
        number=number,
        decided_on=day,
        decided_by=actor,
        penalty_kinds=kinds,
        fine=fine,
        reasons=facts.strip(),
        told_on_spot=True,
        refused_to_sign=refused_to_sign,
        **heard,
    )
    case_search.index_cases([case.pk])  # 决定书文号: the list's search key
    Service.objects.create(
        case=case,
        document=Service.Document.DECISION,
        method=ServiceMethod.DIRECT,
        served_on=day,
        deemed_served_on=day,
        recipient=party_name.strip(),
        proof="当场交付，当事人拒绝签收，已在决定书上注明" if refused_to_sign else "当场交付，当事人签收",
        recorded_by=actor,
    )
    if collect_on_spot and fine > 0:
        Payment.objects.create(
            case=case,
            kind=Payment.Kind.FINE,
            amount=fine,
            paid_on=day,
            receipt_number=receipt_number.strip(),
            bank="当场收缴（财政专用票据）",
            on_the_spot=True,
            recorded_by=actor,
        )
    publish(actor=actor, decision=decision)
    case_event(
        actor=actor,
        case=case,
        action="case.simple_decide",
        summary=f"简易程序当场处罚 {number}："
        + ("警告" if warning_only else f"罚款{fine}元")
        + ("，当场收缴" if collect_on_spot and fine > 0 else "")
        + "；已当场告知违法事实、理由、依据和陈述申辩权利，"
        + PartyResponse(heard["party_response"]).label
        + ("；当事人拒绝签收" if refused_to_sign else ""),
        after={"state": case.state, "fine": fine, "number": number},
    )
    return case


def _simple_penalty_check(party_kind: str, kinds: list[str], fine: Decimal) -> bool:
    """Only a warning or a fine within the caps of 第五十一条; True for a warning alone."""
    warning_only = kinds == [rules.PenaltyKind.WARNING.value] and fine == 0
    if not kinds or set(kinds) - {rules.PenaltyKind.WARNING.value, rules.PenaltyKind.FINE.value}:
        raise RuleViolation("简易程序只能给予警告或者罚款（行政处罚法第五十一条），其他处罚应适用一般程序。")
    if fine > 0 and rules.PenaltyKind.FINE.value not in kinds:
        raise ValidationError("罚款金额大于零，处罚种类应包括罚款。")
    if not rules.simple_procedure_allowed(party_kind, fine, warning_only=warning_only):
        cap = rules.simple_procedure_fine_cap(party_kind)
        who = "公民" if party_kind == "person" else "法人或者其他组织"
        raise RuleViolation(
            f"对{who}处以{fine}元罚款超过简易程序的限额{cap}元，应适用一般程序（行政处罚法第五十一条）。"
        )
    return warning_only


def _collection_check(fine: Decimal, party_kind: str, *, hard_to_collect: bool, receipt_number: str) -> None:
    """当场收缴 only within 第六十八条, against the provincial receipt (第七十条)."""
    try:
        allowed = rules.on_the_spot_collection_allowed(fine, hard_to_collect, party_kind=party_kind)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    if not allowed:
        raise RuleViolation(
            f"{fine}元罚款不能当场收缴：仅一百元以下、或者不当场收缴事后难以执行的，执法人员可以当场收缴"
            "（行政处罚法第六十八条）；其余应由当事人到指定银行缴纳（第六十七条）。"
        )
    if not receipt_number.strip():
        raise ValidationError("当场收缴罚款必须出具省级财政部门统一制发的专用票据，请填写票据号（第七十条）。")


def _present_officers(
    actor: User, agency: Agency, handlers: Sequence[Officer], today: date
) -> tuple[list[Officer], Agency]:
    """At least two officers of the legal subject, the actor among them, each able to act today (第四十二条)."""
    officers = list(dict.fromkeys(handlers))
    if len(officers) < rules.MIN_HANDLERS:
        raise RuleViolation("执法人员不得少于两人（行政处罚法第四十二条）。")
    if actor.officer_id not in {o.pk for o in officers}:
        raise PermissionDenied("当场处罚由在场的执法人员作出：您不在本次执法人员之列。")
    legal_subject = agency.legal_subject()
    if any(o.agency.legal_subject().pk != legal_subject.pk for o in officers):
        raise ValidationError(f"执法人员须属于{legal_subject.name}。")
    list(Certificate.objects.select_for_update(of=("self",)).filter(officer__in=officers))
    officers_ensure_can_act(officers=officers, on=today, what="当场作出处罚决定")
    return officers, legal_subject


def _party_heard(told: bool, response: str, statement: str, review: str) -> dict[str, str]:
    """第四十四条、第四十五条、第六十二条 on the spot: told first, then heard or declined."""
    if not told:
        raise RuleViolation(
            "当场作出行政处罚决定前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知其依法享有的陈述、"
            "申辩权利（行政处罚法第四十四条）；未告知的，不得作出行政处罚决定（第六十二条）。"
        )
    if response not in PartyResponse.values:
        raise ValidationError("请登记当事人进行了陈述、申辩，或者放弃陈述、申辩（行政处罚法第四十五条）。")
    if response == PartyResponse.DECLINED:
        return {"party_response": response, "party_statement": "", "statement_review": ""}
    if not statement.strip() or not review.strip():
        raise ValidationError(
            "请记录当事人陈述、申辩的内容和执法人员的复核意见（行政处罚法第四十五条：行政机关必须充分听取当事人的"
            "意见，对当事人提出的事实、理由和证据，应当进行复核）。"
        )
    return {"party_response": response, "party_statement": statement.strip(), "statement_review": review.strip()}


@transaction.atomic
def simple_case_file(*, actor: User, case: Case) -> Case:
    """报所属行政机关备案 (第五十二条第三款)."""
    case = lock_case(case)
    if case.procedure != Procedure.SIMPLE:
        raise RuleViolation("只有简易程序案件需要备案。")
    if case.filed_on is not None:
        raise RuleViolation("已备案。")
    if not is_handler(actor, case):
        raise PermissionDenied("备案由作出当场处罚的执法人员办理。")
    workflow.guard("file", case, actor, clock.today())
    case.filed_on = clock.today()
    case.save(update_fields=["filed_on"])
    if case.decision.fine == 0 or case.payments.exists():
        workflow.advance(case, "file")
        case.closed_on = case.filed_on
        case.save(update_fields=["closed_on"])
    case_event(actor=actor, case=case, action="case.file", summary="当场处罚决定书报所属行政机关备案")
    return case
