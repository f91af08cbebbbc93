"""Printing on the spot: the print view and the PDF of the 当场处罚决定书 and the 笔录 (A4 and the 80 mm roll)."""

from __future__ import annotations

import re
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation
from fazhi.documents import printing
from tests.cases.flow import registered_case, travel

MM = 72 / 25.4  # PDF points per millimetre


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def simple_case(monkeypatch, bureau, cast) -> Case:
    travel(monkeypatch, date(2025, 6, 3))
    services.form_stock_receive(actor=cast.head, agency=bureau.bureau, prefix="示城当", first_no=1, last_no=100)
    return services.simple_case_decide(
        actor=cast.handler1,
        agency=bureau.squad,
        power_item_code="SL-SZ-001",
        party_kind="person",
        party_name="李四",
        party_id_number="11010519491231002X",
        party_address="示范市解放路8号",
        act_date=date(2025, 6, 3),
        handlers=cast.officers,
        penalty_kinds=["fine"],
        fine=Decimal("100"),
        facts="当事人擅自占用解放路人行道摆摊经营。",
        location="示范市解放路8号门前",
        told=True,
        party_response="declined",
        refused_to_sign=True,
    )


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (WeasyPrint packs the page and font objects in streams)."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    found = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", _pdf_text(pdf))
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in found]


def _media_box(pdf: bytes) -> tuple[float, float]:
    pdf = _pdf_text(pdf)
    found = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert found is not None, "no MediaBox in the PDF"
    x0, y0, x1, y1 = (float(v) for v in found.groups())
    return x1 - x0, y1 - y0


def test_the_print_view_has_the_docx_content_the_form_number_and_a_print_button(simple_case, cast) -> None:
    response = _client(cast.handler1).get(f"/documents/case/{simple_case.pk}/print/simple_decision/?paper=a4")
    assert response.status_code == 200
    html = response.content.decode()
    assert "documents/print.js" in html and 'id="print-button"' in html and ">打印</button>" in html
    assert "当场行政处罚决定书" in html and simple_case.simple_form_number in html
    assert "11010519491231002X" in html  # in full, as the .docx prints it (the party is identified)
    assert "罚款人民币壹佰元整（¥100.00）" in html  # wording.penalty_text through the .docx context
    assert "申请行政复议" in html and "行政复议法第二十三条" in html  # the remedy notice of a 当场 decision
    for officer in cast.officers:
        certificate = officer.certificates.first()
        assert officer.name in html and certificate.number in html
    assert "（未签名）" in html  # no signature recorded yet
    assert "当事人拒绝签收，执法人员已当场注明" in html
    assert "@page" in html and "size: A4" in html


def test_the_simple_decision_pdf_on_a4_and_on_the_80mm_roll(simple_case, cast) -> None:
    client = _client(cast.handler1)
    a4 = client.get(f"/documents/case/{simple_case.pk}/print/simple_decision/pdf/?paper=a4")
    assert a4.status_code == 200 and a4["Content-Type"] == "application/pdf"
    assert "attachment" in a4["Content-Disposition"]
    assert a4.content.startswith(b"%PDF")
    objects = _pdf_text(a4.content)
    embedded = re.findall(rb"/FontName\s*/([A-Z]{6}\+[\w-]+)", objects)  # subset fonts: ABCDEF+Name
    assert re.search(rb"/FontFile[23]?\s", objects), "no embedded font program"
    assert any(b"CJK" in name or b"Han" in name for name in embedded), embedded
    width, height = _media_box(a4.content)
    assert round(width / MM) == 210 and round(height / MM) == 297
    roll = client.get(f"/documents/case/{simple_case.pk}/print/simple_decision/pdf/?paper=80mm")
    assert roll.status_code == 200 and roll.content.startswith(b"%PDF")
    boxes = _media_boxes(roll.content)
    assert len(boxes) == 1  # one page: a roll is cut where the content ends
    width, height = boxes[0]
    assert round(width / MM) == 80
    assert 150 < height / MM < 1000 and round(height / MM) != 297  # not an A4 length nor the first pass's 5 m


def test_the_api_gives_the_same_pdf(simple_case, cast) -> None:
    response = _client(cast.handler1).get(f"/api/documents/cases/{simple_case.pk}/print/simple_decision.pdf?paper=80mm")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert round(_media_box(response.content)[0] / MM) == 80


def test_a_general_case_has_no_simple_decision_to_print(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    client = _client(cast.handler1)
    page = client.get(f"/documents/case/{case.pk}/print/simple_decision/")
    assert page.status_code == 409 and "一般程序案件不使用《当场行政处罚决定书》" in page.content.decode()
    api = client.get(f"/api/documents/cases/{case.pk}/print/simple_decision.pdf")
    assert api.status_code == 409 and "当场行政处罚决定书" in api.json()["message"]
    with pytest.raises(RuleViolation):
        printing.print_html(actor=cast.handler1, case=case, kind="simple_decision")
    blank = client.get(f"/documents/case/{case.pk}/print/inspection_record/?paper=80mm")
    assert blank.status_code == 200 and "现场检查（勘验）笔录" in blank.content.decode()


def test_others_cases_answer_not_found_and_anonymous_users_log_in(simple_case, cast, officer_elsewhere) -> None:
    other = _client(officer_elsewhere)
    assert other.get(f"/documents/case/{simple_case.pk}/print/simple_decision/").status_code == 404
    assert other.get(f"/documents/case/{simple_case.pk}/print/simple_decision/pdf/").status_code == 404
    assert other.get(f"/api/documents/cases/{simple_case.pk}/print/simple_decision.pdf").status_code == 404
    with pytest.raises(NotFoundOrForbidden):
        printing.print_html(actor=officer_elsewhere, case=simple_case, kind="simple_decision")
    anonymous = Client()
    assert anonymous.get(f"/documents/case/{simple_case.pk}/print/simple_decision/").status_code == 302
    assert anonymous.get(f"/api/documents/cases/{simple_case.pk}/print/simple_decision.pdf").status_code == 401


def test_unknown_kind_paper_or_record_is_refused_in_chinese(simple_case, cast) -> None:
    client = _client(cast.handler1)
    kind = client.get(f"/documents/case/{simple_case.pk}/print/penalty_decision/")
    assert kind.status_code == 400 and "可打印的文书为" in kind.content.decode()
    paper = client.get(f"/documents/case/{simple_case.pk}/print/simple_decision/?paper=a5")
    assert paper.status_code == 400 and "纸张应为" in paper.content.decode()
    record = client.get(f"/documents/case/{simple_case.pk}/print/inspection_record/?record=abc")
    assert record.status_code == 400 and "笔录编号无效" in record.content.decode()


def test_without_a_cjk_font_the_pdf_is_refused_in_chinese(simple_case, cast, monkeypatch) -> None:
    monkeypatch.setattr(printing, "cjk_font_families", lambda: ())
    response = _client(cast.handler1).get(f"/documents/case/{simple_case.pk}/print/simple_decision/pdf/")
    assert response.status_code == 409 and "服务器未安装中文字体" in response.content.decode()
    assert "fonts-noto-cjk" in response.content.decode()
    # the browser's print view still works: the client's own fonts print it
    assert _client(cast.handler1).get(f"/documents/case/{simple_case.pk}/print/simple_decision/").status_code == 200


def test_fontconfig_finds_the_installed_cjk_fonts() -> None:
    families = printing.cjk_font_families()
    assert families, "fonts-noto-cjk (or another CJK font) should be installed for the PDF tests"
    assert any("CJK" in f or "Han" in f or "Song" in f for f in families)


def test_the_documents_panel_links_the_print_views(simple_case, cast) -> None:
    html = _client(cast.handler1).get(f"/documents/case/{simple_case.pk}/").content.decode()
    assert f"/documents/case/{simple_case.pk}/print/simple_decision/?paper=80mm" in html
    assert f"/documents/case/{simple_case.pk}/print/simple_decision/?paper=a4" in html
