"""Read replicas: reports, the dashboard, the public portal and exports read from a streaming replica when
``FAZHI_DATABASE_REPLICA_URLS`` is set; everything else, and anything that could see its own write, reads the
primary (docs/scale.md, "Read replicas").

Reads go to a replica only when all of these hold:

- the code asked for it: a request whose path starts with one of ``FAZHI_REPLICA_PATHS`` (GET or HEAD,
  :class:`ReplicaReadsMiddleware`), or a block inside :func:`replica_reads` (the export and report commands);
- no write happened in it yet (the first ``db_for_write`` pins the rest of the request or block to the primary), and
  the default connection is not inside a transaction (a service's reads stay beside its writes);
- the client did not write in the last ``FAZHI_REPLICA_PIN_SECONDS`` (a cookie set by the request that wrote: a
  user who saves and is redirected to a report sees his own write, whatever the lag);
- the replica answers and is at most ``FAZHI_REPLICA_MAX_LAG_SECONDS`` behind (checked at most every few seconds
  per process; a replica down or behind is skipped, and with none left the primary serves).

Identity and session reads (``accounts``, ``sessions``, ``otp_*``) always go to the primary: a logout, a disabled
account or a revoked token takes effect at once. Migrations run on the primary only.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("fazhi.db")

REPLICA_PREFIX = "replica_"
PIN_COOKIE = "fazhi_primary"
PRIMARY_ONLY_APPS = frozenset({"accounts", "sessions", "otp_static", "otp_totp", "django_otp", "contenttypes"})


@dataclass
class _ReadScope:
    """What the current request or block may do: read from a replica until it writes."""

    replica_ok: bool
    wrote: bool = False
    chosen: str | None = None


_scope: contextvars.ContextVar[_ReadScope | None] = contextvars.ContextVar("fazhi_read_scope", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def replica_reads(enabled: bool = True) -> Iterator[_ReadScope]:
    """Within the block, reads may go to a replica (until the block writes)."""
    token = _scope.set(_ReadScope(replica_ok=enabled))
    try:
        yield _scope.get()  # type: ignore[misc]
    finally:
        _scope.reset(token)


@dataclass
class _Health:
    checked_at: float = 0.0
    usable: bool = False
    lag: float | None = None


@dataclass
class _HealthBook:
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_alias: dict[str, _Health] = field(default_factory=dict)


_health = _HealthBook()


def replica_lag_seconds(alias: str) -> float | None:
    """Seconds the replica's last replayed transaction is behind now (0 when it has replayed all it received and is
    idle), or None if the database is no PostgreSQL standby."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        in_recovery, lag = cursor.fetchone()
    return float(lag) if in_recovery else None


def _usable(alias: str) -> bool:
    interval = float(getattr(settings, "FAZHI_REPLICA_CHECK_SECONDS", 5))
    max_lag = float(getattr(settings, "FAZHI_REPLICA_MAX_LAG_SECONDS", 30))
    now = time.monotonic()
    with _health.lock:
        health = _health.by_alias.setdefault(alias, _Health())
        if health.checked_at and now - health.checked_at < interval:
            return health.usable
        health.checked_at = now
    try:
        lag = replica_lag_seconds(alias)
        usable = lag is None or lag <= max_lag
    except Exception:  # a replica down or unreachable: skipped, never an error page
        logger.warning("replica unusable", extra={"fields": {"alias": alias}}, exc_info=True)
        connections[alias].close()
        lag, usable = None, False
    with _health.lock:
        health.usable, health.lag = usable, lag
    return usable


def replica_health_reset() -> None:
    with _health.lock:
        _health.by_alias.clear()


class ReplicaRouter:
    """The database router (``DATABASE_ROUTERS``); see the module's docstring."""

    _turn = 0

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        scope = _scope.get()
        if scope is None or not scope.replica_ok or scope.wrote:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        if scope.chosen is None:
            aliases = replica_aliases()
            if not aliases:
                scope.replica_ok = False
                return None
            ReplicaRouter._turn += 1
            start = ReplicaRouter._turn % len(aliases)
            for alias in aliases[start:] + aliases[:start]:
                if _usable(alias):
                    scope.chosen = alias
                    break
            else:
                scope.replica_ok = False
                return None
        return scope.chosen

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            # The session saved on every request and a login's last_login pin nothing: their reads are on the
            # primary anyway.
            scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Lets GET/HEAD requests under ``FAZHI_REPLICA_PATHS`` read from a replica; pins a client that wrote to the
    primary for ``FAZHI_REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        paths = tuple(getattr(settings, "FAZHI_REPLICA_PATHS", ()))
        eligible = (
            request.method in ("GET", "HEAD") and request.path.startswith(paths) and PIN_COOKIE not in request.COOKIES
        )
        with replica_reads(eligible) as scope:
            response = self.get_response(request)
        if scope.wrote or request.method not in ("GET", "HEAD"):
            seconds = int(getattr(settings, "FAZHI_REPLICA_PIN_SECONDS", 5))
            response.set_cookie(PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax")
        if scope.chosen:
            response["X-Fazhi-Read-From"] = "replica"
        return response
