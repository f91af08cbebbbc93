"""One input schema per case action: the API body and the case page's form are parsed by the same class.

A schema that refuses raises the project's ``ValidationError`` with a Chinese message (not pydantic's English), so
the API answers it as ``{"code": "invalid", "message": …}`` (status 400, the ``ApplicationError`` handler of
``fazhi.core.api``) and the page shows the same message. The page's ``QueryDict`` becomes a dict by
:meth:`ActionIn.from_form` (``getlist`` for list fields, a checkbox absent is false, an empty non-text field is
missing) and then goes through ``model_validate`` like a JSON body.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, get_args, get_origin

import pydantic
from django.http import QueryDict
from ninja import Schema
from pydantic import BeforeValidator, model_validator

from fazhi import rules
from fazhi.core.errors import ValidationError
from fazhi.core.validation import FACTS_MAX_LENGTH

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


FactsText = Annotated[str, pydantic.Field(max_length=FACTS_MAX_LENGTH)]
"""违法事实 and other long narratives: bounded, so a million characters is a Chinese refusal, not a stored row."""


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
    if kind == "string_too_long":
        return f"{label}不能超过{error['ctx']['max_length']}个字符（现有{len(str(value))}个）。"
    if kind.startswith("string"):
        return f"{label}应为文字。"
    if kind == "enum":
        return f"{label}「{_shown(value)}」不是可选的取值（应为 {error['ctx']['expected']} 之一）。"
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
