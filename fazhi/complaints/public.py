"""The public side of the complaint loop: what the public submits, follows, rates and reopens, with no login.

Two channels reach it: the portal's pages (``/public/complaints/``) and partner systems through Open311 GeoReport
v2 (``fazhi.portal.open311``, under a ``PartnerKey`` of purpose ``open311``). Both enter the same loop as every
complaint (``services.complaint_receive``, source 网上) in the receiving body, and both are answered with a
**receipt code** (回执码): twelve characters of Crockford base32 in three groups (``7K3Q-M9XD-2FHT``, 60 random bits),
short enough to type from a phone and too many to guess under the portal's rate limit. Only the code's SHA-256 is
stored; the code is never the primary key, and a wrong code is the same "not found" as any other.

Who acts: no user. Each write names its ``SystemActor`` (公众（门户网站）, 对接系统 …, 诉求人（凭回执码）) in the
audit event of the same transaction, and the loop's steps record no person. What the public reads back has no staff
names and no personal data: the steps' kinds, times and units, and only the notes meant for the complainant
(the handling result, the closing, the rating, the reopening), each masked with ``mask_text``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import QuerySet

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.complaints.models import (
    CategoryKind,
    Complaint,
    ComplaintCategory,
    ComplaintSource,
    ComplaintStatus,
    ComplaintStep,
    PublicChannel,
    PublicReceipt,
    Satisfaction,
    StepKind,
)
from fazhi.complaints.services import SystemActor, _lock, complaint_due, complaint_receive, step_record
from fazhi.complaints.services import _save as save_with_event  # the services' one save-and-audit step
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.core.storage import BlobTooLarge, get_blob_store
from fazhi.evidence import filetypes as ft
from fazhi.rules import RulesError, mask_text, public_reopen_refusal, validate_phone

if TYPE_CHECKING:
    from django.core.files import File

    from fazhi.accounts.models import PartnerKey

__all__ = [
    "CODE_ALPHABET",
    "PORTAL_ACTOR",
    "RATINGS",
    "TRACKER_ACTOR",
    "PublicStep",
    "Tracking",
    "access_public_receipt",
    "partner_actor",
    "public_agency",
    "public_categories",
    "public_category",
    "public_complaint_rate",
    "public_complaint_reopen",
    "public_complaint_submit",
    "public_receipts",
    "public_status_notes",
    "public_steps",
    "public_track",
    "receipt_code_normalize",
    "service_code",
]

#: Crockford's base32: no I, L, O or U, so that a code read aloud or typed from paper has one spelling.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_CODE_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
DESCRIPTION_MAX = 2000
ADDRESS_MAX = 300
NAME_MAX = 50
MEDIA_URL_MAX = 500
SHORT_MAX = 100
REASON_MAX = 500
PHOTO_TYPES = (ft.JPG, ft.PNG, ft.HEIC)
RATINGS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED)
#: The steps whose note is written for the complainant; the others show their kind, time and unit only.
PUBLIC_NOTE_KINDS = frozenset({StepKind.HANDLE, StepKind.CLOSE, StepKind.RATE, StepKind.REOPEN})

PORTAL_ACTOR = SystemActor("公众（门户网站）")
TRACKER_ACTOR = SystemActor("诉求人（凭回执码）")


def partner_actor(partner: PartnerKey) -> SystemActor:
    return SystemActor(f"对接系统「{partner.name}」（{partner.prefix}…）")


def photo_max_bytes() -> int:
    """The largest photo the public may upload (FAZHI_PUBLIC_PHOTO_MAX_BYTES, default 10 MiB)."""
    return int(getattr(settings, "FAZHI_PUBLIC_PHOTO_MAX_BYTES", 10 * 1024 * 1024))


# --- the receipt code ---------------------------------------------------------------------------------------------


def _receipt_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def receipt_code_normalize(code: str) -> str:
    """The twelve characters of a code as typed (any case, spaces and dashes, O for 0, I or L for 1), or ""."""
    if not isinstance(code, str) or len(code) > 40:
        return ""
    raw = "".join(ch for ch in code.upper() if ch not in " -\t").translate(_CODE_READS_AS)
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return raw


def _code_hash(normalized: str) -> str:
    return hashlib.sha256(f"fazhi-receipt:{normalized}".encode()).hexdigest()


# --- categories (also the Open311 services) -----------------------------------------------------------------------


def service_code(category: ComplaintCategory) -> str:
    """The Open311 ``service_code`` of a category: its kind and 小类代码 (``event-0102``), unique as the pair is."""
    return f"{category.kind}-{category.code}"


def public_categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(active=True).order_by("kind", "code")


def public_category(code: str) -> ComplaintCategory:
    """The active category of a ``service_code`` (``event-0102``); anything else is "not found"."""
    kind, _, small = (code or "").partition("-")
    if kind not in CategoryKind.values or not (len(small) == 4 and small.isascii() and small.isdigit()):
        raise NotFoundOrForbidden("问题类别")
    category = public_categories().filter(kind=kind, code=small).first()
    if category is None:
        raise NotFoundOrForbidden("问题类别")
    return category


def public_agency() -> Agency:
    """The body that receives the portal's complaints: FAZHI_PUBLIC_COMPLAINT_AGENCY (an agency's 代字), else the one
    top-level bureau."""
    code = str(getattr(settings, "FAZHI_PUBLIC_COMPLAINT_AGENCY", "") or "")
    qs = Agency.objects.filter(is_active=True)
    found = list(qs.filter(code=code)[:1] if code else qs.filter(parent=None, kind=AgencyKind.BUREAU)[:2])
    if len(found) != 1:
        raise RuleViolation("本平台尚未设置受理网上诉求的机构，请拨打12345热线反映。")
    return found[0]


# --- checks of the input -------------------------------------------------------------------------------------------


def _coordinate(value: Any, *, label: str, bound: int, errors: list[str]) -> Decimal | None:
    text = ("" if value is None else str(value)).strip()
    if not text:
        return None
    try:
        number = Decimal(text) if len(text) <= 32 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not (-bound <= number <= bound):
        errors.append(f"{label}应为-{bound}到{bound}之间的数字")
        return None
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)


def _text(value: Any, *, label: str, limit: int, errors: list[str]) -> str:
    text = ("" if value is None else str(value)).replace("\x00", "").strip()
    if len(text) > limit:
        errors.append(f"{label}不能超过{limit}个字符")
        return ""
    return text


def _photo_check(photo: File[Any] | None, errors: list[str]) -> ft.FileType | None:
    if photo is None or not getattr(photo, "name", ""):
        return None
    limit = photo_max_bytes()
    if not photo.size:
        errors.append("照片是空文件，请重新选择")
        return None
    if photo.size > limit:
        errors.append(f"照片不能超过{ft.human_size(limit)}（所选为{ft.human_size(photo.size)}）")
        return None
    kind = ft.sniff(cast(IO[bytes], photo), str(photo.name))
    if kind not in PHOTO_TYPES:
        errors.append(f"照片只能是{ft.labels(PHOTO_TYPES)}格式（按文件内容识别，不看扩展名）")
        return None
    return kind


def _media_url(value: str, errors: list[str]) -> str:
    if not value:
        return ""
    if len(value) > MEDIA_URL_MAX:
        errors.append(f"照片链接（media_url）不能超过{MEDIA_URL_MAX}个字符")
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except DjangoValidationError:
        errors.append("照片链接（media_url）应为 http 或 https 网址")
        return ""
    return value


@dataclass(frozen=True)
class _Checked:
    description: str
    address: str
    address_id: str
    latitude: Decimal | None
    longitude: Decimal | None
    contact_name: str
    contact_phone: str
    contact_email: str
    media_url: str
    device_id: str
    account_id: str


def _check(fields: dict[str, Any], *, need_place: bool) -> tuple[_Checked, list[str]]:
    errors: list[str] = []
    description = _text(fields.get("description"), label="诉求内容", limit=DESCRIPTION_MAX, errors=errors)
    if not description and not any("诉求内容" in e for e in errors):
        errors.append("请填写诉求内容")
    address = _text(fields.get("address"), label="地点", limit=ADDRESS_MAX, errors=errors)
    address_id = _text(fields.get("address_id"), label="地址编号（address_id）", limit=SHORT_MAX, errors=errors)
    lat = _coordinate(fields.get("latitude"), label="纬度", bound=90, errors=errors)
    lon = _coordinate(fields.get("longitude"), label="经度", bound=180, errors=errors)
    if (lat is None) != (lon is None) and not any("度应为" in e for e in errors):
        errors.append("经纬度须同时填写纬度和经度")
    has_place = address or address_id or (lat is not None and lon is not None)
    if need_place and not has_place and not any("度" in e or "地点" in e for e in errors):
        errors.append("请填写问题发生的地点（地址或经纬度）")
    name = _text(fields.get("contact_name"), label="联系人", limit=NAME_MAX, errors=errors)
    phone = _text(fields.get("contact_phone"), label="联系电话", limit=20, errors=errors)
    if phone and not validate_phone(phone):
        errors.append("联系电话格式不正确（手机号11位，或区号-号码）")
        phone = ""
    email = _text(fields.get("contact_email"), label="电子邮箱", limit=254, errors=errors)
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors.append("电子邮箱格式不正确")
            email = ""
    media_url = _media_url(_text(fields.get("media_url"), label="照片链接", limit=2000, errors=errors), errors)
    device_id = _text(fields.get("device_id"), label="设备编号（device_id）", limit=SHORT_MAX, errors=errors)
    account_id = _text(fields.get("account_id"), label="账号编号（account_id）", limit=SHORT_MAX, errors=errors)
    checked = _Checked(description, address, address_id, lat, lon, name, phone, email, media_url, device_id, account_id)
    return checked, errors


def _location(c: _Checked) -> str:
    if c.address:
        return c.address
    if c.latitude is not None and c.longitude is not None:
        return f"经纬度 {c.latitude},{c.longitude}"
    return f"地址编号 {c.address_id}" if c.address_id else ""


# --- writes ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def public_complaint_submit(
    *,
    actor: SystemActor,
    agency: Agency,
    channel: str,
    category: ComplaintCategory | None,
    fields: dict[str, Any],
    photo: File[Any] | None = None,
    partner: PartnerKey | None = None,
) -> tuple[PublicReceipt, str]:
    """受理 a complaint the public submitted (portal or Open311) in ``agency``; returns the receipt and its code,
    which is shown once. ``fields``: description, address, address_id, latitude, longitude, contact_name,
    contact_phone, contact_email, media_url, device_id, account_id (all text, all checked here; every problem is
    reported at once and nothing is stored)."""
    if channel not in PublicChannel.values:
        raise ValidationError("未知的提交渠道。")
    errors: list[str] = []
    if category is None:
        errors.append("请选择问题类别")
    checked, more = _check(fields, need_place=True)
    errors += more
    photo_type = _photo_check(photo, errors)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    assert category is not None
    blob = None
    if photo is not None and photo_type is not None:
        try:
            blob = get_blob_store().put(photo, max_size=photo_max_bytes())
        except BlobTooLarge as exc:  # the declared size was wrong: the stream itself passed the limit
            raise ValidationError(f"照片不能超过{ft.human_size(photo_max_bytes())}。") from exc
    complaint = complaint_receive(
        actor=actor,
        agency=agency,
        source=ComplaintSource.ONLINE,
        content=checked.description,
        location=_location(checked),
        party_name=checked.contact_name,
        party_phone=checked.contact_phone,
        category_item=category,
    )
    code = _receipt_code_new()
    receipt = PublicReceipt(
        complaint=complaint,
        channel=channel,
        code_hash=_code_hash(receipt_code_normalize(code)),
        token=secrets.token_hex(12),
        submitted_at=complaint.received_at,
        latitude=checked.latitude,
        longitude=checked.longitude,
        address_id=checked.address_id,
        photo_sha256=blob.sha256 if blob else "",
        photo_type=photo_type.code if blob and photo_type else "",
        photo_size=blob.size if blob else None,
        media_url=checked.media_url,
        contact_email=checked.contact_email,
        device_id=checked.device_id,
        account_id=checked.account_id,
        partner=partner,
    )
    receipt.save()
    audit_record(
        actor=actor,
        entity=complaint,
        action="complaint.public_submit",
        summary=f"{PublicChannel(channel).label}提交诉求{complaint.number}，发给回执码",
        after={
            "channel": channel,
            "photo_sha256": receipt.photo_sha256,
            "media_url": receipt.media_url,
            "partner": partner.prefix if partner else "",
        },
    )
    return receipt, code


def _receipt_for_update(code: str) -> PublicReceipt:
    normalized = receipt_code_normalize(code)
    receipt = None
    if normalized:
        receipt = PublicReceipt.objects.select_for_update().filter(code_hash=_code_hash(normalized)).first()
    if receipt is None:
        raise NotFoundOrForbidden("诉求")
    receipt.complaint = _lock(receipt.complaint)
    return receipt


def _rated_this_closing(receipt: PublicReceipt) -> bool:
    closed_at = receipt.complaint.closed_at
    return receipt.rated_at is not None and closed_at is not None and receipt.rated_at >= closed_at


@transaction.atomic
def public_complaint_rate(*, actor: SystemActor, code: str, rating: str) -> PublicReceipt:
    """The complainant rates the result (满意/基本满意/不满意), once each time the complaint is closed; the rating
    becomes the complaint's 满意度."""
    receipt = _receipt_for_update(code)
    complaint = receipt.complaint
    if rating not in RATINGS:
        raise ValidationError("请选择满意、基本满意或不满意。")
    if complaint.status != ComplaintStatus.CLOSED:
        raise RuleViolation(f"诉求当前为“{complaint.get_status_display()}”，办结后才能评价。")
    if _rated_this_closing(receipt):
        raise RuleViolation(f"您已评价本次办理结果（{receipt.get_rating_display()}），不能重复评价。")
    before = snapshot(complaint)
    now = clock.now()
    receipt.rating, receipt.rated_at = rating, now
    receipt.save(update_fields=["rating", "rated_at"])
    complaint.satisfaction = rating
    label = Satisfaction(rating).label
    save_with_event(actor, complaint, action="complaint.public_rate", summary=f"诉求人评价：{label}", before=before)
    step_record(actor=None, complaint=complaint, kind=StepKind.RATE, at=now, unit=complaint.agency, note=label)
    return receipt


def reopen_refusal(receipt: PublicReceipt) -> str:
    """Why the complainant may not have the complaint reopened now, or "" (the limit is ``fazhi.rules``')."""
    complaint = receipt.complaint
    if complaint.status != ComplaintStatus.CLOSED:
        return f"诉求当前为“{complaint.get_status_display()}”，办结后才能申请重办。"
    limit = public_reopen_refusal(receipt.reopen_count)
    if limit:
        return limit
    if not (_rated_this_closing(receipt) and receipt.rating == Satisfaction.UNSATISFIED):
        return "对办理结果评价为“不满意”后，才能申请重办。"
    return ""


@transaction.atomic
def public_complaint_reopen(*, actor: SystemActor, code: str, reason: str) -> PublicReceipt:
    """重办: a complainant not satisfied with a closed complaint has it reopened, within ``PUBLIC_REOPEN_LIMIT``.

    The complaint goes back to the unit that handled it (已交办, a 返工 with its limit counted afresh from now), or
    to the receiving body (已受理) if it never had one; a 重办 step and an audit event record it."""
    receipt = _receipt_for_update(code)
    complaint = receipt.complaint
    refusal = reopen_refusal(receipt)
    if refusal:
        raise RuleViolation(refusal)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError(f"请写明不满意的原因（不超过{REASON_MAX}个字符）。")
    now = clock.now()
    before = snapshot(complaint)
    complaint.status = ComplaintStatus.DISPATCHED if complaint.assigned_to_id else ComplaintStatus.RECEIVED
    complaint.closed_at = None
    complaint.rework_count += 1
    try:
        complaint.rework_due_at = complaint_due(start=now, category=complaint.category_item)
    except RulesError as exc:
        raise ValidationError(f"无法计算重办处置时限：{exc}") from exc
    receipt.reopen_count += 1
    receipt.save(update_fields=["reopen_count"])
    save_with_event(
        actor, complaint, action="complaint.public_reopen", summary=f"诉求人申请重办：{reason[:60]}", before=before
    )
    step_record(
        actor=None,
        complaint=complaint,
        kind=StepKind.REOPEN,
        at=now,
        unit=complaint.assigned_to or complaint.agency,
        note=reason,
    )
    return receipt


# --- reads ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStep:
    kind: str
    label: str
    at: datetime
    unit: str
    note: str


@dataclass(frozen=True)
class Tracking:
    receipt: PublicReceipt
    number: str
    category: str
    content: str
    location: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime | None
    steps: list[PublicStep]
    rating: str
    can_rate: bool
    reopen_refusal: str


def access_public_receipt(*, code: str) -> PublicReceipt:
    """The receipt of a code; a wrong code, a malformed one and an unknown one are the same "not found"."""
    normalized = receipt_code_normalize(code)
    receipt = None
    if normalized:
        receipt = (
            PublicReceipt.objects.select_related(
                "complaint", "complaint__agency", "complaint__assigned_to", "complaint__category_item"
            )
            .filter(code_hash=_code_hash(normalized))
            .first()
        )
    if receipt is None:
        raise NotFoundOrForbidden("诉求")
    return receipt


def _public_note(step: ComplaintStep) -> str:
    return mask_text(step.note) if step.kind in PUBLIC_NOTE_KINDS else ""


def public_steps(complaint: Complaint) -> list[PublicStep]:
    """Every step of the loop as the public sees it: kind, time, unit; no person; the complainant's notes masked."""
    steps: Iterable[ComplaintStep] = complaint.steps.select_related("unit").order_by("at", "pk")
    return [
        PublicStep(
            kind=s.kind,
            label=s.get_kind_display(),
            at=s.at,
            unit=s.unit.name if s.unit else "",
            note=_public_note(s),
        )
        for s in steps
    ]


def public_status_notes(complaint: Complaint) -> str:
    """The latest step, as Open311's ``status_notes``: its kind and, if meant for the complainant, its note."""
    step = complaint.steps.order_by("-at", "-pk").first()
    if step is None:
        return ""
    note = _public_note(step)
    return f"{step.get_kind_display()}：{note}" if note else step.get_kind_display()


def public_track(*, code: str) -> Tracking:
    receipt = access_public_receipt(code=code)
    c = receipt.complaint
    return Tracking(
        receipt=receipt,
        number=c.number,
        category=c.category_item.name if c.category_item else c.category,
        content=mask_text(c.content),
        location=mask_text(c.location),
        status=c.status,
        status_label=c.get_status_display(),
        received_at=c.received_at,
        due_at=c.current_due_at if c.status != ComplaintStatus.CLOSED else None,
        steps=public_steps(c),
        rating=receipt.get_rating_display() if _rated_this_closing(receipt) else "",
        can_rate=c.status == ComplaintStatus.CLOSED and not _rated_this_closing(receipt),
        reopen_refusal=reopen_refusal(receipt),
    )


def public_receipts() -> QuerySet[PublicReceipt]:
    """Every complaint the public submitted (the ones Open311's GET lists), newest first."""
    return PublicReceipt.objects.select_related(
        "complaint", "complaint__agency", "complaint__assigned_to", "complaint__category_item"
    ).order_by("-submitted_at", "-pk")
