"""行政诉讼 and 负责人出庭应诉: registration, the defence, the hearing, the judgment (acting on the linked case)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi import rules
from fazhi.agencies.models import Agency
from fazhi.cases.models import RemedyKind
from fazhi.cases.services.remedy import remedy_open, remedy_reply
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.legal_affairs.models import (
    Litigation,
    LitigationStage,
    Reconsideration,
    ReviewOutcome,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

from fazhi.legal_affairs.services.common import LAWYER_ONLY_REFUSAL, _ensure_legal, _not_before, _text, _write
from fazhi.legal_affairs.services.remedies import _act_on_case, _link_case

# --- 行政诉讼 ---------------------------------------------------------------------------------------------------


@transaction.atomic
def litigation_register(
    *,
    actor: User,
    agency: Agency,
    plaintiff: str,
    cause: str,
    filed_on: date,
    court: str,
    stage: str = LitigationStage.FIRST_INSTANCE,
    case: Case | None = None,
    decision_number: str = "",
    complaint_received_on: date | None = None,
    reconsideration: Reconsideration | None = None,
    previous: Litigation | None = None,
    number: str = "",
    note: str = "",
) -> Litigation:
    """Register a lawsuit; the 答辩状 is due 15 days after the 起诉状副本 is received (行政诉讼法 第六十七条). Linked to
    the case it challenges, 加处罚款 stops from ``filed_on`` (行政处罚法 第七十三条第三款). A 再审 does not stop
    execution and is not linked to the case's execution."""
    _ensure_legal(actor, agency, action="登记行政诉讼")
    if stage not in LitigationStage.values:
        raise ValidationError("请选择审级（一审、二审或再审）。")
    if previous is not None and previous.agency_id != agency.pk:
        raise ValidationError("前一审级的诉讼不属于该机构。")
    if case is None and not decision_number.strip():
        # an appeal follows its first instance, a suit after 复议 (行政诉讼法第四十五条) the 复议's case
        case = previous.case if previous is not None else (reconsideration.case if reconsideration else None)
    case = _link_case(actor, agency, case, decision_number)
    _not_before(complaint_received_on, filed_on, "收到起诉状副本日期", "立案日期")
    defence_due = rules.defence_deadline(complaint_received_on or filed_on)
    item = Litigation(
        agency=agency,
        case=case,
        reconsideration=reconsideration,
        previous=previous,
        plaintiff=_text(plaintiff, "原告"),
        cause=_text(cause, "案由"),
        filed_on=filed_on,
        complaint_received_on=complaint_received_on,
        defence_due=defence_due,
        court=_text(court, "受理法院"),
        stage=stage,
        number=number.strip(),
        note=note,
        created_by=actor,
    )
    if case is not None and stage != LitigationStage.RETRIAL:
        appeal = stage == LitigationStage.SECOND_INSTANCE
        item.case_remedy = remedy_open(
            actor=actor,
            case=case,
            kind=RemedyKind.APPEAL if appeal else RemedyKind.FIRST_INSTANCE,
            label=f"行政诉讼{'（二审）' if appeal else '（一审）'}{item.number}",
            applied_on=filed_on,
            reply_label="提交答辩状及证据",
            reply_article="行政诉讼法第六十七条（收到起诉状副本之日起十五日）",
            reply_due=defence_due,
        )
    _write(actor, item, action="litigation.register", summary=f"登记行政诉讼：{item.plaintiff}", before=None)
    return item


@transaction.atomic
def litigation_defend(*, actor: User, litigation: Litigation, defended_on: date) -> Litigation:
    """The 答辩状 and the evidence were filed (行政诉讼法 第六十七条); late evidence counts as none (第三十四条)."""
    item = Litigation.objects.select_for_update(of=("self",)).get(pk=litigation.pk)
    _ensure_legal(actor, item.agency, action="登记答辩")
    if item.defended_on is not None:
        raise RuleViolation(f"已于{item.defended_on:%Y-%m-%d}登记答辩。")
    _not_before(defended_on, item.filed_on, "答辩日期", "立案日期")
    before = snapshot(item)
    item.defended_on = defended_on
    if item.case_remedy is not None:
        remedy_reply(actor=actor, remedy=item.case_remedy, done_on=defended_on)
    late = item.defence_due is not None and defended_on > item.defence_due
    _write(actor, item, action="litigation.defend", summary="提交答辩状" + ("（逾期）" if late else ""), before=before)
    return item


@transaction.atomic
def litigation_record_hearing(
    *,
    actor: User,
    litigation: Litigation,
    hearing_date: date,
    head_appeared: bool,
    appeared_by: str,
    appeared_role: str = "",
    lawyer_only: bool = False,
    absence_explanation: str = "",
    court_suggested_attendance: bool = False,
) -> Litigation:
    """Record who appeared for the agency at the hearing (负责人出庭应诉, RULES.md R-5).

    行政诉讼法 第三条第三款 and 最高法解释 第一百二十八条至第一百三十二条: the head appears; if he cannot, a member of
    the agency's staff does, never a lawyer alone, and the agency files a sealed explanation of the absence.
    """
    item = Litigation.objects.select_for_update(of=("self",)).get(pk=litigation.pk)
    _ensure_legal(actor, item.agency, action="登记出庭应诉情况")
    if lawyer_only:
        raise RuleViolation(LAWYER_ONLY_REFUSAL)
    if item.closed_on is not None:
        raise RuleViolation("该诉讼已结案，不能再登记开庭出庭情况。")
    _not_before(hearing_date, item.filed_on, "开庭日期", "立案日期")
    appeared_by = _text(appeared_by, "出庭人员姓名（负责人或委托出庭的本机关工作人员）")
    explanation = absence_explanation.strip()
    if not head_appeared and not explanation:
        raise RuleViolation(
            "负责人未出庭的，应当向人民法院提交加盖行政机关印章的情况说明（最高法解释第一百三十二条），"
            "请填写负责人不能出庭的理由。"
        )
    before = snapshot(item)
    item.hearing_date = hearing_date
    item.head_appeared = head_appeared
    item.appeared_by = appeared_by
    item.appeared_role = appeared_role.strip()
    item.lawyer_only = False
    item.absence_explanation = "" if head_appeared else explanation
    item.court_suggested_attendance = court_suggested_attendance
    who = "负责人出庭" if head_appeared else f"负责人未出庭，由{appeared_by}出庭"
    _write(actor, item, action="litigation.hearing", summary=f"开庭{hearing_date:%Y-%m-%d}：{who}", before=before)
    return item


@transaction.atomic
def litigation_decide(
    *,
    actor: User,
    litigation: Litigation,
    outcome: str,
    closed_on: date,
    served_on: date | None = None,
    by_ruling: bool = False,
    changed_fine: Decimal | None = None,
    changed_reasons: str = "",
) -> Litigation:
    """Record the judgment (``by_ruling``: a 裁定, appealable for 10 days instead of 15, 行政诉讼法 第八十五条) and let
    it act on the linked case."""
    item = Litigation.objects.select_for_update(of=("self",)).get(pk=litigation.pk)
    _ensure_legal(actor, item.agency, action="登记裁判结果")
    if outcome not in ReviewOutcome.values or outcome == ReviewOutcome.PENDING:
        raise ValidationError("请选择裁判结果（维持、撤销、变更、确认违法、确认无效、责令履行、驳回或终止/撤诉）。")
    if item.closed_on is not None:
        raise RuleViolation(f"该诉讼已于{item.closed_on:%Y-%m-%d}结案，不能重复登记。")
    _not_before(closed_on, item.filed_on, "结案日期", "立案日期")
    _not_before(served_on, closed_on, "裁判文书送达日期", "裁判日期")
    before = snapshot(item)
    item.outcome, item.closed_on = outcome, closed_on
    item.judgment_served_on, item.by_ruling = served_on, by_ruling
    _act_on_case(
        actor=actor,
        item=item,
        what="行政诉讼",
        outcome=outcome,
        on=closed_on,
        served_on=served_on,
        by_ruling=by_ruling,
        changed_fine=changed_fine,
        changed_reasons=changed_reasons,
    )
    _write(actor, item, action="litigation.decide", summary=f"裁判结果：{item.get_outcome_display()}", before=before)
    return item
