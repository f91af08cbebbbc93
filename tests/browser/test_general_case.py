"""A 一般程序 case through the pages, each step by the role that takes it in real life, on the real server.

案源登记 (officer) → 立案 (head) → evidence (officer) → 调查终结报告 (officer) → 案件审核 (squad leader) → 法制审核
(legal reviewer) → 事先告知 (officer) → 放弃陈述申辩/听证 (officer, as the party wrote) → 决定 (head) → 送达
(officer) → 缴款 (clerk) → 结案 (head) → 归档 (clerk). Each step asserts the state the page shows.

Forms are found by the action they post (``case_form``), never by their place on the page, and any ``<details>``
folding them is opened first: the case page folds the stages that are not current.
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from typing import Any

import pytest

from fazhi.accounts.models import User  # Django is set up by the conftest before the test modules are collected
from fazhi.cases.models import CaseState
from tests.browser.conftest import case_form, form_selector

pytestmark = pytest.mark.browser

ITEM = "SL-SZ-001"  # 擅自占用或者挖掘城市道路: the demo's sample power list
AREA = 9  # 面积 (㎡): the demo decides 900 元 for 9 ㎡, inside the item's discretion tier
FINE = "900"
PARTY = "浏览器测试当事人"


def _orm() -> dict[str, Any]:
    """The demo's records the steps need (Django is set up by the conftest once the server has migrated)."""
    officers = {u: User.objects.get(username=u).officer for u in ("duiyuan1", "duiyuan2")}
    assert all(officers.values()), "示范数据里 duiyuan1、duiyuan2 应是执法人员"
    agency = officers["duiyuan1"].agency  # type: ignore[union-attr]
    return {"officers": officers, "states": dict(CaseState.choices), "agency": agency}


def _submit(page: Any, form: Any) -> str:
    """Submit ``form``, wait for the answer and return its message (a refusal fails the test with its reason)."""
    with page.expect_navigation(wait_until="load"):
        form.locator("button[type=submit], input[type=submit]").first.click()
    errors = page.locator(".msg.error")
    if errors.count():
        raise AssertionError(f"{page.url} 拒绝：{errors.first.inner_text()}")
    ok = page.locator(".msg.success")
    return ok.first.inner_text() if ok.count() else ""


def _shows_state(page: Any, label: str) -> None:
    main = page.locator("main").inner_text()
    assert label in main, f"页面应显示状态「{label}」：{main[:300]}"


def _fill_item(page: Any, code: str) -> None:
    """The 执法事项: typed into the code field, or chosen through the search box that posts the code."""
    field = page.locator("[name=power_item_code]")
    if field.is_visible() and field.evaluate("e => e.tagName") == "INPUT":
        field.fill(code)
        return
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value=code)
        return
    search = page.locator("input[type=search], input[name*=item][name*=q], input[list]").first
    search.fill(code)
    option = page.locator(f"[data-code='{code}'], [data-value='{code}']").first
    if option.count():
        option.click()
    field.evaluate("(e, v) => { e.value = v; }", code)


def _fill_discretion(form: Any, facts: dict[str, int]) -> None:
    """The discretion facts: ``key=value`` lines, or one field per condition of the item."""
    text = form.locator("textarea[name=discretion_facts]")
    if text.count():
        text.fill("\n".join(f"{k}={v}" for k, v in facts.items()))
        return
    for key, value in facts.items():
        field = form.locator(f"[name*='{key}']")
        if field.count():
            field.first.fill(str(value))


def test_a_general_procedure_case_goes_from_lead_to_archive_through_the_pages(logged_in: Any) -> None:
    officer = logged_in("duiyuan1")
    data = _orm()
    states = data["states"]
    today = officer.evaluate("() => new Date().toLocaleDateString('sv-SE', {timeZone: 'Asia/Shanghai'})")

    # 1. 案源登记: the officer who found it.
    officer.goto("/cases/new/")
    officer.select_option("select[name=agency]", value=str(data["agency"].pk))
    _fill_item(officer, ITEM)
    officer.select_option("select[name=party_kind]", value="person")
    officer.fill("[name=party_name]", PARTY)
    officer.fill("[name=party_address]", "清源县城关镇解放路 1 号")
    act = (_date(today) - timedelta(days=3)).isoformat()
    officer.fill("[name=act_date]", act)
    officer.fill("[name=discovered_on]", (_date(today) - timedelta(days=1)).isoformat())
    officer.fill("[name=location]", "解放路与人民路交叉口")
    officer.fill("[name=facts]", f"当事人擅自占用城市道路堆放建材，面积约 {AREA} 平方米。")
    done = _submit(officer, officer.locator("main form[method=post]").first)
    assert "已登记案源" in done
    match = re.search(r"/cases/(\d+)/", officer.url)
    assert match, officer.url
    case_url = match.group(0)
    _shows_state(officer, states["lead"])

    # 2. 立案: the head of the legal subject approves, with two certified handlers.
    head = logged_in("juzhang")
    head.goto(case_url)
    form = case_form(head, "register")
    for o in data["officers"].values():
        form.locator(f"input[name=handler_ids][value='{o.pk}']").check()
    form.locator("[name=on]").fill(today)
    assert "立案" in _submit(head, form)
    _shows_state(head, states["investigating"])
    assert re.search(r"立字〔\d{4}〕第\d+号", head.locator("main").inner_text()), "立案后应显示立案号"

    # 3. Evidence: the handler uploads a site photo with where and when it was taken.
    officer.goto(f"/evidence/case/{match.group(1)}/")
    upload = case_form(officer, "upload")
    upload.locator("[name=title]").fill("现场照片")
    upload.locator("[name=collected_at]").fill(f"{_date(today) - timedelta(days=1)}T10:30")
    upload.locator("[name=location]").fill("解放路与人民路交叉口")
    upload.locator("[name=file]").set_input_files({"name": "site.png", "mimeType": "image/png", "buffer": _png()})
    _submit(officer, upload)
    assert "现场照片" in officer.locator("main").inner_text()

    # 4. 调查终结报告: the handler.
    officer.goto(case_url)
    form = case_form(officer, "conclude")
    form.locator("[name=facts]").fill(f"经查，当事人擅自占用城市道路堆放建材，面积 {AREA} 平方米。")
    form.locator("[name=evidence_summary]").fill("现场照片一张、现场检查笔录一份。")
    form.locator("[name=proposed_outcome]").select_option("penalty")
    form.locator("input[name=penalty_kinds][value=fine]").check()
    form.locator("[name=fine]").fill(FINE)
    _fill_discretion(form, {"面积": AREA})
    _submit(officer, form)
    _shows_state(officer, states["reviewing"])

    # 5. 案件审核: the squad leader, who is not a handler (办审分离).
    leader = logged_in("zhongduizhang")
    leader.goto(case_url)
    form = case_form(leader, "case_review")
    form.locator("[name=opinion]").select_option("agree")
    form.locator("[name=text]").fill("事实清楚，证据确凿，同意拟处理意见。")
    _submit(leader, form)
    _shows_state(leader, states["reviewing"])

    # 6. 法制审核: the legal reviewer.
    reviewer = logged_in("fazhi")
    reviewer.goto(case_url)
    form = case_form(reviewer, "legal_review")
    form.locator("[name=opinion]").select_option("agree")
    form.locator("[name=text]").fill("主体适格，事实清楚，适用依据正确，程序合法，裁量适当。")
    _submit(reviewer, form)

    # 7. 事先告知: the handler serves the notice; the party waives 陈述申辩 (and 听证 where it has the right).
    officer.goto(case_url)
    form = case_form(officer, "notify")
    form.locator("[name=method]").select_option("direct")
    form.locator("[name=served_on]").fill(today)
    _submit(officer, form)
    _shows_state(officer, states["notified"])
    _submit(officer, case_form(officer, "waive"))
    if officer.locator(form_selector("waive_hearing")).count():
        _submit(officer, case_form(officer, "waive_hearing"))

    # 8. 决定: the head.
    head.goto(case_url)
    form = case_form(head, "decide")
    form.locator("[name=outcome]").select_option("penalty")
    fine_kind = form.locator("input[name=penalty_kinds][value=fine]")
    if not fine_kind.is_checked():
        fine_kind.check()
    form.locator("[name=fine]").fill(FINE)
    form.locator("[name=reasons]").fill("依据《城市道路管理条例》第四十二条，在裁量基准阶次内。")
    _submit(head, form)
    _shows_state(head, states["decided"])
    assert re.search(r"罚决字〔\d{4}〕第\d+号", head.locator("main").inner_text()), "决定后应显示决定书文号"

    # 9. 送达决定书: the handler.
    officer.goto(case_url)
    form = case_form(officer, "serve")
    form.locator("[name=method]").select_option("direct")
    form.locator("[name=served_on]").fill(today)
    _submit(officer, form)
    _shows_state(officer, states["executing"])

    # 10. 缴款: the clerk, from the bank's receipt (罚缴分离).
    clerk = logged_in("neiqin")
    clerk.goto(case_url)
    form = case_form(clerk, "pay")
    form.locator("[name=kind]").select_option("fine")
    form.locator("[name=amount]").fill(FINE)
    form.locator("[name=paid_on]").fill(today)
    form.locator("[name=bank]").fill("清源县农村商业银行")
    form.locator("[name=receipt_number]").fill(f"QY{today.replace('-', '')}-{match.group(1)}")  # unique per case
    _submit(clerk, form)
    assert re.search(r"已缴\s*900(\.00)?\s*元", clerk.locator("main").inner_text())

    # 11. 结案: the head; 12. 归档: the clerk.
    head.goto(case_url)
    form = case_form(head, "close")
    form.locator("[name=summary]").fill("当事人已缴清罚款，案件执行完毕。")
    _submit(head, form)
    _shows_state(head, states["closed"])

    clerk.goto(case_url)
    _submit(clerk, case_form(clerk, "archive"))
    _shows_state(clerk, states["archived"])


def _date(iso: str) -> date:
    return date.fromisoformat(iso)


def _png() -> bytes:
    """A 1×1 grey PNG: the evidence store hashes whatever file it is given."""
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
    )
