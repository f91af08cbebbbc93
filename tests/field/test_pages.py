"""The field client's pages: the shell, its manifest and service worker, and the reservation page of the 内勤."""

from __future__ import annotations

import json

from django.test import Client

from fazhi.cases.models.execution import FormBlock


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_shell_manifest_and_service_worker(cast) -> None:  # type: ignore[no-untyped-def]
    shell = _client(cast.handler1).get("/field/")
    assert shell.status_code == 200
    text = shell.content.decode()
    assert "当场处罚" in text and "/field/manifest.webmanifest" in text and "field/field.js" in text
    config = json.loads(text.split('id="field-config" type="application/json">')[1].split("</script>")[0])
    assert config["submissions"] == "/api/field/submissions" and config["bundle"] == "/api/field/bundle"

    manifest = Client().get("/field/manifest.webmanifest")
    data = json.loads(manifest.content)
    assert manifest["Content-Type"] == "application/manifest+json"
    assert data["start_url"] == "/field/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}

    sw = Client().get("/field/sw.js")
    assert sw["Content-Type"].startswith("application/javascript")
    assert sw["Service-Worker-Allowed"] == "/field/"
    body = sw.content.decode()
    assert '"/field/"' in body and "field/field.css" in body and "/api/field/bundle" in body


def test_the_shell_needs_a_login(db) -> None:  # type: ignore[no-untyped-def]  # a request may refresh the holiday table
    assert Client().get("/field/").status_code == 302


def test_the_clerk_reserves_a_block_for_an_officers_device(cast) -> None:  # type: ignore[no-untyped-def]
    clerk = _client(cast.clerk)
    page = clerk.get("/field/blocks/")
    assert page.status_code == 200 and cast.officers[0].name in page.content.decode()
    r = clerk.post("/field/blocks/", {"officer": cast.officers[0].pk, "device_id": "dev-1", "count": "4"})
    assert r.status_code == 302
    block = FormBlock.objects.get()
    assert (block.officer, block.device_id, block.last_no - block.first_no + 1) == (cast.officers[0], "dev-1", 4)
    for bad in (
        {"officer": "x", "device_id": "d", "count": "4"},
        {"device_id": "d", "count": "999999999"},
        {"device_id": "d", "count": "²"},  # a Unicode digit int() refuses
    ):
        assert clerk.post("/field/blocks/", bad, follow=True).status_code == 200
    assert FormBlock.objects.count() == 1
    # an officer reserves for himself only
    officer = _client(cast.handler2)
    other = {"officer": cast.officers[0].pk, "device_id": "dev-2", "count": "2"}
    r = officer.post("/field/blocks/", other, follow=True)
    assert "内勤" in r.content.decode() and FormBlock.objects.count() == 1


def test_the_admin_shows_submissions_and_form_stocks_read_only(admin_user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    for url in ("/admin/field/fieldsubmission/", "/admin/cases/formstock/"):
        assert client.get(url).status_code == 200, url
        assert client.get(url + "add/").status_code == 403, url
