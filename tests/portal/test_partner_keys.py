"""对接系统密钥 page (/publishing/partners/): 系统管理员 lists, issues (the key shown once) and revokes with a reason;
everyone else is refused; a revoked key no longer opens Open311."""

from __future__ import annotations

from django.test import Client

from fazhi.accounts.models import PartnerKey, Role, User
from fazhi.core.audit import audit_verify
from fazhi.core.models import AuditEvent
from tests.portal.test_open311 import REQUEST, Open311Client, assert_spec_error


def _session(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_an_administrator_issues_a_key_shown_once_and_revokes_it_with_a_reason(bureau, desk) -> None:
    admin = _session(bureau.admin)
    page = admin.get("/publishing/partners/")
    assert page.status_code == 200 and "尚未签发对接系统密钥" in page.content.decode()
    form = {"name": "市城市服务App", "purpose": "open311", "agency": str(bureau.bureau.pk)}
    answer = admin.post("/publishing/partners/issue/", form)
    html = answer.content.decode()
    partner = PartnerKey.objects.get()
    assert answer.status_code == 200 and partner.key_hash not in html
    key = html.split('<code style="font-size:1.1em;word-break:break-all">')[1].split("</code>")[0]
    assert key.startswith(partner.prefix)
    assert Open311Client(key).post_request(**REQUEST)[0] == 200
    listing = admin.get("/publishing/partners/").content.decode()
    assert key not in listing and partner.prefix in listing and "市城市服务App" in listing
    refused = admin.post(f"/publishing/partners/{partner.pk}/revoke/", {"reason": ""})
    assert refused.status_code == 400 and "请填写吊销理由" in refused.content.decode()
    assert PartnerKey.objects.get().revoked_at is None
    done = admin.post(f"/publishing/partners/{partner.pk}/revoke/", {"reason": "合同到期"})
    assert done.status_code == 302
    assert "合同到期" in admin.get("/publishing/partners/").content.decode()
    assert_spec_error(*Open311Client(key).post_request(**REQUEST), 403)
    actions = set(AuditEvent.objects.filter(entity_type="accounts.partnerkey").values_list("action", flat=True))
    assert actions == {"partner_key.issue", "partner_key.revoke"}
    assert audit_verify().ok


def test_a_refused_issue_keeps_what_was_typed(bureau) -> None:
    admin = _session(bureau.admin)
    answer = admin.post("/publishing/partners/issue/", {"name": "某系统", "purpose": "nope", "agency": "x"})
    assert answer.status_code == 400 and "请选择受理机构" in answer.content.decode()
    form = {"name": "某系统", "purpose": "nope", "agency": bureau.bureau.pk}
    answer = admin.post("/publishing/partners/issue/", form)
    assert answer.status_code == 400 and "用途只能是" in answer.content.decode() and "某系统" in answer.content.decode()
    assert not PartnerKey.objects.exists()


def test_others_are_refused_and_no_key_is_issued_or_revoked(bureau, make_user) -> None:
    head = _session(make_user(bureau.bureau, Role.HEAD))
    assert head.get("/publishing/partners/").status_code == 403
    assert "只有系统管理员" in head.get("/publishing/partners/").content.decode()
    form = {"name": "x", "purpose": "open311", "agency": str(bureau.bureau.pk)}
    assert head.post("/publishing/partners/issue/", form).status_code == 403
    admin = _session(bureau.admin)
    admin.post("/publishing/partners/issue/", form)
    partner = PartnerKey.objects.get()
    assert head.post(f"/publishing/partners/{partner.pk}/revoke/", {"reason": "r"}).status_code == 403
    assert PartnerKey.objects.get().revoked_at is None
    assert admin.post("/publishing/partners/abc/revoke/", {"reason": "r"}).status_code == 404
    assert admin.post("/publishing/partners/999999/revoke/", {"reason": "r"}).status_code == 404
    assert Client().get("/publishing/partners/").status_code == 302  # to the login page
