"""Reads of the imports app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.imports.models import HistoricalCase, HistoricalPublication, ImportBatch, ImportKind, ImportRun
from fazhi.publicity.selectors import PublicationStats, due_publication_counts

if TYPE_CHECKING:
    from datetime import date

    from fazhi.accounts.models import User

__all__ = [
    "access_import_run",
    "historical_publication_stats",
    "import_agencies_for",
    "import_batches_for",
    "import_kinds_for",
    "import_runs_for",
    "may_import",
]


def _is_admin(actor: User) -> bool:
    return bool(actor.is_authenticated and (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN)))


def may_import(actor: User, kind: str = ImportKind.CASES, agency: Agency | None = None) -> bool:
    """Whether ``actor`` may import ``kind`` (into ``agency`` when given).

    Historical cases: system administrators only (each row names its own agency). The other kinds: system
    administrators into any agency they pick; the roles the owning service accepts (``Kind.roles``) into their
    own agency or one below it — never the justice bureau's supervisors, who read only.
    """
    if not actor.is_authenticated or not actor.is_active:
        return False
    if _is_admin(actor):
        return True
    if kind == ImportKind.CASES:
        return False
    from fazhi.imports.kinds import KINDS  # noqa: PLC0415 — the kinds import the apps' services, loaded on use

    spec = KINDS.get(kind)
    if spec is None or not actor.has_role(*spec.roles) or actor.agency is None:
        return False
    scope = scope_for(actor)
    if scope.read_only:
        return False
    return agency is None or scope.sees(agency)


def import_kinds_for(actor: User) -> list[tuple[str, str]]:
    """The kinds ``actor`` may import, as (code, label), in the order of ``ImportKind``."""
    return [(code, label) for code, label in ImportKind.choices if may_import(actor, code)]


def import_agencies_for(actor: User) -> QuerySet[Agency]:
    """The agencies ``actor`` may import into: every active one for an administrator, else his own and below."""
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    if _is_admin(actor):
        return agencies
    scope = scope_for(actor)
    if scope.read_only:
        return agencies.none()
    return scope.filter(agencies, "")


def _runs_visible(actor: User) -> QuerySet[ImportRun]:
    runs = ImportRun.objects.all()
    if _is_admin(actor):
        return runs
    if not import_kinds_for(actor):
        return runs.none()
    return runs.filter(requested_by=actor) | runs.filter(scope_for(actor).agency_q()).exclude(kind=ImportKind.CASES)


def access_import_run(actor: User, run_id: int) -> ImportRun:
    """An import run, for administrators and, for a kind beyond cases, for those who may import into its
    agency; to anyone else it does not exist. Its bad-row report (which can be large) is loaded only when read,
    so the page's poll stays cheap."""
    run = _runs_visible(actor).defer("errors").filter(pk=run_id).first()
    if run is None:
        raise NotFoundOrForbidden("导入任务")
    return run


def import_runs_for(actor: User) -> QuerySet[ImportRun]:
    return _runs_visible(actor).defer("errors").order_by("-requested_at", "-pk")


def import_batches_for(actor: User) -> QuerySet[ImportBatch]:
    """The import batches ``actor`` may see, newest first: all of them for those who see every agency, otherwise
    the batches of a kind beyond cases imported into an agency of his scope, and the case batches holding at least
    one case of an agency in his scope (a case batch has no agency of its own; its cases do). Nobody learns of
    another agency's imports from the list."""
    scope = scope_for(actor)
    batches = ImportBatch.objects.all()
    if scope.sees_all:
        return batches
    cases = scope.filter(HistoricalCase.objects.all()).values("batch_id")
    return batches.filter(Q(pk__in=cases) | (scope.agency_q() & ~Q(kind=ImportKind.CASES)))


def historical_publication_stats(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> PublicationStats:
    """The publications imported with historical cases, by the rule of ``publicity.publication_stats``."""
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    qs = HistoricalPublication.objects.filter(where, due_on__gte=start, due_on__lte=end)
    return due_publication_counts(qs, today=today, withdrawn=Q(withdrawn_on__isnull=False))
