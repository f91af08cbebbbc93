"""Issue 9 acceptance: an officer reserves a block of pre-numbered 当场处罚决定书 online, goes offline, makes a ticket
with a photo (EXIF GPS) and the party's and both officers' signatures drawn with the mouse, sees it queued, goes
online and sees it synced; the server holds exactly one case under the reserved number with the signatures and the
photo's hash and position; the PDF answers; the same item sent again — also twice at once — makes one ticket."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.browser.conftest import login
from tests.field.media import GPS_LATITUDE, GPS_LONGITUDE, data_url, gps_jpeg, sha256, signature_png

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def _draw(page: Any, field: str) -> None:
    """Sign on the pad of ``field`` with the mouse: a zigzag across its canvas."""
    canvas = page.locator(f'.signature-pad[data-field="{field}"] canvas')
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(x + w * (0.1 + 0.1 * i), y + h * (0.3 if i % 2 else 0.7), steps=3)
    page.mouse.up()


def _fetch_twice(page: Any, body: dict[str, Any]) -> list[int]:
    """POST the same item twice at once from the page (its session and CSRF cookie)."""
    return list(
        page.evaluate(
            """async (body) => {
                const token = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
                const send = () => fetch("/api/field/submissions", {method: "POST", credentials: "same-origin",
                    headers: {"Content-Type": "application/json", "X-CSRFToken": token}, body: JSON.stringify(body)})
                    .then((r) => r.status);
                return Promise.all([send(), send()]);
            }""",
            body,
        )
    )


def test_offline_ticket_is_queued_then_synced_once(browser, phone_context_args, base_url) -> None:  # type: ignore[no-untyped-def]
    from fazhi.agencies.models import Officer
    from fazhi.cases.models import Case
    from fazhi.evidence.models import Evidence, Signature

    context = browser.new_context(**{**phone_context_args, "base_url": base_url})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        login(page, "duiyuan1")
        page.goto("/field/")
        page.wait_for_selector("body[data-ready='1']")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_selector("body[data-ready='1']")

        # online: reserve a block of five numbers to this device
        page.click("button[data-tab=queue]")
        page.fill("#block-form input[name=count]", "5")
        page.click("#block-form button[type=submit]")
        page.wait_for_selector("#blocks li:has-text('尚余 5 份')")
        number = page.evaluate("window.fazhiField.state.bundle.blocks[0].numbers[0]")
        device_id = page.inner_text("#device-id").strip()

        # offline: the shell still opens (service worker), the ticket is made and queued
        context.set_offline(True)
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.inner_text("#net") == "离线"
        page.click("button[data-tab=ticket]")
        assert number in page.inner_text("#ticket-number")
        page.fill("#t-item", "SL-SR-001")
        page.dispatch_event("#t-item", "change")
        assert page.input_value("input[name=power_item_code]") == "SL-SR-001"
        o1 = Officer.objects.get(name="刘晓东")
        o2 = Officer.objects.get(name="黄志强")
        page.check(f"#t-officers input[value='{o2.pk}']")
        page.select_option("select[name=party_kind]", "person")
        page.fill("input[name=party_name]", "李四")
        page.fill("input[name=location]", "城东路与建设路交叉口")
        page.fill("textarea[name=facts]", "在城东路随意倾倒生活垃圾")
        page.fill("input[name=fine]", "100")
        page.check("input[name=told]")
        page.select_option("select[name=party_response]", "declined")
        photo = gps_jpeg()
        page.set_input_files("#t-photos", files=[{"name": "scene.jpg", "mimeType": "image/jpeg", "buffer": photo}])
        page.wait_for_selector("#t-photo-list li:has-text('GPS')")
        for field in ("t_party", f"t_officer_{o1.pk}", f"t_officer_{o2.pk}"):
            _draw(page, field)
        page.click("#ticket-form button[type=submit]")
        queued = page.wait_for_selector("#queue li[data-status=queued]")
        assert number in queued.inner_text() and "待发送" in queued.inner_text()
        assert not Case.objects.filter(simple_form_number=number).exists()
        queued_item = page.evaluate("window.fazhiField.state.queue.find((q) => q.status === 'queued')")

        # online again: the online event sends it
        context.set_offline(False)
        sent = page.wait_for_selector("#queue li[data-status=sent]")
        assert number in sent.inner_text()
        pdf_href = page.get_attribute("#queue li[data-status=sent] a.fz-pdf", "href")

        case = Case.objects.get(simple_form_number=number)
        assert case.decision.number == number and case.procedure == "simple"
        signatures = list(Signature.objects.filter(case=case, document="simple_decision"))
        assert sorted(s.signer_role for s in signatures) == ["officer", "officer", "party"]
        assert {s.officer_id for s in signatures if s.signer_role == "officer"} == {o1.pk, o2.pk}
        assert all(len(s.sha256) == 64 for s in signatures)
        evidence = Evidence.objects.get(case=case, kind="audiovisual")
        assert evidence.sha256 == sha256(photo) == evidence.client_sha256
        assert evidence.gps_source == "exif"
        assert abs(float(evidence.latitude) - GPS_LATITUDE) < 1e-5
        assert abs(float(evidence.longitude) - GPS_LONGITUDE) < 1e-5

        pdf = page.request.get(pdf_href)
        assert pdf.status == 200 and pdf.headers["content-type"].startswith("application/pdf")

        # the same item again (twice at once): the stored answer, no second ticket
        item = page.evaluate("window.fazhiField.state.queue.find((q) => q.status === 'sent')")
        # once accepted, the device keeps the receipt and the number used, not the party's data
        assert item["data"] == {"form_number": number} and item["photos"] == [] and item["signatures"] == []
        replay = {k: queued_item[k] for k in ("client_id", "kind", "device_id", "data")}
        assert _fetch_twice(page, replay) == [200, 200]
        assert Case.objects.filter(simple_form_number=number).count() == 1

        # a new item sent twice at once by two server workers: accepted once, answered twice
        second = page.evaluate("window.fazhiField.state.bundle.blocks[0].numbers[1]")
        fresh = json.loads(json.dumps(replay))
        fresh["client_id"] = str(uuid.uuid4())
        fresh["data"]["form_number"] = second
        fresh["photos"] = []
        fresh["signatures"] = [
            {"signer_role": "party", "signer_name": "李四", "image": data_url(signature_png(1), "image/png")},
            *(
                {
                    "signer_role": "officer",
                    "signer_name": o.name,
                    "officer_id": o.pk,
                    "image": data_url(signature_png(i), "image/png"),
                }
                for i, o in enumerate((o1, o2), 2)
            ),
        ]
        assert device_id == fresh["device_id"]
        assert sorted(_fetch_twice(page, fresh)) == [200, 201]
        assert Case.objects.filter(simple_form_number=second).count() == 1
    finally:
        context.close()
