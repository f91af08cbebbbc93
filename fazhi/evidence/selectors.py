"""Reads of evidence, always through the actor's scope (the scope of the case the evidence belongs to)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.evidence.models import CustodyEvent, Evidence

if TYPE_CHECKING:
    from fazhi.accounts.models import User

_RELATED = ("case__agency", "case__legal_subject", "collected_by", "uploaded_by", "excluded_by", "recording")


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence: its current version, all its versions (newest first) and its chain of custody."""

    current: Evidence
    versions: tuple[Evidence, ...]
    custody: tuple[CustodyEvent, ...]

    @property
    def earlier_versions(self) -> tuple[Evidence, ...]:
        return self.versions[1:]


def access_evidence(*, actor: User, evidence_id: int) -> Evidence:
    evidence = Evidence.objects.select_related(*_RELATED).filter(pk=evidence_id).first()
    if evidence is None or not scope_for(actor).sees(evidence.case.agency):
        raise NotFoundOrForbidden("证据")
    return evidence


def evidence_for_case(*, actor: User, case: Case) -> list[EvidenceItem]:
    """The case's evidence, one item per piece (its versions grouped), in the order it was first uploaded."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    rows = list(Evidence.objects.filter(case=case).select_related(*_RELATED).order_by("pk"))
    custody: dict[int, list[CustodyEvent]] = defaultdict(list)
    by_id = {e.pk: e for e in rows}
    for event in CustodyEvent.objects.filter(evidence__case=case).order_by("at", "pk"):
        event.evidence = by_id[event.evidence_id]
        custody[by_id[event.evidence_id].lineage_id].append(event)
    lines: dict[int, list[Evidence]] = defaultdict(list)
    for row in rows:
        lines[row.lineage_id].append(row)
    items = []
    for lineage_id, versions in lines.items():
        ordered = tuple(sorted(versions, key=lambda e: e.version, reverse=True))
        items.append(EvidenceItem(current=ordered[0], versions=ordered, custody=tuple(custody[lineage_id])))
    return items


def evidence_versions(*, actor: User, case: Case) -> QuerySet[Evidence]:
    """Every version of every piece of the case's evidence (the API's flat list)."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return Evidence.objects.filter(case=case).select_related(*_RELATED, "superseded_by").order_by("pk")


def custody_log(*, actor: User, evidence: Evidence) -> QuerySet[CustodyEvent]:
    """The chain of custody of every version of ``evidence``, oldest first."""
    if not scope_for(actor).sees(evidence.case.agency):
        raise NotFoundOrForbidden("证据")
    lineage = evidence.lineage_id
    return (
        CustodyEvent.objects.filter(Q(evidence_id=lineage) | Q(evidence__original_id=lineage))
        .select_related("evidence")
        .order_by("at", "pk")
    )
