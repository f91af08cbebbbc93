"""What the browser tests ask of a page: does it fit the phone's width, and where is the form of an action.

No Django here (the conftest imports it before Django is set up); every function takes a Playwright ``Page`` or
``Locator``.
"""

from __future__ import annotations

from typing import Any

# Every element wider than the viewport or starting left of it, unless an ancestor clips or scrolls it (a table in
# its own scrolling box is fine); the outermost of each such branch, named by tag, id, classes and its text.
_OVERFLOW_JS = """
(vw) => {
  const scrolled = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const hidden = (el) => { for (let p = el; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.visibility === 'hidden' || s.position === 'fixed') return true; }
    return false; };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\\s+/).join('.');
    const t = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
    return t ? s + '「' + t + '」' : s;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.right <= vw + 0.5 && r.left >= -0.5) continue;
    if (wide.length && wide[wide.length - 1].el.contains(el)) continue;
    if (scrolled(el) || hidden(el)) continue;
    wide.push({el, text: name(el) + '（' + Math.round(r.left) + '–' + Math.round(r.right) + ' px）'});
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          wide: wide.map(w => w.text)};
}
"""


def overflow(page: Any) -> dict[str, Any]:
    """The page's ``scrollWidth``, ``innerWidth`` and the elements (named) that stick out of the viewport."""
    width = page.viewport_size["width"]
    result: dict[str, Any] = page.evaluate(_OVERFLOW_JS, width)
    result["viewport"] = width
    return result


def assert_fits(page: Any, what: str = "") -> None:
    """The page scrolls only vertically at the viewport's width; the message names what sticks out.

    A phone (``is_mobile``) widens its layout viewport to fit the content instead of scrolling, so the width the
    context was given is the measure, not ``window.innerWidth`` alone.
    """
    o = overflow(page)
    vw = o["viewport"]
    label = what or page.url
    problems = []
    if o["scrollWidth"] > vw or o["innerWidth"] > vw:
        problems.append(f"页面宽 {o['scrollWidth']} px（布局视口 {o['innerWidth']} px），超过 {vw} px")
    if o["wide"]:
        problems.append("超出视口的元素：" + "；".join(o["wide"][:6]) + (" ……" if len(o["wide"]) > 6 else ""))
    assert not problems, f"{label} 在 {vw} px 宽时横向溢出：" + "。".join(problems)


def open_enclosing_details(locator: Any) -> Any:
    """Open every ``<details>`` around ``locator`` (a folded stage or card) and scroll it into view."""
    locator.evaluate(
        """el => { for (let d = el.closest('details'); d; d = d.parentElement && d.parentElement.closest('details'))
                     d.open = true; }"""
    )
    locator.scroll_into_view_if_needed()
    return locator


def form_selector(code: str) -> str:
    """A CSS selector for the forms that post the action ``code``, whichever way the page writes it: an ``action``
    URL ending in the code (``…/register``, ``…/case-review``) or a hidden ``action`` field or submit button."""
    dashed = code.replace("_", "-")
    return ", ".join(
        [
            f'form:has(input[name="action"][value="{code}"])',
            f'form:has(button[name="action"][value="{code}"])',
            *(f'form[action$="/{c}"], form[action$="/{c}/"]' for c in sorted({code, dashed})),
        ]
    )


def case_form(page: Any, code: str, *, open_details: bool = True) -> Any:
    """The (first) form of the action ``code`` (a code of ``fazhi.cases.workflow``, or a page's own action such as
    the evidence page's ``upload``), with every ``<details>`` folding it opened."""
    form = page.locator(form_selector(code)).first
    if open_details:
        form.wait_for(state="attached")
        open_enclosing_details(form)
    return form


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` (a JavaScript expression) from the test until it is truthy, or fail naming it.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval`` inside the page once the first try
    fails, which the page's own Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses; ``evaluate``
    goes through the debugger protocol, which the policy does not govern.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        if page.evaluate(f"() => Boolean({expression})"):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{timeout:g} 秒内未成立：{expression}")
        page.wait_for_timeout(100)
