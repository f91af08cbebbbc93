"""The print view with the 笔录 and the signatures of fazhi.evidence (read for documents through the print slots)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest
from django.test import Client

from fazhi.core import clock
from fazhi.evidence.field import SignatureIn, field_record_create, signature_record
from tests.cases.flow import registered_case
from tests.documents.test_printing import _client, simple_case  # noqa: F401  (the fixture)


def _png(width: int = 40, height: int = 12) -> bytes:
    """A real (decodable) black-on-white PNG, as the signature pad makes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes((0 if (x + y) % 5 == 0 else 255) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PNG = _png()
WITNESS = _png(30, 10)


@pytest.fixture
def recorded(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = registered_case(monkeypatch, bureau, cast)
    now = clock.now()
    lead, second = cast.officers[0], cast.officers[1]
    inspection = field_record_create(
        actor=cast.handler1,
        case=case,
        kind="inspection",
        place="示范市城东路1号院内",
        started_at=now - timedelta(minutes=50),
        ended_at=now - timedelta(minutes=10),
        subject_name="张三",
        subject_id_number="11010519491231002X",
        content="现场有一处新建砖混结构房屋，面积约50平方米。\n当事人未能出示建设工程规划许可证。",
        officers=[lead, second],
        recorder=lead,
        signatures=[SignatureIn("party", "张三", PNG), SignatureIn("officer", "", PNG, officer_id=lead.pk)],
    )
    inquiry = field_record_create(
        actor=cast.handler1,
        case=case,
        kind="inquiry",
        place="城东中队询问室",
        started_at=now - timedelta(minutes=9),
        ended_at=now - timedelta(minutes=1),
        subject_name="张三",
        content="问：房屋是谁建的？\n答：是我自己建的。",
        officers=[lead, second],
        recorder=second,
        signatures=[
            SignatureIn(
                "party",
                "张三",
                None,
                refused=True,
                refusal_reason="称不识字",
                witness_name="王五",
                witness_image=WITNESS,
            )
        ],
    )
    return case, inspection, inquiry


def test_an_inspection_record_prints_its_content_and_signatures_as_images(recorded, cast) -> None:
    case, inspection, _ = recorded
    client = _client(cast.handler1)
    html = client.get(f"/documents/case/{case.pk}/print/inspection_record/?paper=80mm&record={inspection.pk}")
    assert html.status_code == 200
    page = html.content.decode()
    assert "示范市城东路1号院内" in page and "当事人未能出示建设工程规划许可证" in page
    assert page.count("data:image/png;base64,") == 2  # the party and the lead officer
    assert "（未签名）" in page  # the second officer has not signed yet
    assert cast.officers[1].name in page and cast.officers[0].certificates.first().number in page
    pdf = client.get(f"/documents/case/{case.pk}/print/inspection_record/pdf/?paper=80mm&record={inspection.pk}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from tests.documents.test_printing import _media_box, _pdf_text

    assert b"/Subtype /Image" in _pdf_text(pdf.content) or b"/Subtype/Image" in _pdf_text(pdf.content)
    assert round(_media_box(pdf.content)[0] / (72 / 25.4)) == 80


def test_a_refusal_to_sign_is_printed_with_the_witness(recorded, cast) -> None:
    case, _, inquiry = recorded
    page = (
        _client(cast.handler1)
        .get(f"/documents/case/{case.pk}/print/inquiry_record/?record={inquiry.pk}")
        .content.decode()
    )
    assert "问：房屋是谁建的？" in page and "答：是我自己建的。" in page
    assert "拒绝签名（称不识字）" in page and "见证人：王五" in page
    assert page.count("data:image/png;base64,") == 1  # the witness's own signature


def test_a_record_of_another_kind_or_case_is_not_found(recorded, cast, monkeypatch, bureau) -> None:
    case, inspection, inquiry = recorded
    client = _client(cast.handler1)
    assert client.get(f"/documents/case/{case.pk}/print/inquiry_record/?record={inspection.pk}").status_code == 404
    assert client.get(f"/documents/case/{case.pk}/print/inspection_record/?record=99999").status_code == 404
    other = registered_case(monkeypatch, bureau, cast, shift=timedelta(days=1))
    assert client.get(f"/documents/case/{other.pk}/print/inquiry_record/?record={inquiry.pk}").status_code == 404
    assert client.get(f"/documents/case/{other.pk}/print/inquiry_record/?record=").status_code == 200  # blank form


def test_the_documents_panel_links_each_record(recorded, cast) -> None:
    case, inspection, inquiry = recorded
    html = _client(cast.handler1).get(f"/documents/case/{case.pk}/").content.decode()
    assert f"print/inspection_record/?paper=a4&amp;record={inspection.pk}" in html
    assert f"print/inquiry_record/?paper=80mm&amp;record={inquiry.pk}" in html


def test_the_simple_decision_prints_the_party_and_officer_signatures(simple_case, cast) -> None:  # noqa: F811
    signature_record(
        actor=cast.handler1, case=simple_case, document="simple_decision", sign=SignatureIn("party", "李四", PNG)
    )
    signature_record(
        actor=cast.handler1,
        case=simple_case,
        document="simple_decision",
        sign=SignatureIn("officer", "", PNG, officer_id=cast.officers[0].pk),
    )
    page = _client(cast.handler1).get(f"/documents/case/{simple_case.pk}/print/simple_decision/").content.decode()
    assert page.count("data:image/png;base64,") == 2 and "（未签名）" in page  # the second officer
    anonymous = Client().get(f"/documents/case/{simple_case.pk}/print/simple_decision/")
    assert anonymous.status_code == 302
