"""The kinds of figure an app hands to the annual report, so that each is formatted one way everywhere.

An app that records something the annual report states (责令改正, 拆除, 渣土准运, 专项行动, 法律顾问 …) gives its
figures in ``<app>/figures.py`` as ``annual_figures(*, agency, include_subordinates, start, end, today)`` returning
a ``dict`` from the report's flat key (``"demolition.area_m2"``) to one of:

- ``int`` — a count, written as a JSON integer;
- ``Money`` — yuan, written as a string with two decimals (``"7011700.00"``);
- ``Measure`` — a quantity with a unit (m², 辆 …), written as a string with two decimals;
- ``Rate`` — a part of a whole, written as a percentage with one decimal (``"62.5"``), ``None`` where the whole is 0;
- ``bool`` or ``None`` (nothing recorded: e.g. no 述法 held).

``fazhi.reports`` collects these, formats them with ``figure_json`` and writes their sentences; core knows no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["Figure", "Measure", "Money", "Rate", "figure_json"]

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Money:
    """An amount in yuan, not rounded until written."""

    yuan: Decimal

    def text(self) -> str:
        return str(Decimal(self.yuan).quantize(_CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Measure:
    """A quantity and its unit as the report writes it (``"平方米"``, ``"吨"``)."""

    value: Decimal
    unit: str

    def text(self) -> str:
        return str(Decimal(self.value).quantize(_CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Rate:
    """part / whole × 100, one decimal half up; no value when the whole is zero."""

    part: int | Decimal
    whole: int | Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)

    def text(self) -> str | None:
        value = self.percent
        return None if value is None else str(value)


Figure = int | bool | Money | Measure | Rate | None


def figure_json(value: Figure) -> int | bool | str | None:
    """The JSON form of one figure (see the module docstring)."""
    if value is None or isinstance(value, bool | int):
        return value
    return value.text()
