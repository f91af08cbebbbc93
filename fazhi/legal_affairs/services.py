"""Writes of the legal work: 复议, 诉讼 (负责人出庭), 重大行政决策, 规范性文件, 合同审查, 调处, 培训/考试, 普法.

Every service takes the acting user first, checks scope and role, validates before it writes, and records an
audit event in the same transaction; a refusal raises an ``ApplicationError`` and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.legal_affairs.models import (
    ContractReview,
    Exam,
    ExamResult,
    LegalEducation,
    Litigation,
    LitigationStage,
    MajorPolicyDecision,
    Mediation,
    NormativeDocument,
    Reconsideration,
    ReviewOutcome,
    Training,
    TrainingAttendance,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

# Who keeps the legal records: the legal section (法制审核人员), 内勤 and the head.
LEGAL_ROLES = (Role.LEGAL_REVIEWER, Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)

LAWYER_ONLY_REFUSAL = (
    "不能登记为“仅委托律师出庭”：被诉行政机关负责人应当出庭应诉；不能出庭的，应当委托行政机关相应的工作人员出庭，"
    "不得仅委托律师出庭（行政诉讼法第三条，最高人民法院关于适用《中华人民共和国行政诉讼法》的解释第一百二十八条至"
    "第一百三十二条）。请登记负责人或本机关工作人员的出庭情况。"
)


def _ensure_legal(actor: User, agency: Agency, *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*LEGAL_ROLES)):
        labels = "、".join(Role(r).label for r in LEGAL_ROLES[:3])
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _ensure_case_in_agency(case: Case | None, agency: Agency) -> None:
    if case is not None and not case.agency.path.startswith(agency.path) and case.legal_subject_id != agency.pk:
        raise ValidationError("所选案件不属于该机构，请重新选择。")


def _text(value: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    return value


def _not_before(later: date | None, earlier: date | None, later_label: str, earlier_label: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError(f"{later_label}（{later:%Y-%m-%d}）不能早于{earlier_label}（{earlier:%Y-%m-%d}）。")


def _write(actor: User, instance: models.Model, *, action: str, summary: str, before: dict[str, Any] | None) -> None:
    ensure_fits(instance)
    instance.save()
    audit_record(actor=actor, entity=instance, action=action, summary=summary, before=before, after=snapshot(instance))


# --- 行政复议 ---------------------------------------------------------------------------------------------------

# ReviewOutcome codes that act on a penalty decision (the case side's RemedyOutcome has the same codes).
_CASE_OUTCOMES = frozenset(
    {
        ReviewOutcome.UPHELD,
        ReviewOutcome.DISMISSED,
        ReviewOutcome.TERMINATED,
        ReviewOutcome.CHANGED,
        ReviewOutcome.REVOKED,
        ReviewOutcome.CONFIRMED_ILLEGAL,
        ReviewOutcome.VOID,
        ReviewOutcome.REMAKE,
    }
)
_WITHDRAWING = frozenset(
    {ReviewOutcome.REVOKED, ReviewOutcome.CONFIRMED_ILLEGAL, ReviewOutcome.VOID, ReviewOutcome.REMAKE}
)


def _link_case(actor: User, agency: Agency, case: Case | None, decision_number: str) -> Case | None:
    """The case a remedy challenges, chosen by the case or by its 决定书文号; refused if it has no penalty decision."""
    from fazhi.cases.selectors import access_case_by_decision_number
    from fazhi.cases.services.remedy import ensure_challengeable

    if case is None and decision_number.strip():
        case = access_case_by_decision_number(actor=actor, number=decision_number)
    if case is None:
        return None
    _ensure_case_in_agency(case, agency)
    ensure_challengeable(case)
    return case


def _act_on_case(
    *,
    actor: User,
    item: Reconsideration | Litigation,
    what: str,
    outcome: str,
    on: date,
    served_on: date | None,
    by_ruling: bool,
    changed_fine: Decimal | None,
    changed_reasons: str,
) -> None:
    """The outcome acts on the linked case: publication first (行政处罚法 第四十八条第二款), then the case."""
    from fazhi.cases.services.remedy import remedy_close
    from fazhi.publicity.services import publication_withdraw_for_remedy

    remedy = item.case_remedy
    if remedy is None:
        return
    if outcome not in _CASE_OUTCOMES:
        raise ValidationError(
            f"「{ReviewOutcome(outcome).label}」不适用于针对行政处罚决定的{what}：请选择维持、驳回、终止、变更、撤销、"
            "确认违法、确认无效或撤销并责令重新作出。"
        )
    decision = getattr(remedy.case, "decision", None)
    label = ReviewOutcome(outcome).label
    reason = f"该行政处罚决定经{what}于{on:%Y年%m月%d日}被依法{label}（行政处罚法第四十八条第二款）"

    def close() -> None:
        remedy_close(
            actor=actor,
            remedy=remedy,
            outcome=outcome,
            outcome_on=on,
            served_on=served_on,
            by_ruling=by_ruling,
            changed_fine=changed_fine,
            changed_reasons=changed_reasons,
        )

    if outcome in _WITHDRAWING and decision is not None:
        # withdrawn (and, for 责令重新作出, unlinked) before the case service replaces the decision
        publication_withdraw_for_remedy(
            actor=actor, decision=decision, reason=reason, changed_on=on, detach=outcome == ReviewOutcome.REMAKE
        )
        close()
    elif outcome == ReviewOutcome.CHANGED and decision is not None:
        close()
        decision.refresh_from_db()
        publication_withdraw_for_remedy(actor=actor, decision=decision, reason=reason, changed_on=on, republish=True)
    else:
        close()


@transaction.atomic
def reconsideration_register(
    *,
    actor: User,
    agency: Agency,
    applicant: str,
    matter: str,
    received_on: date,
    case: Case | None = None,
    decision_number: str = "",
    applied_on: date | None = None,
    simplified: bool = False,
    number: str = "",
    reconsideration_body: str = "",
    note: str = "",
) -> Reconsideration:
    """Register a 复议; linked to the case it challenges (by case or 决定书文号), 加处罚款 stops from ``applied_on``
    (行政处罚法 第七十三条第三款) and the 答复 is due in 10 working days, 5 in the simplified procedure (行政复议法
    第四十八条、第五十四条、第八十八条)."""
    from fazhi.cases.models import RemedyKind
    from fazhi.cases.services.remedy import remedy_open

    _ensure_legal(actor, agency, action="登记行政复议")
    case = _link_case(actor, agency, case, decision_number)
    _not_before(received_on, applied_on, "收到复议申请日期", "申请复议日期")
    with rules.provisional_calendar():  # a year not entered: recomputed when it is (fazhi.legal_affairs.apps)
        reply_due = rules.reconsideration_reply_deadline(received_on, simplified=simplified)
    item = Reconsideration(
        agency=agency,
        case=case,
        applicant=_text(applicant, "申请人"),
        matter=_text(matter, "复议事项"),
        applied_on=applied_on,
        received_on=received_on,
        simplified=simplified,
        reply_due=reply_due,
        number=number.strip(),
        reconsideration_body=reconsideration_body.strip(),
        note=note,
        created_by=actor,
    )
    if case is not None:
        item.case_remedy = remedy_open(
            actor=actor,
            case=case,
            kind=RemedyKind.RECONSIDERATION,
            label=f"行政复议{f'（{item.number}）' if item.number else ''}",
            applied_on=applied_on or received_on,
            reply_label="提交行政复议答复",
            reply_article=(
                "行政复议法第五十四条（简易程序五个工作日）" if simplified else "行政复议法第四十八条（十个工作日）"
            ),
            reply_due=reply_due,
        )
    _write(actor, item, action="reconsideration.register", summary=f"登记行政复议：{item.applicant}", before=None)
    return item


@transaction.atomic
def reconsideration_reply(*, actor: User, reconsideration: Reconsideration, replied_on: date) -> Reconsideration:
    """The written 答复 was filed (行政复议法 第四十八条); a late one is recorded as late."""
    from fazhi.cases.services.remedy import remedy_reply

    item = Reconsideration.objects.select_for_update(of=("self",)).get(pk=reconsideration.pk)
    _ensure_legal(actor, item.agency, action="登记复议答复")
    if item.replied_on is not None:
        raise RuleViolation(f"已于{item.replied_on:%Y-%m-%d}登记答复。")
    _not_before(replied_on, item.received_on, "答复日期", "收到复议申请日期")
    before = snapshot(item)
    item.replied_on = replied_on
    if item.case_remedy is not None:
        remedy_reply(actor=actor, remedy=item.case_remedy, done_on=replied_on)
    late = item.reply_due is not None and replied_on > item.reply_due
    summary = "提交复议答复" + ("（逾期）" if late else "")
    _write(actor, item, action="reconsideration.reply", summary=summary, before=before)
    return item


@transaction.atomic
def reconsideration_decide(
    *,
    actor: User,
    reconsideration: Reconsideration,
    outcome: str,
    decided_on: date,
    served_on: date | None = None,
    changed_fine: Decimal | None = None,
    changed_reasons: str = "",
) -> Reconsideration:
    """Record the 复议决定 and let it act on the linked case (``fazhi.cases.services.remedy``). A decided one is not
    changed again (a correction is a new audited record)."""
    item = Reconsideration.objects.select_for_update(of=("self",)).get(pk=reconsideration.pk)
    _ensure_legal(actor, item.agency, action="登记复议决定")
    if outcome not in ReviewOutcome.values or outcome == ReviewOutcome.PENDING:
        raise ValidationError("请选择复议结果（维持、撤销、变更、确认违法、确认无效、责令履行、驳回或终止）。")
    if item.outcome != ReviewOutcome.PENDING:
        raise RuleViolation(f"该复议已登记结果（{item.get_outcome_display()}），不能重复登记。")
    _not_before(decided_on, item.received_on, "复议决定日期", "收到复议申请日期")
    _not_before(served_on, decided_on, "复议决定书送达日期", "复议决定日期")
    before = snapshot(item)
    item.outcome, item.decided_on, item.decision_served_on = outcome, decided_on, served_on
    _act_on_case(
        actor=actor,
        item=item,
        what="行政复议",
        outcome=outcome,
        on=decided_on,
        served_on=served_on,
        by_ruling=False,
        changed_fine=changed_fine,
        changed_reasons=changed_reasons,
    )
    _write(
        actor, item, action="reconsideration.decide", summary=f"复议结果：{item.get_outcome_display()}", before=before
    )
    return item


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
    from fazhi.cases.models import RemedyKind
    from fazhi.cases.services.remedy import remedy_open

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
    from fazhi.cases.services.remedy import remedy_reply

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


# --- 重大行政决策 -----------------------------------------------------------------------------------------------

_STEP_NAMES = tuple(name for name, _ in MajorPolicyDecision.STEPS)


@transaction.atomic
def major_policy_decision_create(
    *, actor: User, agency: Agency, title: str, note: str = "", **steps: bool
) -> MajorPolicyDecision:
    _ensure_legal(actor, agency, action="登记重大行政决策")
    unknown = set(steps) - set(_STEP_NAMES)
    if unknown:
        raise ValidationError(f"未知的决策程序：{'、'.join(sorted(unknown))}。")
    item = MajorPolicyDecision(agency=agency, title=_text(title, "决策事项"), note=note, created_by=actor, **steps)
    _write(actor, item, action="major_policy_decision.create", summary=f"登记重大行政决策：{item.title}", before=None)
    return item


@transaction.atomic
def major_policy_decision_update_steps(
    *, actor: User, decision: MajorPolicyDecision, **steps: bool
) -> MajorPolicyDecision:
    item = MajorPolicyDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    _ensure_legal(actor, item.agency, action="登记决策程序")
    if item.adopted:
        raise RuleViolation("该决策已作出，程序记录不能再修改。")
    unknown = set(steps) - set(_STEP_NAMES)
    if unknown:
        raise ValidationError(f"未知的决策程序：{'、'.join(sorted(unknown))}。")
    before = snapshot(item)
    for name, value in steps.items():
        setattr(item, name, bool(value))
    _write(actor, item, action="major_policy_decision.steps", summary="更新决策程序", before=before)
    return item


@transaction.atomic
def major_policy_decision_adopt(*, actor: User, decision: MajorPolicyDecision, decided_on: date) -> MajorPolicyDecision:
    """Mark the decision adopted, only when all five statutory steps are done (重大行政决策程序暂行条例 第九条)."""
    item = MajorPolicyDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    _ensure_legal(actor, item.agency, action="登记作出重大行政决策")
    if item.adopted:
        raise RuleViolation("该决策已登记为作出。")
    missing = item.missing_steps()
    if missing:
        raise RuleViolation(
            f"不能登记为已作出：尚缺{'、'.join(missing)}程序。重大行政决策应当经过公众参与、专家论证、风险评估、"
            "合法性审查和集体讨论决定（重大行政决策程序暂行条例第九条），请先补齐并登记这些程序。"
        )
    before = snapshot(item)
    item.adopted, item.decided_on = True, decided_on
    _write(actor, item, action="major_policy_decision.adopt", summary=f"作出决策：{item.title}", before=before)
    return item


# --- 规范性文件 ------------------------------------------------------------------------------------------------

_DOCUMENT_FIELDS = ("title", "number", "legality_reviewed", "issued_on", "filed_on", "repealed_on", "note")


def _check_document(doc: NormativeDocument) -> None:
    _text(doc.title, "文件名称")
    if doc.issued_on is not None and not doc.legality_reviewed:
        raise RuleViolation("规范性文件未经合法性审核不得印发（国办发〔2018〕115号），请先登记合法性审核。")
    if doc.filed_on is not None and doc.issued_on is None:
        raise ValidationError("尚未印发的文件不能登记备案，请先填写印发日期。")
    _not_before(doc.filed_on, doc.issued_on, "备案日期", "印发日期")
    _not_before(doc.repealed_on, doc.issued_on, "废止日期", "印发日期")


@transaction.atomic
def normative_document_create(*, actor: User, agency: Agency, **fields: Any) -> NormativeDocument:
    _ensure_legal(actor, agency, action="登记规范性文件")
    unknown = set(fields) - set(_DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    doc = NormativeDocument(agency=agency, created_by=actor, **fields)
    _check_document(doc)
    _write(actor, doc, action="normative_document.create", summary=f"登记规范性文件：{doc.title}", before=None)
    return doc


@transaction.atomic
def normative_document_update(*, actor: User, document: NormativeDocument, **fields: Any) -> NormativeDocument:
    doc = NormativeDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
    _ensure_legal(actor, doc.agency, action="修改规范性文件")
    unknown = set(fields) - set(_DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    before = snapshot(doc)
    for name, value in fields.items():
        setattr(doc, name, value)
    _check_document(doc)
    _write(actor, doc, action="normative_document.update", summary=f"修改规范性文件：{doc.title}", before=before)
    return doc


# --- 合同审查 --------------------------------------------------------------------------------------------------

_CONTRACT_FIELDS = ("title", "counterparty", "received_on", "reviewed_on", "opinion_issued", "adviser", "note")


def _check_contract(item: ContractReview) -> None:
    _text(item.title, "合同名称")
    _not_before(item.reviewed_on, item.received_on, "审查完成日期", "送审日期")
    if item.opinion_issued and item.reviewed_on is None:
        raise ValidationError("出具书面法律意见的，请填写审查完成日期。")


@transaction.atomic
def contract_review_create(*, actor: User, agency: Agency, **fields: Any) -> ContractReview:
    _ensure_legal(actor, agency, action="登记合同审查")
    unknown = set(fields) - set(_CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    item = ContractReview(agency=agency, created_by=actor, **fields)
    _check_contract(item)
    _write(actor, item, action="contract_review.create", summary=f"登记合同审查：{item.title}", before=None)
    return item


@transaction.atomic
def contract_review_update(*, actor: User, review: ContractReview, **fields: Any) -> ContractReview:
    item = ContractReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    _ensure_legal(actor, item.agency, action="修改合同审查")
    unknown = set(fields) - set(_CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_contract(item)
    _write(actor, item, action="contract_review.update", summary=f"修改合同审查：{item.title}", before=before)
    return item


# --- 矛盾纠纷调处 -----------------------------------------------------------------------------------------------


@transaction.atomic
def mediation_register(*, actor: User, agency: Agency, received_on: date, parties: str, subject: str) -> Mediation:
    scope_for(actor).ensure_can_write(agency)
    item = Mediation(
        agency=agency,
        received_on=received_on,
        parties=_text(parties, "当事各方"),
        subject=_text(subject, "纠纷事项"),
        created_by=actor,
    )
    _write(actor, item, action="mediation.register", summary=f"受理矛盾纠纷：{item.parties}", before=None)
    return item


@transaction.atomic
def mediation_close(
    *, actor: User, mediation: Mediation, resolved: bool, resolved_on: date, result: str = ""
) -> Mediation:
    item = Mediation.objects.select_for_update(of=("self",)).get(pk=mediation.pk)
    scope_for(actor).ensure_can_write(item.agency)
    if item.resolved is not None:
        raise RuleViolation("该纠纷已办结，不能重复登记调处结果。")
    _not_before(resolved_on, item.received_on, "办结日期", "受理日期")
    before = snapshot(item)
    item.resolved, item.resolved_on, item.result = resolved, resolved_on, result.strip()
    summary = "调处成功" if resolved else "调处未成功"
    _write(actor, item, action="mediation.close", summary=summary, before=before)
    return item


# --- 培训与考试 -------------------------------------------------------------------------------------------------


def _check_hours(hours: Decimal) -> Decimal:
    if not isinstance(hours, Decimal):
        hours = Decimal(str(hours))
    if hours <= 0 or hours > Decimal("1000"):
        raise ValidationError("学时应大于0（可含一位小数）。")
    return hours.quantize(Decimal("0.1"))


def _ensure_officers_visible(actor: User, officers: Iterable[Officer]) -> list[Officer]:
    scope = scope_for(actor)
    result = list(officers)
    for officer in result:
        if not scope.sees(officer.agency):
            raise PermissionDenied(f"执法人员{officer.name}不在您的管辖范围内。")
    return result


@transaction.atomic
def training_create(
    *, actor: User, agency: Agency, title: str, held_on: date, hours: Decimal, officers: Iterable[Officer] = ()
) -> Training:
    _ensure_legal(actor, agency, action="登记培训")
    training = Training(agency=agency, title=_text(title, "培训名称"), held_on=held_on, hours=_check_hours(hours))
    training.created_by = actor
    attendees = _ensure_officers_visible(actor, officers)
    _write(actor, training, action="training.create", summary=f"登记培训：{training.title}", before=None)
    for officer in attendees:
        TrainingAttendance.objects.create(training=training, officer=officer, hours=training.hours)
    audit_record(
        actor=actor,
        entity=training,
        action="training.attendance",
        summary="登记参训人员",
        after={"officers": sorted(o.pk for o in attendees)},
    )
    return training


@transaction.atomic
def training_attendance_add(
    *, actor: User, training: Training, officer: Officer, hours: Decimal | None = None
) -> TrainingAttendance:
    _ensure_legal(actor, training.agency, action="登记参训人员")
    _ensure_officers_visible(actor, [officer])
    value = _check_hours(hours) if hours is not None else training.hours
    if value > training.hours:
        raise ValidationError(f"计入学时不能超过本次培训的学时（{training.hours}）。")
    try:
        with transaction.atomic():
            attendance = TrainingAttendance.objects.create(training=training, officer=officer, hours=value)
    except IntegrityError as exc:
        raise ValidationError(f"{officer.name}已登记参加本次培训。") from exc
    audit_record(
        actor=actor,
        entity=training,
        action="training.attendance",
        summary=f"登记参训：{officer.name} {value}学时",
        after={"officer": officer.pk, "hours": value},
    )
    return attendance


@transaction.atomic
def exam_create(*, actor: User, agency: Agency, title: str, held_on: date, pass_score: Decimal = Decimal("60")) -> Exam:
    _ensure_legal(actor, agency, action="登记考试")
    exam = Exam(agency=agency, title=_text(title, "考试名称"), held_on=held_on, pass_score=pass_score, created_by=actor)
    _write(actor, exam, action="exam.create", summary=f"登记考试：{exam.title}", before=None)
    return exam


@transaction.atomic
def exam_result_record(
    *, actor: User, exam: Exam, officer: Officer, attended: bool = True, score: Decimal | None = None
) -> ExamResult:
    """One officer's result; ``passed`` follows from the exam's pass score and is never typed by hand."""
    _ensure_legal(actor, exam.agency, action="登记考试成绩")
    _ensure_officers_visible(actor, [officer])
    if attended and score is None:
        raise ValidationError("参加考试的请填写成绩。")
    if score is not None and not (Decimal("0") <= score <= Decimal("1000")):
        raise ValidationError("成绩应在0到1000之间。")
    passed = bool(attended and score is not None and score >= exam.pass_score)
    result, created = ExamResult.objects.select_for_update(of=("self",)).get_or_create(
        exam=exam, officer=officer, defaults={"attended": attended, "score": score, "passed": passed}
    )
    before = None if created else snapshot(result)
    if not created:
        result.attended, result.score, result.passed = attended, score if attended else None, passed
        result.save()
    audit_record(
        actor=actor,
        entity=exam,
        action="exam.result",
        summary=f"{officer.name}：{'缺考' if not attended else f'{score}分'}",
        before=before,
        after=snapshot(result),
    )
    return result


# --- 普法 ------------------------------------------------------------------------------------------------------


@transaction.atomic
def legal_education_create(
    *,
    actor: User,
    agency: Agency,
    title: str,
    kind: str,
    published_on: date,
    views: int = 0,
    url: str = "",
    case: Case | None = None,
) -> LegalEducation:
    scope_for(actor).ensure_can_write(agency)
    from fazhi.legal_affairs.models import LegalEducationKind

    if kind not in LegalEducationKind.values:
        raise ValidationError("请选择普法类别（短视频、文章、活动或以案释法）。")
    if views < 0:
        raise ValidationError("浏览量不能为负数。")
    _ensure_case_in_agency(case, agency)
    item = LegalEducation(
        agency=agency,
        title=_text(title, "标题"),
        kind=kind,
        published_on=published_on,
        views=views,
        url=url.strip(),
        case=case,
        created_by=actor,
    )
    _write(actor, item, action="legal_education.create", summary=f"登记普法：{item.title}", before=None)
    return item


@transaction.atomic
def legal_education_update_views(*, actor: User, item: LegalEducation, views: int) -> LegalEducation:
    row = LegalEducation.objects.select_for_update(of=("self",)).get(pk=item.pk)
    scope_for(actor).ensure_can_write(row.agency)
    if views < 0:
        raise ValidationError("浏览量不能为负数。")
    before = snapshot(row)
    row.views = views
    _write(actor, row, action="legal_education.views", summary=f"更新浏览量：{views}", before=before)
    return row
