"""The public side of the loop: submit with a photo and a place, follow by the receipt code, rate, reopen once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.complaints.models import Complaint, ComplaintStatus, PublicChannel, PublicReceipt, StepKind
from fazhi.complaints.public import (
    PORTAL_ACTOR,
    TRACKER_ACTOR,
    public_agency,
    public_complaint_rate,
    public_complaint_reopen,
    public_complaint_submit,
    public_track,
    receipt_code_normalize,
)
from fazhi.complaints.services import complaint_close, complaint_dispatch, complaint_handle, complaint_verify
from fazhi.core.audit import audit_verify
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.core.storage import get_blob_store

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 200


def photo(data: bytes = JPEG, name: str = "现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def submit(desk, bureau, **fields):  # type: ignore[no-untyped-def]
    values = {
        "description": "人行道上有人占道经营烧烤，油烟很大",
        "address": "清源县人民路18号门口",
        "latitude": "28.123456",
        "longitude": "113.654321",
        "contact_name": "王小明",
        "contact_phone": "13912345678",
    }
    values.update(fields)
    upload = values.pop("photo", photo())
    return public_complaint_submit(
        actor=PORTAL_ACTOR,
        agency=bureau.bureau,
        channel=PublicChannel.PORTAL,
        category=desk.two_hours,
        fields=values,
        photo=upload,
    )


def close_loop(desk, complaint: Complaint, *, result: str = "已劝离摊贩，清理油污") -> Complaint:  # type: ignore[no-untyped-def]
    complaint = Complaint.objects.get(pk=complaint.pk)
    if complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.RETURNED):
        complaint = complaint_dispatch(actor=desk.clerk, complaint=complaint)
    complaint = complaint_handle(actor=desk.east, complaint=complaint, handling_result=result)
    complaint = complaint_verify(actor=desk.clerk, complaint=complaint, passed=True)
    return complaint_close(actor=desk.clerk, complaint=complaint)


def test_a_submission_with_a_photo_answers_a_typable_code_stored_only_as_its_hash(desk, bureau) -> None:
    receipt, code = submit(desk, bureau)
    assert len(code) == 14 and code.count("-") == 2
    assert receipt_code_normalize(code.lower().replace("-", " ")) == code.replace("-", "")
    assert code.replace("-", "") not in receipt.code_hash and str(receipt.pk) not in code
    complaint = receipt.complaint
    assert complaint.source == "online" and complaint.status == ComplaintStatus.RECEIVED
    assert complaint.created_by is None and complaint.category_item == desk.two_hours
    assert str(receipt.latitude) == "28.123456" and str(receipt.longitude) == "113.654321"
    assert receipt.photo_type == "jpg" and get_blob_store().exists(receipt.photo_sha256)
    event = AuditEvent.objects.filter(entity_type="complaints.complaint", entity_id=str(complaint.pk)).last()
    assert event is not None and event.action == "complaint.public_submit"
    assert event.actor_id is None and event.actor_label == "公众（门户网站）"
    assert audit_verify().ok


def test_the_portal_receives_in_the_one_bureau(desk, bureau) -> None:
    assert public_agency() == bureau.bureau


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": ""}, "请填写诉求内容"),
        ({"description": "占" * 2001}, "诉求内容不能超过2000个字符"),
        ({"latitude": "91", "longitude": "113"}, "纬度应为-90到90之间"),
        ({"latitude": "28", "longitude": "-180.5"}, "经度应为-180到180之间"),
        ({"latitude": "NaN", "longitude": "1"}, "纬度应为"),
        ({"latitude": "1e999999", "longitude": "1"}, "纬度应为"),
        ({"latitude": "28", "longitude": ""}, "须同时填写纬度和经度"),
        ({"address": "", "latitude": "", "longitude": ""}, "请填写问题发生的地点"),
        ({"address": "路" * 301}, "地点不能超过300个字符"),
        ({"contact_phone": "12345"}, "联系电话格式不正确"),
        ({"photo": photo(b"MZ\x90\x00" + b"\x00" * 100, "a.jpg")}, "照片只能是JPG、PNG、HEIC格式"),
        ({"photo": photo(b"", "a.jpg")}, "空文件"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(desk, bureau, fields, message) -> None:
    with pytest.raises(ValidationError, match=message):
        submit(desk, bureau, **fields)
    assert not Complaint.objects.exists() and not PublicReceipt.objects.exists()


def test_a_photo_above_the_limit_is_refused(desk, bureau, settings) -> None:
    settings.FAZHI_PUBLIC_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="照片不能超过"):
        submit(desk, bureau)
    assert not Complaint.objects.exists()


def test_tracking_by_code_shows_every_step_without_staff_names_or_personal_data(desk, bureau) -> None:
    receipt, code = submit(desk, bureau, description="我电话13912345678，门口占道经营")
    close_loop(desk, receipt.complaint, result="已处理，联系人13987654321")
    t = public_track(code=code)
    assert [s.kind for s in t.steps] == ["register", "dispatch", "handle", "verify", "close"]
    assert t.status == ComplaintStatus.CLOSED and t.can_rate
    shown = " ".join([t.content, t.location, *(f"{s.label}{s.unit}{s.note}" for s in t.steps)])
    for secret in ("13912345678", "13987654321", "王小明", desk.clerk.display_name, desk.east.display_name):
        assert secret not in shown
    assert "139****5678" in t.content and "城东中队" in shown


@pytest.mark.parametrize("wrong", ["", "AAAA-AAAA-AAAA", "not a code", "🙂" * 12, "1" * 500, "０" * 12])
def test_a_wrong_code_is_the_same_not_found_as_any_other(desk, bureau, wrong) -> None:
    submit(desk, bureau)
    with pytest.raises(NotFoundOrForbidden) as exc:
        public_track(code=wrong)
    assert exc.value.message == "诉求不存在或您无权访问。"
    with pytest.raises(NotFoundOrForbidden):
        public_complaint_rate(actor=TRACKER_ACTOR, code=wrong, rating="satisfied")
    with pytest.raises(NotFoundOrForbidden):
        public_complaint_reopen(actor=TRACKER_ACTOR, code=wrong, reason="不满意")


def test_a_complaint_is_rated_once_it_is_closed_and_only_once(desk, bureau) -> None:
    receipt, code = submit(desk, bureau)
    with pytest.raises(RuleViolation, match="办结后才能评价"):
        public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="satisfied")
    close_loop(desk, receipt.complaint)
    with pytest.raises(ValidationError, match="请选择满意"):
        public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="none")
    public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="basically")
    complaint = Complaint.objects.get(pk=receipt.complaint_id)
    assert complaint.satisfaction == "basically"
    assert complaint.steps.filter(kind=StepKind.RATE, by=None).count() == 1
    with pytest.raises(RuleViolation, match="不能重复评价"):
        public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="unsatisfied")
    assert Complaint.objects.get(pk=complaint.pk).satisfaction == "basically"
    assert public_track(code=code).rating == "基本满意"


def test_reopen_needs_an_unsatisfied_rating_of_the_closed_complaint(desk, bureau) -> None:
    receipt, code = submit(desk, bureau)
    with pytest.raises(RuleViolation, match="办结后才能申请重办"):
        public_complaint_reopen(actor=TRACKER_ACTOR, code=code, reason="没处理")
    close_loop(desk, receipt.complaint)
    with pytest.raises(RuleViolation, match="评价为“不满意”后"):
        public_complaint_reopen(actor=TRACKER_ACTOR, code=code, reason="没处理")
    public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="unsatisfied")
    with pytest.raises(ValidationError, match="请写明不满意的原因"):
        public_complaint_reopen(actor=TRACKER_ACTOR, code=code, reason="  ")
    assert Complaint.objects.get(pk=receipt.complaint_id).status == ComplaintStatus.CLOSED


def test_the_first_reopen_sends_it_back_to_the_unit_and_the_second_is_refused(desk, bureau) -> None:
    receipt, code = submit(desk, bureau)
    close_loop(desk, receipt.complaint)
    public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="unsatisfied")
    public_complaint_reopen(actor=TRACKER_ACTOR, code=code, reason="第二天又来摆摊了")
    complaint = Complaint.objects.get(pk=receipt.complaint_id)
    assert complaint.status == ComplaintStatus.DISPATCHED and complaint.assigned_to == bureau.squad
    assert complaint.closed_at is None and complaint.rework_count == 1 and complaint.rework_due_at is not None
    step = complaint.steps.get(kind=StepKind.REOPEN)
    assert step.by is None and step.unit == bureau.squad and step.note == "第二天又来摆摊了"
    event = AuditEvent.objects.filter(action="complaint.public_reopen").get()
    assert event.actor_label == "诉求人（凭回执码）"
    t = public_track(code=code)
    assert t.status_label == "已交办" and t.steps[-1].label.startswith("重办")

    # The unit must handle it again; then, closed and again unsatisfied, the second reopen is refused.
    close_loop(desk, complaint, result="再次劝离，设置隔离栏")
    public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="unsatisfied")
    with pytest.raises(RuleViolation, match="只能申请重办1次"):
        public_complaint_reopen(actor=TRACKER_ACTOR, code=code, reason="还是不行")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == ComplaintStatus.CLOSED and complaint.steps.filter(kind=StepKind.REOPEN).count() == 1
    assert PublicReceipt.objects.get(pk=receipt.pk).reopen_count == 1
    assert "只能申请重办1次" in public_track(code=code).reopen_refusal
    assert audit_verify().ok
