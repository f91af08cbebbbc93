"""Reads of 文书 and templates, always through the case's (or agency's) access check, and ``gather``: the queries
that read a case's records (``Records``) for its documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases import deadlines, workflow
from fazhi.cases.models import Case, Decision, TransferKind
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.oneread import rows_of
from fazhi.documents.formatting import person_name
from fazhi.documents.kinds import SPECS, DocumentKind
from fazhi.documents.models import Document, DocumentTemplate, TemplateSource
from fazhi.documents.prerequisites import blocker
from fazhi.documents.records import Handler, Records

if TYPE_CHECKING:
    from fazhi.accounts.models import User

_ORDER = {k: i for i, k in enumerate(SPECS)}


def documents_for_case(*, actor: User, case: Case) -> list[Document]:
    """Every version of every document of the case (``case`` was fetched with ``access_case``), in file order,
    newest version first within a kind."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    docs = rows_of(case, "documents.documents", document_rows)
    return sorted(docs, key=lambda d: (_ORDER.get(d.kind, 99), -d.version))


def document_rows(case: Case) -> QuerySet[Document]:
    """Every version of every document of the case (read with the case page's rows: ``case_rows``)."""
    return Document.objects.filter(case=case).select_related("generated_by", "template")


def case_rows(case: Case) -> dict[str, QuerySet[Any]]:
    """What the 文书 panel of the case page reads (``cases.selectors.PAGE_ROWS_SLOT``)."""
    return {"documents.documents": document_rows(case)}


@dataclass(frozen=True)
class DocumentGroup:
    kind: str
    title: str
    current: Document
    earlier: list[Document]


def group_documents(documents: list[Document]) -> list[DocumentGroup]:
    """Versions grouped by kind, the newest as ``current`` (input from ``documents_for_case``)."""
    groups: dict[str, list[Document]] = {}
    for doc in documents:
        groups.setdefault(doc.kind, []).append(doc)
    return [DocumentGroup(k, SPECS[k].title, v[0], v[1:]) for k, v in groups.items()]


def access_document(*, actor: User, document_id: int) -> Document:
    doc = (
        Document.objects.select_related("case", "case__agency", "template", "generated_by")
        .filter(pk=document_id)
        .first()
    )
    if doc is None or not scope_for(actor).sees(doc.case.agency):
        raise NotFoundOrForbidden("文书")
    return doc


@dataclass(frozen=True)
class KindStatus:
    kind: str
    title: str
    reason: str | None  # why it cannot be generated now; None = available

    @property
    def available(self) -> bool:
        return self.reason is None


def document_kinds_status(case: Case) -> list[KindStatus]:
    """Every kind of the case's procedure, each available or with the reason it is not (for the UI)."""
    records = gather(case, clock.today())
    return [
        KindStatus(kind, s.title, blocker(kind, records)) for kind, s in SPECS.items() if case.procedure in s.procedures
    ]


def document_kinds_available(case: Case) -> list[tuple[str, str]]:
    """The kinds that can be generated now, as (code, title)."""
    return [(s.kind, s.title) for s in document_kinds_status(case) if s.available]


def access_template(*, actor: User, template_id: int) -> DocumentTemplate:
    """A template the actor may see: a shipped default, or one of an agency in the actor's scope."""
    template = DocumentTemplate.objects.select_related("agency", "uploaded_by").filter(pk=template_id).first()
    if template is None or (template.agency is not None and not scope_for(actor).sees(template.agency)):
        raise NotFoundOrForbidden("文书模板")
    return template


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    title: str
    in_use: DocumentTemplate | None  # the active uploaded one of this agency or above; None = shipped default
    versions: list[DocumentTemplate]  # this agency's uploaded versions, newest first


def template_overview(*, actor: User, agency: Agency) -> list[TemplateRow]:
    """For each kind: which template the legal subject's documents use now, and its uploaded versions."""
    if not scope_for(actor).sees(agency):
        raise NotFoundOrForbidden("机构")
    subject = agency.legal_subject()
    ids = [int(i) for i in subject.path.strip("/").split("/") if i] or [subject.pk]
    uploaded = list(
        DocumentTemplate.objects.filter(source=TemplateSource.UPLOADED, agency_id__in=ids).select_related(
            "uploaded_by", "agency"
        )
    )
    rows = []
    for kind in DocumentKind.values:
        active = {t.agency_id: t for t in uploaded if t.kind == kind and t.active}
        in_use = next((active[i] for i in reversed(ids) if i in active), None)
        versions = sorted(
            (t for t in uploaded if t.kind == kind and t.agency_id == subject.pk), key=lambda t: -t.version
        )
        rows.append(TemplateRow(kind, SPECS[kind].title, in_use, versions))
    return rows


# --- the records a document is built from -----------------------------------------------------------------------


def _rows(case: Any, name: str, key: Any, *related: str) -> list[Any]:
    """The case's ``name`` records sorted by ``key``: from the case page's prefetch when it has them (one read
    for the whole page, ``cases.selectors.with_records``), else from the database."""
    if name in getattr(case, "_prefetched_objects_cache", {}):
        return sorted(getattr(case, name).all(), key=key)
    return sorted(getattr(case, name).select_related(*related), key=key)


def gather(case: Any, today: date) -> Records:
    """Read the case's records (the latest of each) from the database."""
    handlers = [
        Handler(h.officer.name, h.certificate.number, h.is_lead, h.officer.agency.name)
        for h in _rows(case, "handlers", lambda h: (not h.is_lead, h.pk), "officer", "officer__agency", "certificate")
        if h.removed_on is None
    ]
    report = workflow.latest_report(case)
    legal_reviews = _rows(case, "legal_reviews", lambda r: (r.on, r.pk), "reviewer")
    discussions = _rows(case, "discussions", lambda d: (d.on, d.pk), "chaired_by")
    notice = workflow.latest_notice(case)
    hearings = _rows(case, "hearings", lambda h: h.pk, "host")
    decision = getattr(case, "decision", None) if _has_decision(case) else None
    reminders = _rows(case, "reminders", lambda r: (r.issued_on, r.pk))
    services = _rows(case, "services", lambda s: (s.served_on, s.pk))
    transfers = [t for t in _rows(case, "transfers", lambda t: t.pk, "approved_by") if t.kind == TransferKind.CRIMINAL]
    preservations = _rows(case, "preservations", lambda p: (p.saved_on, p.pk), "approved_by")
    money = deadlines.money_status(case, today) if decision is not None else None
    enforcements = _rows(case, "court_enforcements", lambda c: (c.applied_on, c.pk))
    latest: dict[str, Document] = {}
    for doc in sorted(rows_of(case, "documents.documents", document_rows), key=lambda d: (d.kind, d.version)):
        latest[doc.kind] = doc
    order = list(SPECS)
    contents: list[tuple[str, str, date | None]] = [
        (DocumentKind(k).label, latest[k].number, timezone.localtime(latest[k].generated_at).date())
        for k in sorted(latest, key=order.index)
        if k != DocumentKind.FILE_COVER
    ]
    reminder_services = [s for s in services if s.document == "reminder"]
    return Records(
        case=case,
        agency=case.legal_subject,
        unit=case.agency,
        party=case.party,
        item=case.power_item,
        rule_set_version=case.power_item.rule_set.version_label,
        handlers=handlers,
        registered_by=person_name(case.registered_by),
        report=report,
        legal_review=legal_reviews[-1] if legal_reviews else None,
        legal_reviewer=person_name(legal_reviews[-1].reviewer) if legal_reviews else "",
        discussion=discussions[-1] if discussions else None,
        discussion_chair=person_name(discussions[-1].chaired_by) if discussions else "",
        notice=notice,
        representations=_rows(case, "representations", lambda r: (r.received_on, r.pk)),
        hearing=hearings[-1] if hearings else None,
        hearing_host=hearings[-1].host.name if hearings and hearings[-1].host else "",
        decision=decision,
        decided_by=person_name(decision.decided_by) if decision is not None else "",
        decision_service=deadlines.decision_service(case),
        payment_due=deadlines.payment_due(case),
        payments=_rows(case, "payments", lambda p: (p.paid_on, p.pk)),
        late_fee=money.late_fee if money is not None else Decimal("0.00"),
        reminder=reminders[-1] if reminders else None,
        reminder_service=reminder_services[-1] if reminder_services else None,
        enforcement=enforcements[-1] if enforcements else None,
        transfer=transfers[-1] if transfers else None,
        transfer_approved_by=person_name(transfers[-1].approved_by) if transfers else "",
        preservation=preservations[-1] if preservations else None,
        preservation_approved_by=person_name(preservations[-1].approved_by) if preservations else "",
        contents=contents,
    )


def _has_decision(case: Any) -> bool:
    try:
        case.decision  # noqa: B018
    except Decision.DoesNotExist:
        return False
    return True
