"""Supervision settings, read on each call with their defaults (a test's override applies at once).

None of these is a legal period: the legal numbers come from ``fazhi.rules``. These are the bureau's supervision
policy: how early to warn, and the file-review grade thresholds.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def decision_warning_days() -> int:
    """Warn this many days before the decision limit (issue: "warning from day 80" of 90)."""
    return int(getattr(settings, "FAZHI_SUPERVISION_DECISION_WARNING_DAYS", 10))


def court_warning_days() -> int:
    """Warn this many days before the court-enforcement window closes."""
    return int(getattr(settings, "FAZHI_SUPERVISION_COURT_WARNING_DAYS", 30))


def reminder_after_days() -> int:
    """Days after the payment due date by which a 催告 is expected (行政强制法 第四十五条/第四十六条: 加处罚款超过
    三十日，经催告仍不履行的, 可以强制执行 — so a 催告 later than that delays enforcement)."""
    return int(getattr(settings, "FAZHI_SUPERVISION_REMINDER_AFTER_DAYS", 30))


def grade_excellent() -> Decimal:
    """A file review of at least this share of the full score (percent) is 优秀."""
    return Decimal(str(getattr(settings, "FAZHI_FILE_REVIEW_EXCELLENT_PERCENT", 90)))


def grade_pass() -> Decimal:
    return Decimal(str(getattr(settings, "FAZHI_FILE_REVIEW_PASS_PERCENT", 60)))


def policy_fingerprint() -> str:
    """Part of every scan stamp: a changed setting re-evaluates every record."""
    return "|".join(
        str(v)
        for v in (
            decision_warning_days(),
            court_warning_days(),
            reminder_after_days(),
            getattr(settings, "FAZHI_STUDY_HOURS_MINIMUM", 40),
        )
    )
