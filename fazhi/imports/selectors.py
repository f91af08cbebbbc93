"""Reads of the imports app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.accounts.models import Role
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.imports.models import ImportRun

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["access_import_run", "may_import"]


def may_import(actor: User) -> bool:
    return bool(actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN))


def access_import_run(actor: User, run_id: int) -> ImportRun:
    """An import run, for those who may import; to anyone else it does not exist. Its bad-row report (which can
    be large) is loaded only when read, so the page's poll stays cheap."""
    run = ImportRun.objects.defer("errors").filter(pk=run_id).first() if may_import(actor) else None
    if run is None:
        raise NotFoundOrForbidden("导入任务")
    return run
