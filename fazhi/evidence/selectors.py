"""Reads of evidence, always through the actor's scope (the scope of the case the evidence belongs to)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.oneread import rows_of
from fazhi.core.storage import get_blob_store
from fazhi.evidence.models import CustodyEvent, Evidence, FieldRecord, Signature

if TYPE_CHECKING:
    from fazhi.accounts.models import User

_RELATED = ("case__agency", "case__legal_subject", "collected_by", "uploaded_by", "excluded_by", "recording")
_RELATED_OF_CASE = _RELATED[2:]  # the case is the caller's


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
    rows = rows_of(case, "evidence.evidence", evidence_rows)
    for row in rows:
        row.case = case  # the caller's case (with its agency), not one more join of every row
    custody: dict[int, list[CustodyEvent]] = defaultdict(list)
    by_id = {e.pk: e for e in rows}
    for event in rows_of(case, "evidence.custody", custody_rows):
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


def evidence_rows(case: Case) -> QuerySet[Evidence]:
    """Every version of the case's evidence in upload order (``evidence_for_case``; the case page reads it with
    the case's other rows, ``case_rows``)."""
    return Evidence.objects.filter(case=case).select_related(*_RELATED_OF_CASE).order_by("pk")


def custody_rows(case: Case) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(evidence__case=case).order_by("at", "pk")


def field_record_rows(case: Case) -> QuerySet[FieldRecord]:
    """The case's 笔录 in the order they were made, with their officers and signatures."""
    return (
        FieldRecord.objects.filter(case=case)
        .select_related("recorder", "evidence")
        .prefetch_related("officers", "signatures")
        .order_by("started_at", "pk")
    )


def case_rows(case: Case) -> dict[str, QuerySet[Any]]:
    """What the evidence panel of the case page reads (``cases.selectors.PAGE_ROWS_SLOT``)."""
    return {
        "evidence.evidence": evidence_rows(case),
        "evidence.custody": custody_rows(case),
        "evidence.field_records": field_record_rows(case),
    }


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


# --- 笔录 and signatures -----------------------------------------------------------------------------------------


def signatures_for(case: Case, document: str, record: FieldRecord | None = None) -> list[Signature]:
    """The signatures of one document of the case (of one 笔录 when ``record`` is given), in signing order.

    No actor: the caller already holds the case through ``access_case`` (the print view, the 笔录 page).
    """
    rows = Signature.objects.filter(case=case, document=document)
    if record is not None:
        rows = rows.filter(record=record)
    return list(rows.select_related("officer", "evidence", "witness_evidence").order_by("signed_at", "pk"))


def signature_image(signature: Signature) -> bytes:
    """The PNG of the signature — the witness's when the party refused — read and verified through the store."""
    evidence = signature.evidence or signature.witness_evidence
    if evidence is None:
        return b""
    store = get_blob_store()
    with store.open(evidence.sha256) as reader:
        data = reader.read()
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise NotFoundOrForbidden("签名图像")
    return data


def access_field_record(*, actor: User, record_id: int, case: Case | None = None) -> FieldRecord:
    record = (
        FieldRecord.objects.select_related("case__agency", "recorder", "created_by", "evidence")
        .filter(pk=record_id)
        .first()
    )
    if (
        record is None
        or not scope_for(actor).sees(record.case.agency)
        or (case is not None and record.case_id != case.pk)
    ):
        raise NotFoundOrForbidden("笔录")
    return record


def field_records_for(*, actor: User, case: Case) -> list[FieldRecord]:
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return rows_of(case, "evidence.field_records", field_record_rows)


def can_make_records(actor: User, case: Case) -> bool:
    """Whether the pages offer the 笔录 and signature forms (the services decide; read-only users see no form)."""
    return case.is_open and not scope_for(actor).read_only


def field_records_panel(*, actor: User, case: Case) -> dict[str, object]:
    """The 笔录 part of the evidence panel (the case page and the evidence page)."""
    return {
        "field_records": field_records_for(actor=actor, case=case),
        "can_make_records": can_make_records(actor, case),
    }
