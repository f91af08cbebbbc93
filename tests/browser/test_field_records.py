"""A 现场检查笔录 made on a phone: signatures drawn on the screen, a photo with EXIF GPS hashed on the device."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import login
from tests.browser.pages import wait_until

pytestmark = pytest.mark.browser


def _open_case_of(username: str) -> Any:
    """A demo case that is open, has the user as handler and at least two handlers with valid certificates."""
    from fazhi.accounts.models import User
    from fazhi.agencies.selectors import officer_certificate_problem
    from fazhi.cases.models import OPEN_STATES, Case
    from fazhi.core import clock

    officer = User.objects.get(username=username).officer
    today = clock.today()
    for case in Case.objects.filter(state__in=OPEN_STATES, handlers__officer=officer).order_by("pk"):
        officers = [h.officer for h in case.handlers.select_related("officer")]
        if len([o for o in officers if officer_certificate_problem(officer=o, on=today) is None]) >= 2:
            return case
    raise AssertionError(f"演示数据中没有{username}承办、未结案且有两名持证承办人的案件")


def _jpeg_with_gps(taken: str) -> bytes:
    image = Image.new("RGB", (320, 240), (180, 90, 40))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    exif.get_ifd(0x8769)[0x9011] = "+08:00"  # OffsetTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (24.0, 7.0, 30.0), 3: "E", 4: (113.0, 39.0, 15.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _draw(page: Any, pad: Any) -> None:
    canvas = pad.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 18, y + (18 if step % 2 else -18), steps=3)
    page.mouse.up()


def test_an_inspection_record_is_made_on_a_phone_with_signatures_and_a_gps_photo(
    browser: Any, phone_context_args: dict[str, Any]
) -> None:
    from django.utils import timezone

    from fazhi.core import clock
    from fazhi.evidence.models import FieldRecord, Signature

    case = _open_case_of("duiyuan1")
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        login(page, "duiyuan1")
        page.goto(f"/evidence/case/{case.pk}/")
        page.click("text=制作现场检查（勘验）笔录")
        page.wait_for_selector("#field-record-form")
        assert page.evaluate("document.querySelector('.field-record').scrollWidth") <= 390

        page.fill("#f-place", "东城区人民路12号门前")
        page.fill("textarea[name=content]", "现场检查发现当事人在店外占道经营，占用人行道约3平方米。")
        pads = page.locator(".signature-pad[data-field^='officer_signature_']")
        officer_pads = pads.count()
        assert officer_pads >= 2
        _draw(page, page.locator(".signature-pad[data-field='party_signature']"))
        for i in range(officer_pads):
            _draw(page, pads.nth(i))
        assert page.input_value("input[name=party_signature]").startswith("data:image/png;base64,")

        taken = timezone.localtime(clock.now() - timedelta(minutes=15))  # Beijing time, as the phone's camera
        photo = _jpeg_with_gps(f"{taken:%Y:%m:%d %H:%M:%S}")
        page.set_input_files(
            "input[name=photo]", files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": photo}]
        )
        wait_until(page, "document.querySelector('input[name=gps_source]').value === 'exif'")
        assert page.input_value("input[name=client_sha256]") == hashlib.sha256(photo).hexdigest()
        assert page.input_value("input[name=device_taken_at]").endswith("+08:00")

        page.click("button[type=submit].wide")
        page.wait_for_url("**/records/*/")
        assert "已制作现场检查（勘验）笔录" in page.inner_text("main")
        images = page.locator("img.signature-image")
        assert images.count() == 1 + officer_pads
        wait_until(page, "[...document.querySelectorAll('img.signature-image')].every(i => i.naturalWidth > 0)")
    finally:
        context.close()

    record = FieldRecord.objects.filter(case=case).order_by("-pk").first()
    assert record is not None and record.place == "东城区人民路12号门前"
    signatures = list(Signature.objects.filter(record=record).select_related("evidence"))
    assert sorted(s.signer_role for s in signatures) == ["officer"] * officer_pads + ["party"]
    assert all(
        s.evidence and s.evidence.content_type == "image/png" and s.sha256 == s.evidence.sha256 for s in signatures
    )
    (stored,) = record.photos.all()
    assert stored.sha256 == stored.client_sha256 == hashlib.sha256(photo).hexdigest()
    assert stored.gps_source == "exif"
    assert (stored.latitude, stored.longitude) == (Decimal("24.125000"), Decimal("113.654167"))
    assert stored.device_taken_at is not None
    assert abs((stored.device_taken_at - taken).total_seconds()) < 1
    assert record.evidence is not None and record.evidence.file_type == "pdf"


def test_a_photo_without_exif_gps_is_located_by_the_device_on_the_evidence_page(
    browser: Any, phone_context_args: dict[str, Any]
) -> None:
    """The Geolocation API stands in for EXIF GPS; js-sha256 hashes in chunks where crypto.subtle is missing."""
    case = _open_case_of("duiyuan1")
    image = Image.new("RGB", (200, 120), (30, 120, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    photo = buffer.getvalue()
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        login(page, "duiyuan1")
        page.goto(f"/evidence/case/{case.pk}/")
        assert page.evaluate("document.querySelector('.evidence-page').scrollWidth") <= 390
        page.select_option("select[name=kind]", "physical")
        page.fill("input[name=title]", "无定位信息的现场照片")
        page.fill("input[name=collected_at]", page.get_attribute("input[name=collected_at]", "max") or "")
        page.set_input_files("input[name=file]", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": photo}])
        wait_until(page, "document.querySelector('input[name=gps_source]').value === 'device'")
        assert page.input_value("input[name=latitude]") == "24.123456"
        page.click("form:has(input[name=action][value=upload]) button[type=submit]")
        page.wait_for_selector("text=已上传证据「无定位信息的现场照片」")
        hashes = page.evaluate(_SUBTLE_AND_FALLBACK)  # a plain-http intranet has no crypto.subtle: js-sha256 in chunks
    finally:
        context.close()
    expected = hashlib.sha256(bytes(i % 251 for i in range(9 * 1024 * 1024 + 17))).hexdigest()
    assert hashes == [expected, expected]
    _check_located(case, photo)


_SUBTLE_AND_FALLBACK = """async () => {
  const blob = new Blob([new Uint8Array(9 * 1024 * 1024 + 17).map((_, i) => i % 251)]);
  const subtle = await window.fazhiCapture.sha256(blob);
  Object.defineProperty(window.crypto, "subtle", {value: undefined, configurable: true});
  return [subtle, await window.fazhiCapture.sha256(blob)];
}"""


def _check_located(case: Any, photo: bytes) -> None:
    from fazhi.evidence.models import Evidence

    evidence = Evidence.objects.filter(case=case, title="无定位信息的现场照片").get()
    assert (evidence.gps_source, evidence.latitude, evidence.longitude) == (
        "device",
        Decimal("24.123456"),
        Decimal("113.654321"),
    )
    assert evidence.client_sha256 == evidence.sha256 == hashlib.sha256(photo).hexdigest()
    assert evidence.device_taken_at is not None
