"""What the user typed in a refused form, put back into that form when the page answers with the refusal.

A refused action re-renders the case page (no redirect) with ``refused = {"action", "item", "form"}``; each input
asks for its value through these tags, naming its action and, on a record's form (a hearing, a seizure …), the
record's id, so the other forms of the page keep their usual values:

    {% kept "conclude" "fine" "0" %}                              the text typed, else "0"
    {% kept "record_hearing" "record" item=h.pk %}                the same, on the form of one hearing
    {% kept_checked "conclude" "penalty_kinds" "fine" %}          "checked" when that box was ticked
    {% kept_selected "decide" "outcome" v initial="penalty" %}     "selected" when that option was chosen

A page that is not answering a refusal (``refused`` empty, or another form's) renders the defaults.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _submitted(context: Any, action: str, item: Any) -> Any:
    """The refused form's POST when it is the form of ``action`` (and of record ``item``); None otherwise."""
    refused = context.get("refused") or {}
    if not refused or refused.get("action") != action:
        return None
    if item is not None and str(refused.get("item", "")) != str(item):
        return None
    return refused["form"]


@register.simple_tag(takes_context=True)
def kept(context: Any, action: str, field: str, default: Any = "", *, item: Any = None) -> Any:
    """The submitted value of ``field`` when the form of ``action`` was just refused; ``default`` otherwise."""
    form = _submitted(context, action, item)
    if form is None:
        return default
    return form.get(field, default)


@register.simple_tag(takes_context=True)
def kept_checked(
    context: Any, action: str, field: str, value: Any = "on", *, default: bool = False, item: Any = None
) -> str:
    """``checked`` for a box of ``field`` with ``value``: as submitted in a refused form, else ``default``."""
    form = _submitted(context, action, item)
    ticked = default if form is None else str(value) in form.getlist(field)
    return "checked" if ticked else ""


@register.simple_tag(takes_context=True)
def kept_selected(
    context: Any, action: str, field: str, value: Any, *, default: bool = False, item: Any = None, initial: Any = None
) -> str:
    """``selected`` for an option ``value`` of ``field``: as submitted in a refused form, else ``default`` (or
    ``value`` equal to ``initial``, the field's usual value)."""
    form = _submitted(context, action, item)
    if form is None:
        chosen = default or (initial is not None and str(value) == str(initial))
    else:
        chosen = str(value) in form.getlist(field)
    return "selected" if chosen else ""
