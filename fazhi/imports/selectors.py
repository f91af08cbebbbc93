"""Reads of the imports app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from fazhi.accounts.models import Role
from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.imports.models import HistoricalCase, ImportBatch, ImportRun

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["access_import_run", "import_batches_for", "may_import"]


def may_import(actor: User) -> bool:
    return bool(actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN))


def access_import_run(actor: User, run_id: int) -> ImportRun:
    """An import run, for those who may import; to anyone else it does not exist. Its bad-row report (which can
    be large) is loaded only when read, so the page's poll stays cheap."""
    run = ImportRun.objects.defer("errors").filter(pk=run_id).first() if may_import(actor) else None
    if run is None:
        raise NotFoundOrForbidden("导入任务")
    return run


def import_batches_for(actor: User) -> QuerySet[ImportBatch]:
    """The import batches ``actor`` may see, newest first: all of them for those who see every agency, otherwise
    those holding at least one case of an agency in the actor's scope (a batch has no agency of its own; its
    cases do). Nobody learns of another agency's imports from the list."""
    scope = scope_for(actor)
    batches = ImportBatch.objects.all()
    if scope.sees_all:
        return batches
    return batches.filter(pk__in=scope.filter(HistoricalCase.objects.all()).values("batch_id"))
