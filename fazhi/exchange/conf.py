"""The exchange's settings, read in one place (docs/exchange.md lists them)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def retry_base_seconds() -> int:
    """FAZHI_EXCHANGE_RETRY_BASE_SECONDS (setting, default 30): the wait after a first failed attempt."""
    return int(getattr(settings, "FAZHI_EXCHANGE_RETRY_BASE_SECONDS", 30))


def retry_cap_seconds() -> int:
    """FAZHI_EXCHANGE_RETRY_CAP_SECONDS (setting, default 3600): the longest wait between two attempts."""
    return int(getattr(settings, "FAZHI_EXCHANGE_RETRY_CAP_SECONDS", 3600))


def max_attempts() -> int:
    """FAZHI_EXCHANGE_MAX_ATTEMPTS (setting, default 10): attempts before a message goes to the dead letters."""
    return int(getattr(settings, "FAZHI_EXCHANGE_MAX_ATTEMPTS", 10))


def timeout_seconds() -> float:
    """FAZHI_EXCHANGE_TIMEOUT_SECONDS (setting, default 10): connect and read timeout of one POST."""
    return float(getattr(settings, "FAZHI_EXCHANGE_TIMEOUT_SECONDS", 10))


def allow_http() -> bool:
    """FAZHI_EXCHANGE_ALLOW_HTTP (setting, on in tests and with FAZHI_DEBUG): accept http:// endpoints."""
    return bool(getattr(settings, "FAZHI_EXCHANGE_ALLOW_HTTP", False))


def filter_cache_seconds() -> int:
    """FAZHI_EXCHANGE_FILTER_CACHE_SECONDS (setting, default 30): how long a process trusts its copy of the
    subscribers' filters before reading them again (a change made in this process is seen at once)."""
    return int(getattr(settings, "FAZHI_EXCHANGE_FILTER_CACHE_SECONDS", 30))


def lease_period() -> timedelta:
    """How long a delivery pass holds a subscriber: the POST's timeout and a margin."""
    return timedelta(seconds=timeout_seconds() + 60)


def retry_delay(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts (1, 2, …): base × 2^(attempts−1), at most the cap."""
    base, cap = retry_base_seconds(), retry_cap_seconds()
    exponent = max(attempts - 1, 0)
    if exponent >= 40:  # 2**40 × any base passes any sensible cap; no huge integers
        return timedelta(seconds=cap)
    return timedelta(seconds=min(cap, base * 2**exponent))
