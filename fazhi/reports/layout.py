"""The pieces every rendering of the annual report shares: its blocks, the domain table, the date as 公文 writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.powers.domain import Domain
from fazhi.reports.figures import AnnualFigures, money_text

__all__ = ["CHART_CAPTION", "TABLE_HEADER", "Block", "date_text", "domain_rows", "text_width"]

CHART_CAPTION = "图1 {year}年各领域案件数（自左至右依次为下表各领域）"
TABLE_HEADER = ("领域", "案件数（件）", "罚款（元）")


@dataclass(frozen=True)
class Block:
    """One piece of the report: ``heading`` (``level`` 1–4, its number included in ``text``), ``text`` (a body
    paragraph), ``chart`` (the chart of cases by domain with its table)."""

    kind: str
    text: str = ""
    level: int = 0


def date_text(d: date) -> str:
    """成文日期 as GB/T 9704—2012 7.3.5.1 writes it: Arabic numerals, the year in full, months and days without a
    leading zero (2025年1月5日)."""
    return f"{d.year}年{d.month}月{d.day}日"


def domain_rows(figures: AnnualFigures) -> list[tuple[str, int, str]]:
    """The domain table: label, cases, fines in yuan as printed."""
    return [(d.label, figures.by_domain[d.value].count, money_text(figures.by_domain[d.value].fines)) for d in Domain]


def text_width(text: str) -> float:
    """The width of a line in characters of the body font: a CJK character 1, a half-width digit or letter ½."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)
