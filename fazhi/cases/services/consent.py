"""电子送达: the party's consent and signed 确认书, and the check every electronic service makes.

行政处罚法 第六十一条第二款: "当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等
送达当事人" (民事诉讼法 第九十条: "经受送达人同意"). The consent is recorded once per case with its channel, address,
date and the signed 确认书 uploaded as evidence; each electronic service (事先告知书, 决定书, 催告书) names it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi import rules
from fazhi.cases import workflow
from fazhi.cases.models import Case, ServiceChannel, ServiceConsent, ServiceMethod
from fazhi.cases.services._common import case_event, ensure_writable, lock_case
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User

ARTICLE = "行政处罚法第六十一条第二款"
NO_CONSENT = (
    f"电子送达须经当事人同意并签订确认书（{ARTICLE}）：本案尚未登记当事人签署的电子送达确认书。"
    "请先将当事人签署的确认书作为证据上传，并登记电子送达方式、地址和签订日期；否则请采用直接送达、邮寄送达等其他方式。"
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_FAX = re.compile(r"\+?[0-9][0-9\- ]{5,19}")


def _address_problem(channel: str, address: str) -> str:
    if not address:
        return "请填写当事人确认的电子送达地址"
    if channel == ServiceChannel.EMAIL and not _EMAIL.fullmatch(address):
        return f"电子邮箱「{address}」格式不正确"
    if channel == ServiceChannel.SMS and not rules.validate_phone(address):
        return f"手机号码「{address}」格式不正确"
    if channel == ServiceChannel.FAX and not _FAX.fullmatch(address):
        return f"传真号码「{address}」格式不正确"
    return ""


@transaction.atomic
def service_consent_record(
    *, actor: User, case: Case, channel: str, address: str, signed_on: date, confirmation_id: int
) -> ServiceConsent:
    """Record the party's consent to 电子送达 with the signed 确认书, which must be evidence of this case."""
    case = lock_case(case)
    ensure_writable(actor, case)
    workflow.guard("service_consent", case, actor, clock.today())
    address = address.strip()
    errors = []
    if channel not in ServiceChannel.values:
        errors.append("请选择电子送达方式（传真、电子邮件、手机短信或移动应用）")
    elif problem := _address_problem(channel, address):
        errors.append(problem)
    if signed_on > clock.today():
        errors.append("确认书签订日期不能晚于今天")
    confirmation = case.evidence.filter(pk=confirmation_id).first()
    if confirmation is None:
        errors.append("请选择本案已上传的、当事人签署的确认书（证据）")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    assert confirmation is not None
    if confirmation.is_excluded:
        raise RuleViolation(
            f"所选证据「{confirmation.title}」已被排除，不能作为当事人同意电子送达的确认书（{ARTICLE}）。"
        )
    consent = ServiceConsent(
        case=case,
        channel=channel,
        address=address,
        signed_on=signed_on,
        confirmation=confirmation,
        recorded_by=actor,
        recorded_on=clock.today(),
    )
    ensure_fits(consent)
    consent.save()
    case_event(
        actor=actor,
        case=case,
        action="case.service_consent",
        summary=f"登记当事人同意电子送达：{consent.get_channel_display()} {address}，"
        f"{signed_on:%Y年%m月%d日}签订确认书（证据「{confirmation.title}」）",
    )
    return consent


def electronic_service_consent(
    *, case: Case, method: str, consent_id: int | None, served_on: date
) -> ServiceConsent | None:
    """The consent an electronic service relies on, or a refusal; None for any other method. Reads only.

    The service must name a consent of this case, signed on or before the day of service and not withdrawn
    by then, whose 确认书 has not been excluded as evidence.
    """
    if method != ServiceMethod.ELECTRONIC:
        return None
    consents = list(case.service_consents.select_related("confirmation"))
    if not consents:
        raise RuleViolation(NO_CONSENT)
    consent = next((c for c in consents if c.pk == consent_id), None)
    if consent is None:
        raise ValidationError(
            f"请选择电子送达所依据的当事人确认书（{ARTICLE}）：本案已登记"
            + "、".join(f"「{c}」" for c in consents)
            + "。"
        )
    if consent.withdrawn_on is not None and served_on >= consent.withdrawn_on:
        raise RuleViolation(
            f"当事人已于{consent.withdrawn_on:%Y年%m月%d日}撤回电子送达的同意，此后不能再依该确认书电子送达"
            f"（{ARTICLE}）：请采用其他送达方式，或由当事人重新签订确认书。"
        )
    if served_on < consent.signed_on:
        raise RuleViolation(
            f"送达日期（{served_on:%Y年%m月%d日}）早于当事人签订电子送达确认书的日期（{consent.signed_on:%Y年%m月%d日}）："
            f"当事人同意并签订确认书后，才能电子送达（{ARTICLE}）。"
        )
    if consent.confirmation.is_excluded:
        raise RuleViolation(
            f"电子送达确认书所依据的证据「{consent.confirmation.title}」已被排除，不能据以电子送达（{ARTICLE}）。"
        )
    return consent


@transaction.atomic
def service_consent_withdraw(*, actor: User, consent: ServiceConsent, on: date, note: str) -> ServiceConsent:
    """The party withdraws its consent to 电子送达 from ``on``: later electronic service on it is refused.

    The consent rests on the party's will (第六十一条第二款 "当事人同意"); services already made stay valid.
    """
    case = lock_case(consent.case)
    ensure_writable(actor, case)
    consent = ServiceConsent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise RuleViolation(f"当事人已于{consent.withdrawn_on:%Y年%m月%d日}撤回该电子送达确认书。")
    if not consent.signed_on <= on <= clock.today():
        raise ValidationError(f"撤回日期应在确认书签订日期{consent.signed_on:%Y年%m月%d日}与今天之间。")
    if not note.strip():
        raise ValidationError("请写明当事人撤回同意的方式和情况（如：书面声明、电话告知并记录）。")
    consent.withdrawn_on, consent.withdrawal_note = on, note.strip()
    ensure_fits(consent)
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    case_event(
        actor=actor,
        case=case,
        action="case.service_consent_withdraw",
        summary=f"当事人自{on:%Y年%m月%d日}撤回电子送达的同意（{consent.get_channel_display()} {consent.address}）："
        f"{consent.withdrawal_note}",
    )
    return consent
