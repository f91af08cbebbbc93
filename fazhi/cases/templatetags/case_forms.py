"""``{% kept "conclude" "fine" "0" %}``: what the user typed in a refused form, else the input's usual value."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def kept(context: Any, action: str, field: str, default: Any = "") -> Any:
    """The submitted value of ``field`` when the form of ``action`` was just refused; ``default`` otherwise."""
    refused = context.get("refused") or {}
    if refused.get("action") != action:
        return default
    return refused["form"].get(field, default)
