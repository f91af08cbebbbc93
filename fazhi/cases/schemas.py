"""One input schema per case action: the API body and the case page's form are parsed by the same class.

A schema that refuses raises the project's ``ValidationError`` with a Chinese message (not pydantic's English), so
the API answers it as ``{"code": "invalid", "message": …}`` (status 400, the ``ApplicationError`` handler of
``fazhi.core.api``) and the page shows the same message. The page's ``QueryDict`` becomes a dict by
:meth:`ActionIn.from_form` (``getlist`` for list fields, a checkbox absent is false, an empty non-text field is
missing) and then goes through ``model_validate`` like a JSON body.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, get_args, get_origin

import pydantic
from django.http import QueryDict
from ninja import Schema
from pydantic import BeforeValidator, model_validator

from fazhi import rules
from fazhi.core.errors import ValidationError

# The Chinese name of each input, for messages; a schema's LABELS override these.
LABELS: dict[str, str] = {
    "agency_id": "承办机构",
    "source": "案源",
    "power_item_code": "执法事项",
    "party_kind": "当事人类别",
    "party_name": "当事人名称/姓名",
    "party_id_number": "证件号码",
    "party_address": "地址",
    "party_phone": "电话",
    "act_date": "违法行为发生日期",
    "act_ended": "违法行为终了日期",
    "discovered_on": "发现日期",
    "grave_harm": "危害后果重大",
    "location": "地点",
    "facts": "违法事实",
    "handler_ids": "承办人",
    "lead_handler_id": "主办人",
    "on": "日期",
    "reason": "理由",
    "evidence_summary": "证据",
    "proposed_outcome": "处理意见",
    "penalty_kinds": "处罚种类",
    "fine": "罚款金额",
    "confiscation": "没收金额",
    "discretion_facts": "裁量情节",
    "opinion": "意见",
    "text": "意见内容",
    "participants": "参加人员",
    "record": "记录",
    "conclusion": "结论",
    "conclusion_text": "决定意见",
    "method": "送达方式",
    "served_on": "送达日期",
    "consent_id": "电子送达确认书",
    "received_on": "提出日期",
    "content": "内容",
    "adopted": "是否采纳",
    "response": "复核意见",
    "requested_on": "申请日期",
    "notice_served_on": "听证通知送达日期",
    "hearing_date": "听证日期",
    "host_id": "主持人",
    "is_public": "是否公开",
    "held": "是否举行",
    "outcome": "决定结果",
    "reasons": "理由和依据",
    "out_of_range_reason": "超出裁量阶次的书面理由",
    "late_reason": "超期说明",
    "recipient": "受送达人",
    "proof": "送达凭证",
    "kind": "类别",
    "amount": "缴款金额",
    "paid_on": "缴款日期",
    "receipt_number": "票据号码",
    "bank": "银行",
    "deferred_until": "延至日期",
    "channel": "电子送达方式",
    "address": "电子送达地址",
    "signed_on": "确认书签订日期",
    "confirmation_id": "当事人签署的确认书（证据）",
    "note": "撤回方式和情况",
    "court": "法院",
    "accepted_on": "受理日期",
    "ruling": "裁定",
    "completed_on": "执行完毕日期",
    "summary": "结案报告",
    "officer_id": "执法人员",
    "applicant": "申请人",
    "granted": "是否回避",
    "replacement_id": "替换人员",
    "days": "延长天数",
    "provision_id": "延长办案期限的依据",
    "start": "起始日",
    "end": "终止日",
    "items": "物品清单",
    "measure": "措施",
    "disposition": "处理决定",
    "receiving_body": "接收机关",
    "attachments": "移送材料",
    "decision": "决定",
    "notified_on": "接到通知日期",
    "document_number": "文号",
    "returned_on": "移回日期",
    "collect_on_spot": "当场收缴",
    "hard_to_collect": "当场收缴困难",
    "told": "已告知",
    "party_response": "当事人陈述申辩情况",
    "party_statement": "当事人陈述",
    "statement_review": "复核意见",
    "refused_to_sign": "当事人拒绝签名",
    "prefix": "编号前缀",
    "first_no": "起始号码",
    "last_no": "终止号码",
}


def _label(schema: type[pydantic.BaseModel], field: str) -> str:
    labels: dict[str, str] = getattr(schema, "LABELS", {})
    return labels.get(field) or LABELS.get(field) or field


def _shown(value: Any) -> str:
    return str(value)[:50]


def _message(schema: type[pydantic.BaseModel], error: Any) -> str:
    loc = [part for part in error["loc"] if isinstance(part, str)]
    label = _label(schema, loc[0]) if loc else "输入"
    kind, value = error["type"], error.get("input")
    if kind == "value_error":
        return str(error["ctx"]["error"])
    chosen = bool(loc) and loc[0].endswith(("_id", "_ids"))
    if kind == "missing" or (chosen and value is None):
        return f"请选择{label}。" if chosen else f"请填写{label}。"
    if kind.startswith(("date", "datetime")):
        return f"{label}「{_shown(value)}」不是有效日期，请按 年-月-日 填写，如 2026-01-31。"
    if kind.startswith("int"):
        return f"请选择{label}。" if chosen else f"{label}「{_shown(value)}」不是有效的整数。"
    if kind.startswith("decimal"):
        return f"{label}「{_shown(value)}」不是有效金额。"
    if kind.startswith("bool"):
        return f"{label}「{_shown(value)}」应为是或否。"
    if kind in ("list_type", "dict_type"):
        return f"{label}的格式不正确。"
    if kind.startswith("string"):
        return f"{label}应为文字。"
    if kind == "extra_forbidden":
        return f"不认识的输入项「{label}」。"
    return f"{label}填写有误。"


def chinese_message(schema: type[pydantic.BaseModel], exc: pydantic.ValidationError) -> str:
    """One Chinese sentence per refused input, in the schema's field order."""
    messages: list[str] = []
    for error in exc.errors(include_url=False):
        text = _message(schema, error)
        if text not in messages:
            messages.append(text)
    return "".join(messages)


def parse_money(value: Any, label: str) -> Decimal:
    """Text or a number as Decimal yuan, checked by ``rules.require_money`` (the services' parser); '' is 0."""
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip() or "0")
        except InvalidOperation:
            raise ValueError(f"{label}「{_shown(value)}」不是有效金额。") from None
    try:
        return rules.require_money(value, label)
    except rules.RulesError as exc:
        raise ValueError(str(exc)) from None


def money_input(label: str) -> BeforeValidator:
    """The validator of an amount field named ``label``: ``Annotated[Decimal, money_input("罚款金额")]``."""
    return BeforeValidator(lambda value: parse_money(value, label))


class ActionIn(Schema):
    """The input of one case action; refusals are a Chinese ``ValidationError``."""

    LABELS: ClassVar[dict[str, str]] = {}

    @model_validator(mode="wrap")
    @classmethod
    def _in_chinese(cls, data: Any, handler: Any) -> Any:
        try:
            return handler(data)
        except pydantic.ValidationError as exc:
            raise ValidationError(chinese_message(cls, exc)) from None

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        """The page's POST as the API body would be: lists by getlist, an unticked checkbox false, '' missing."""
        data: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            kinds = _kinds(field.annotation)
            if list in kinds:  # a group of boxes none of which is ticked sends nothing: an empty list
                data[name] = [v for v in form.getlist(name) if v.strip() != ""]
                continue
            if bool in kinds and name not in form:
                data[name] = False
                continue
            if name not in form:
                continue
            value = form.get(name, "")
            if value.strip() == "" and str not in kinds:
                continue
            data[name] = value
        return data

    @classmethod
    def from_form(cls, form: QueryDict, **extra: Any) -> Any:
        return cls.model_validate({**cls.form_data(form), **extra})


def _kinds(annotation: Any) -> set[Any]:
    """The plain types a field may hold (``list[int] | None`` → {list, NoneType})."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kinds(get_args(annotation)[0])
    if origin is None:
        return {annotation}
    if origin in (list, dict):
        return {origin}
    out: set[Any] = set()
    for arg in get_args(annotation):
        out |= _kinds(arg)
    return out


# --- intake ---------------------------------------------------------------------------------------------------


class CaseOpenIn(ActionIn):
    agency_id: int
    source: str
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    act_ended: date | None = None
    discovered_on: date
    grave_harm: bool = False
    location: str = ""
    facts: str = ""


class CaseRegisterIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "立案日期"}
    handler_ids: list[int]
    lead_handler_id: int | None = None
    on: date


class CaseDeclineIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"reason": "不予立案理由"}
    reason: str


class FlagsIn(ActionIn):
    is_major: bool
    is_complex: bool = False
    major_public_interest: bool = False
    major_rights: bool = False
    review_required_by_law: bool = False


class OfficerIdIn(ActionIn):
    officer_id: int


class RecusalIn(ActionIn):
    officer_id: int
    applicant: str
    reason: str


class RecusalDecideIn(ActionIn):
    granted: bool
    replacement_id: int | None = None


class ExtensionIn(ActionIn):
    days: int
    reason: str
    provision_id: int | None = None


class SuspensionIn(ActionIn):
    kind: str
    start: date
    reason: str


class SuspensionEndIn(ActionIn):
    end: date


# --- investigation --------------------------------------------------------------------------------------------


class ItemsIn(ActionIn):
    items: str


class DispositionIn(ActionIn):
    disposition: str


class SeizureIn(ActionIn):
    measure: str
    items: str


class SeizureExtendIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"notice_served_on": "书面告知送达日期"}
    reason: str = ""
    notice_served_on: date | None = None


class ConcludeIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"fine": "拟罚款金额", "confiscation": "拟没收金额"}
    facts: str
    evidence_summary: str
    proposed_outcome: str
    penalty_kinds: list[str] = []
    fine: Annotated[Decimal, money_input("拟罚款金额")] = Decimal("0")
    confiscation: Annotated[Decimal, money_input("拟没收金额")] = Decimal("0")
    discretion_facts: dict[str, Any] = {}

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        """Discretion facts are typed as `名称=值` lines (e.g. 面积=50)."""
        data = super().form_data(form)
        facts = {}
        for line in (form.get("discretion_facts") or "").splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                facts[key.strip()] = value.strip()
        data["discretion_facts"] = facts
        return data


class OpinionIn(ActionIn):
    opinion: str
    text: str


class DiscussionIn(ActionIn):
    participants: str
    record: str
    conclusion: str
    conclusion_text: str


# --- notice and hearing ---------------------------------------------------------------------------------------


class ServedIn(ActionIn):
    method: str
    served_on: date
    consent_id: int | None = None


class RepresentationIn(ActionIn):
    received_on: date
    content: str
    adopted: bool
    response: str


class DayIn(ActionIn):
    on: date


class WaiveHearingIn(DayIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "放弃听证日期"}


class WaiveIn(DayIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "放弃日期"}


class HearingRequestIn(ActionIn):
    requested_on: date


class HearingScheduleIn(ActionIn):
    notice_served_on: date
    hearing_date: date
    host_id: int
    location: str
    is_public: bool = True

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        data = super().form_data(form)
        if "is_public" not in form:
            data.pop("is_public", None)  # the page has no such box: the API's default
        return data


class HearingRecordIn(ActionIn):
    held: bool
    record: str


class HostRecusalIn(ActionIn):
    reason: str


# --- decision and execution -----------------------------------------------------------------------------------


class DecideIn(ActionIn):
    outcome: str
    reasons: str
    penalty_kinds: list[str] = []
    fine: Annotated[Decimal, money_input("罚款金额")] = Decimal("0")
    confiscation: Annotated[Decimal, money_input("没收金额")] = Decimal("0")
    out_of_range_reason: str = ""
    late_reason: str = ""


class ServeIn(ActionIn):
    method: str
    served_on: date
    recipient: str
    proof: str
    late_reason: str = ""
    consent_id: int | None = None


class PaymentIn(ActionIn):
    kind: str
    amount: Annotated[Decimal, money_input("缴款金额")]
    paid_on: date
    receipt_number: str
    bank: str


class ArrangementIn(ActionIn):
    deferred_until: date
    reason: str


class ReminderIn(ActionIn):
    method: str
    served_on: date
    recipient: str
    proof: str
    consent_id: int | None = None


class ServiceConsentIn(ActionIn):
    channel: str
    address: str
    signed_on: date
    confirmation_id: int


class ConsentWithdrawIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "撤回日期"}
    on: date
    note: str


class CourtIn(ActionIn):
    court: str


class CourtUpdateIn(ActionIn):
    accepted_on: date | None = None
    ruling: str = ""
    completed_on: date | None = None


class SummaryIn(ActionIn):
    summary: str


class NoInput(ActionIn):
    """An action that takes nothing but the case (archive, file, seizure release)."""


# --- transfer -------------------------------------------------------------------------------------------------


class TransferIn(ActionIn):
    kind: str
    receiving_body: str
    reason: str


class LateReasonIn(ActionIn):
    late_reason: str = ""


class ReasonIn(ActionIn):
    reason: str


class TransferCompleteIn(ActionIn):
    attachments: list[str]
    late_reason: str = ""

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        return {"attachments": [], **super().form_data(form)}


class PoliceAnswerIn(ActionIn):
    decision: str
    notified_on: date
    document_number: str
    reason: str = ""


class ReviewRequestIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"requested_on": "提请复议日期"}
    requested_on: date


class ReviewAnswerIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"notified_on": "接到复议决定日期"}
    decision: str
    notified_on: date
    document_number: str


class TransferReturnIn(ActionIn):
    returned_on: date
    document_number: str
    reason: str


# --- simple procedure -----------------------------------------------------------------------------------------


class SimpleCaseIn(ActionIn):
    agency_id: int
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    handler_ids: list[int]
    penalty_kinds: list[str]
    fine: Annotated[Decimal, money_input("罚款金额")] = Decimal("0")
    facts: str
    location: str
    collect_on_spot: bool = False
    hard_to_collect: bool = False
    receipt_number: str = ""
    told: bool = False
    party_response: str = ""
    party_statement: str = ""
    statement_review: str = ""
    refused_to_sign: bool = False


class FormStockIn(ActionIn):
    agency_id: int
    prefix: str
    first_no: int
    last_no: int
