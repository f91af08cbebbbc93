"""field_record_create and signature_record: the 笔录 made in the field and handwritten signatures."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date, timedelta

import pytest

from fazhi.agencies.models import Certificate
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.evidence.field import SignatureIn, field_record_create, parse_signature_image, signature_record
from fazhi.evidence.models import Evidence, FieldRecord, Signature
from fazhi.evidence.recordpdf import record_pdf
from fazhi.evidence.selectors import signature_image, signatures_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
WITNESS_PNG = b"\x89PNG\r\n\x1a\n" + b"witness" * 10


def _counts() -> tuple[int, int, int, int]:
    return FieldRecord.objects.count(), Signature.objects.count(), Evidence.objects.count(), AuditEvent.objects.count()


def _create(registered, **kw):  # type: ignore[no-untyped-def]
    now = clock.now()
    args = {
        "actor": registered.lead_user,
        "case": registered.case,
        "kind": "inspection",
        "place": "人民路12号",
        "started_at": now - timedelta(minutes=40),
        "ended_at": now - timedelta(minutes=5),
        "subject_name": "张三",
        "subject_id_number": "110105194912310021",
        "content": "检查发现店外占道经营，面积约3平方米。",
        "officers": [registered.lead, registered.second],
        "recorder": registered.lead,
        "signatures": [
            SignatureIn("party", "张三", PNG),
            SignatureIn("officer", "", PNG, officer_id=registered.lead.pk),
            SignatureIn("officer", "", PNG + b"2", officer_id=registered.second.pk),
        ],
    }
    args.update(kw)
    return field_record_create(**args)


def test_a_record_is_stored_with_its_signatures_as_evidence_and_itself_as_a_pdf(registered) -> None:
    record = _create(registered)
    signatures = signatures_for(registered.case, "inspection_record", record)
    assert [(s.signer_role, s.signer_name) for s in signatures] == [
        ("party", "张三"),
        ("officer", "甲"),
        ("officer", "乙"),
    ]
    assert all(s.evidence and s.evidence.sha256 == s.sha256 for s in signatures)
    assert signatures[0].evidence.kind == "inspection_record" and signatures[0].evidence.content_type == "image/png"
    assert signature_image(signatures[0]) == PNG
    assert record.evidence is not None and record.evidence.kind == "inspection_record"
    assert record.evidence.file_type == "pdf"
    assert set(record.officers.all()) == {registered.lead, registered.second}
    # files the server made (the PDF) or received whole (a signature) carry no device hash: nothing to verify
    assert record.evidence.client_sha256 == "" and all(s.evidence.client_sha256 == "" for s in signatures)


def test_an_inquiry_record_is_filed_as_the_party_statement(registered) -> None:
    record = _create(registered, kind="inquiry", signatures=[])
    assert record.evidence.kind == "party_statement"


def test_a_record_needs_two_officers(registered, media_root) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _create(registered, officers=[registered.lead], signatures=[])
    assert "执法人员不得少于两人（行政处罚法第四十二条）" in exc.value.message
    assert _counts() == before


def test_a_record_needs_officers_with_valid_certificates(registered) -> None:
    Certificate.objects.filter(officer=registered.second).update(valid_until=date(2026, 3, 10))
    before = _counts()
    with pytest.raises(RuleViolation) as exc:
        _create(registered, signatures=[])
    assert "行政处罚法第四十二条" in exc.value.message and "乙" in exc.value.message
    assert _counts() == before


def test_an_officer_who_is_not_a_handler_cannot_sign_as_officer(registered, make_officer) -> None:
    outsider = make_officer(name="丙")
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _create(registered, signatures=[SignatureIn("officer", "丙", PNG, officer_id=outsider.pk)])
    assert "不是本案承办人" in exc.value.message
    assert _counts() == before


def test_a_refusal_to_sign_needs_a_witness_name_and_signature(registered) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _create(registered, signatures=[SignatureIn("party", "张三", None, refused=True, refusal_reason="拒绝签名")])
    assert "见证人姓名" in exc.value.message and "见证人的签名" in exc.value.message
    assert _counts() == before


def test_a_witnessed_refusal_is_recorded_with_the_witness_signature(registered) -> None:
    record = _create(
        registered,
        signatures=[
            SignatureIn(
                "party",
                "张三",
                None,
                refused=True,
                refusal_reason="当事人拒绝签名",
                witness_name="李四",
                witness_image=WITNESS_PNG,
            )
        ],
    )
    (refusal,) = signatures_for(registered.case, "inspection_record", record)
    assert refusal.refused and refusal.evidence is None and refusal.witness_name == "李四"
    assert refusal.witness_evidence.sha256 == hashlib.sha256(WITNESS_PNG).hexdigest()
    assert signature_image(refusal) == WITNESS_PNG


def test_a_signature_is_added_to_a_record_later(registered) -> None:
    record = _create(registered, signatures=[])
    signature = signature_record(
        actor=registered.second_user,
        case=registered.case,
        document="inspection_record",
        record=record,
        sign=SignatureIn("officer", "", PNG, officer_id=registered.second.pk),
    )
    assert (signature.signer_name, signature.officer, signature.record) == ("乙", registered.second, record)


def test_a_signature_data_url_is_parsed_to_png_bytes() -> None:
    assert parse_signature_image("data:image/png;base64," + base64.b64encode(PNG).decode()) == PNG


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "签名为空：请在签名框内手写签名。"),
        ("data:image/jpeg;base64,AAAA", "签名图像格式无效：应为签名板生成的PNG图像（data:image/png;base64,…）。"),
        ("data:image/png;base64,@@@", "签名图像数据已损坏（不是有效的base64编码），请清除后重新签名。"),
        (
            "data:image/png;base64," + base64.b64encode(b"GIF89a").decode(),
            "签名图像不是PNG图片，请使用签名板重新签名。",
        ),
    ],
)
def test_a_bad_signature_data_url_is_refused_in_chinese(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_signature_image(value)
    assert exc.value.message == message


def test_the_filed_pdf_holds_the_text_with_the_id_number_masked_and_each_signature_hash(registered) -> None:
    from fazhi.core.storage import get_blob_store
    from fazhi.evidence.field import record_lines

    record = _create(registered)
    signatures = signatures_for(registered.case, "inspection_record", record)
    lines = record_lines(record, [registered.lead, registered.second], signatures)
    assert "身份证件号码：110105********0021" in lines and "执法人员：甲、乙" in lines
    assert all(any(s.sha256 in line for line in lines) for s in signatures)
    with get_blob_store().open(record.evidence.sha256) as reader:
        pdf = reader.read()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF") and b"/STSong-Light" in pdf
    text = _pdf_text(pdf)
    assert "身份证件号码：110105********0021" in text and "110105194912310021" not in text
    assert all(s.sha256 in text for s in signatures)
    assert record_pdf("现场检查笔录", lines) == record_pdf("现场检查笔录", lines)  # deterministic


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_text(pdf: bytes) -> str:
    """The shown strings of an uncompressed PDF whose Chinese font is encoded UniGB-UCS2-H (UTF-16BE), one per line."""

    def unescape(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        return bytes([int(code, 8)]) if code[:1].isdigit() else _ESCAPES.get(code, code)

    shown = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf, re.S)
    return "\n".join(re.sub(rb"\\([0-7]{1,3}|.)", unescape, raw).decode("utf-16-be", "replace") for raw in shown)


def test_a_record_ending_before_it_starts_is_refused_with_every_problem_at_once(registered) -> None:
    now = clock.now()
    with pytest.raises(ValidationError) as exc:
        _create(
            registered, place=" ", content="", started_at=now - timedelta(minutes=5), ended_at=now - timedelta(hours=1)
        )
    assert exc.value.message == "请填写地点（不超过300个字）；笔录内容不能为空；结束时间不能早于开始时间。"


def test_a_handler_removed_by_recusal_no_longer_signs_records_or_collects_evidence(registered) -> None:
    """回避: once removed (``removed_on``), the officer is no handler for 笔录, signatures or evidence."""
    from fazhi.cases.models import CaseHandler

    CaseHandler.objects.filter(case=registered.case, officer=registered.second).update(removed_on=clock.today())
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _create(registered)
    assert "不是本案承办人" in exc.value.message, exc.value.message
    assert _counts() == before
