"""What a user may see and change, by agency.

A unit sees its own records and those of the units below it (a squad its own, the bureau its squads'); the
justice bureau's supervisors see every agency and change none of them; a system administrator sees and manages
all. Every selector filters through ``Scope``; every ``access_*`` function answers "not found" for objects
outside it, exactly as for objects that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.core.errors import PermissionDenied

if TYPE_CHECKING:
    from fazhi.accounts.models import User


@dataclass(frozen=True)
class Scope:
    sees_all: bool
    read_only: bool
    root_paths: tuple[str, ...]

    def agency_q(self, field: str = "agency") -> Q:
        """A filter on a model with a foreign key to Agency named ``field`` ('' for Agency itself)."""
        if self.sees_all:
            return Q()
        prefix = f"{field}__path" if field else "path"
        q = Q(pk__in=[])
        for path in self.root_paths:
            q |= Q(**{f"{prefix}__startswith": path})
        return q

    def filter(self, qs: QuerySet[Any], field: str = "agency") -> QuerySet[Any]:
        return qs.filter(self.agency_q(field))

    def sees(self, agency: Agency) -> bool:
        return self.sees_all or any(agency.path.startswith(p) for p in self.root_paths)

    def ensure_can_write(self, agency: Agency) -> None:
        if self.read_only:
            raise PermissionDenied("监督人员只能查看，不能办理或修改业务数据。")
        if not self.sees(agency):
            raise PermissionDenied(f"您无权办理「{agency.name}」的业务。")


def scope_for(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(sees_all=False, read_only=True, root_paths=())
    if user.is_superuser or user.has_role(Role.SYSTEM_ADMIN):
        return Scope(sees_all=True, read_only=False, root_paths=())
    agency = user.agency
    if agency is None:
        return Scope(sees_all=False, read_only=True, root_paths=())
    if agency.kind == AgencyKind.JUSTICE_BUREAU or user.has_role(Role.SUPERVISOR):
        return Scope(sees_all=True, read_only=True, root_paths=())
    if not agency.path.startswith("/") or not agency.path.endswith("/") or len(agency.path) < 3:
        return Scope(sees_all=False, read_only=True, root_paths=())  # a malformed path must never widen a scope
    return Scope(sees_all=False, read_only=False, root_paths=(agency.path,))
