"""A refused action on the case page keeps what the officer typed, in a real browser: the page answers with the
Chinese reason, the refused form is open (its stage unfolded) and holds the text, the ticks and the choices."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _investigated_case_of(username: str) -> Any:
    """An open demo case in 调查取证 that ``username`` handles with at least one other officer."""
    # Imported here: the suite's conftest sets Django up (on the server's database) when it is imported.
    from django.db.models import Count, Q

    from fazhi.cases.models import Case

    mine = Case.objects.filter(
        state="investigating", handlers__officer__user__username=username, handlers__removed_on__isnull=True
    ).values("pk")
    case = (
        Case.objects.filter(pk__in=mine)
        .annotate(n=Count("handlers", filter=Q(handlers__removed_on__isnull=True)))
        .filter(n__gte=2)
        .order_by("pk")
        .first()
    )
    if case is None:
        pytest.skip(f"演示数据中没有 {username} 承办的调查取证阶段案件")
    return case


def test_a_refused_report_keeps_its_text_ticks_and_facts(page) -> None:  # type: ignore[no-untyped-def]
    case = _investigated_case_of("duiyuan1")
    login(page, "duiyuan1")
    page.goto(f"/cases/{case.pk}/")
    form = page.locator('form[data-action="conclude"]')
    assert page.locator("#stage-investigate").get_attribute("open") is not None  # the current stage is open
    form.locator('textarea[name="facts"]').fill("当事人在城东路占道堆放建筑材料约20平方米")
    form.locator('textarea[name="evidence_summary"]').fill("现场检查笔录、照片")
    form.locator('select[name="proposed_outcome"]').select_option("penalty")
    boxes = form.locator('input[name="penalty_kinds"]')
    boxes.first.check()
    ticked = boxes.first.get_attribute("value")
    form.locator('input[name="fine"]').fill("一万元")  # not an amount: the schema refuses it
    facts = form.locator('fieldset.discretion-facts input[name^="fact_"]')
    typed_fact = None
    if facts.count():
        typed_fact = facts.first.get_attribute("name")
        facts.first.fill("20")
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state("load")

    assert "不是有效金额" in page.locator(".msg.error").inner_text()
    form = page.locator('form[data-action="conclude"]')
    assert form.is_visible()
    assert form.locator('textarea[name="facts"]').input_value() == "当事人在城东路占道堆放建筑材料约20平方米"
    assert form.locator('textarea[name="evidence_summary"]').input_value() == "现场检查笔录、照片"
    assert form.locator('input[name="fine"]').input_value() == "一万元"
    assert form.locator(f'input[name="penalty_kinds"][value="{ticked}"]').is_checked()
    if typed_fact:
        assert form.locator(f'input[name="{typed_fact}"]').input_value() == "20"


def test_a_refused_measure_unfolds_its_stage_with_the_input(page) -> None:  # type: ignore[no-untyped-def]
    from fazhi.core import clock  # imported here: the suite's conftest sets Django up

    case = _investigated_case_of("duiyuan1")
    login(page, "duiyuan1")
    page.goto(f"/cases/{case.pk}/")
    stage = page.locator("#stage-measures")
    assert stage.get_attribute("open") is None  # folded: not the current stage
    stage.locator("summary").click()
    form = page.locator('form[data-action="suspend"]')
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    form.locator('input[name="start"]').fill(tomorrow)  # after today: refused by the service
    form.locator('input[name="reason"]').fill("等待检测机构出具检测报告")
    kinds = form.locator('select[name="kind"] option')
    chosen = kinds.nth(kinds.count() - 1).get_attribute("value") or ""
    form.locator('select[name="kind"]').select_option(chosen)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state("load")

    assert "起始日不能晚于今天" in page.locator(".msg.error").inner_text()
    assert page.locator("#stage-measures").get_attribute("open") is not None
    form = page.locator('form[data-action="suspend"]')
    assert form.is_visible()
    assert form.locator('input[name="reason"]').input_value() == "等待检测机构出具检测报告"
    assert form.locator('input[name="start"]').input_value() == tomorrow
    assert form.locator('select[name="kind"]').input_value() == chosen


def test_the_case_page_with_its_stages_fits_a_phone(browser, phone_context_args) -> None:  # type: ignore[no-untyped-def]
    case = _investigated_case_of("duiyuan1")
    context = browser.new_context(**phone_context_args)  # it carries the base URL
    try:
        phone = context.new_page()
        login(phone, "duiyuan1")
        phone.goto(f"/cases/{case.pk}/")
        for details in phone.locator("details.stage").all():  # unfold every stage: the widest the page gets
            details.evaluate("d => d.open = true")
        wide = phone.evaluate(
            """() => [...document.querySelectorAll('main *')]
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
        )
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
        assert phone.locator("ol.steps li.current").count() == 1
    finally:
        context.close()
