"""The kinds of import beyond historical cases, one sheet layout each (see ``fazhi.imports.records``)."""

from __future__ import annotations

from fazhi.imports.kinds import complaints, officers, publications, remedies, targets, trainings
from fazhi.imports.kinds.base import Kind

__all__ = ["KINDS", "Kind"]

KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        officers.KIND,
        targets.KIND,
        complaints.KIND,
        remedies.RECONSIDERATIONS,
        remedies.LITIGATIONS,
        trainings.KIND,
        publications.KIND,
    )
}
