"""Reads of 文书 and templates, always through the case's (or agency's) access check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.documents.context import blocker, gather
from fazhi.documents.kinds import SPECS, DocumentKind
from fazhi.documents.models import Document, DocumentTemplate, TemplateSource

if TYPE_CHECKING:
    from fazhi.accounts.models import User

_ORDER = {k: i for i, k in enumerate(SPECS)}


def documents_for_case(*, actor: User, case: Case) -> list[Document]:
    """Every version of every document of the case (``case`` was fetched with ``access_case``), in file order,
    newest version first within a kind."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    docs = Document.objects.filter(case=case).select_related("generated_by", "template")
    return sorted(docs, key=lambda d: (_ORDER.get(d.kind, 99), -d.version))


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
