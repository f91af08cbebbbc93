"""Named slots that a higher app fills, so that a lower one can call it without importing it.

The layers run one way (agencies < powers < cases < evidence/documents/publicity < …; see pyproject's import-linter
contracts). Where a lower app must reach a higher one — a decision creates its 双公示 publication, the case page
shows the evidence and 文书 panels — the lower app calls a slot by name and the higher app fills it in its
``AppConfig.ready()``. An app that is not installed fills nothing, so settings alone decide what runs, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["extension_add", "extensions"]

_SLOTS: dict[str, list[Callable[..., Any]]] = {}


def extension_add(slot: str, function: Callable[..., Any]) -> None:
    """Fill ``slot`` with ``function`` (once: ``ready()`` may run again in tests)."""
    functions = _SLOTS.setdefault(slot, [])
    if function not in functions:
        functions.append(function)


def extensions(slot: str) -> tuple[Callable[..., Any], ...]:
    """The functions filling ``slot``, in the order their apps are installed."""
    return tuple(_SLOTS.get(slot, ()))
