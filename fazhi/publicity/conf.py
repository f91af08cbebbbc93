"""The publication policy built from the settings (config/settings.py, block "Publicity")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fazhi.publicity.policy import DEFAULT_REPAIR_EXCLUDED_KINDS, PeriodFrom, PublicationPolicy
from fazhi.rules import PenaltyKind


def _decimal(name: str, default: str) -> Decimal:
    value = getattr(settings, name, default)
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{name}={value!r} 不是有效金额。") from exc


def policy() -> PublicationPolicy:
    """Read on each call, so that a changed setting (or a test's override) applies at once."""
    period_from = str(getattr(settings, "FAZHI_PUBLICATION_PERIOD_FROM", PeriodFrom.DECIDED))
    if period_from not in PeriodFrom.__members__.values():
        raise ImproperlyConfigured(f"FAZHI_PUBLICATION_PERIOD_FROM={period_from!r} 无效：应为 decided 或 published。")
    excluded = getattr(settings, "FAZHI_CREDIT_REPAIR_EXCLUDED_PENALTY_KINDS", None)
    if excluded is None:
        excluded_kinds = DEFAULT_REPAIR_EXCLUDED_KINDS
    else:
        try:
            excluded_kinds = frozenset(PenaltyKind(k) for k in excluded)
        except ValueError as exc:
            raise ImproperlyConfigured(f"FAZHI_CREDIT_REPAIR_EXCLUDED_PENALTY_KINDS 含未知的处罚种类：{exc}") from exc
    return PublicationPolicy(
        working_days=int(getattr(settings, "FAZHI_PUBLICATION_WORKING_DAYS", 7)),
        short_months=int(getattr(settings, "FAZHI_PUBLICATION_SHORT_MONTHS", 3)),
        long_months=int(getattr(settings, "FAZHI_PUBLICATION_LONG_MONTHS", 36)),
        lower_fine_person=_decimal("FAZHI_PUBLICATION_LOWER_FINE_PERSON", "10000"),
        lower_fine_organization=_decimal("FAZHI_PUBLICATION_LOWER_FINE_ORGANIZATION", "100000"),
        min_months_by_domain=dict(getattr(settings, "FAZHI_PUBLICATION_MIN_MONTHS_BY_DOMAIN", {})),
        period_from=PeriodFrom(period_from),
        publish_simple_procedure=bool(getattr(settings, "FAZHI_PUBLICATION_SIMPLE_PROCEDURE", False)),
        publish_warning_only=bool(getattr(settings, "FAZHI_PUBLICATION_WARNING_ONLY", False)),
        repair_excluded_kinds=frozenset(str(k) for k in excluded_kinds),
        repair_min_months=int(getattr(settings, "FAZHI_CREDIT_REPAIR_MIN_MONTHS", 3)),
    )
