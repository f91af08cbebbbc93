"""Errors raised by the rules core.

Every refusal carries a Chinese message that says what is wrong and what to do, so the Django layer can show
it unchanged (STYLE.md convention 7). ``RulesError`` subclasses ``ValueError`` because every refusal here is
about a value the caller passed in.
"""

from __future__ import annotations

__all__ = ["CalendarUnknownError", "RulesError"]


class RulesError(ValueError):
    """A value cannot be handled by a legal rule; the message is Chinese and user-facing."""


class CalendarUnknownError(RulesError):
    """The official holiday arrangement of a year is not known, so working days cannot be counted.

    The rules core refuses to guess: the State Council publishes each year's arrangement (with 调休 make-up
    workdays) only late in the previous year, so a weekday-only guess would be wrong around every holiday.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日安排尚未录入，无法确定工作日：请系统管理员在「系统管理—节假日安排」中录入{year}年的放假安排"
        )
