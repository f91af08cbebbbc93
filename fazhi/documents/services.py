"""Writes of 文书: generating a document, making its PDF, and managing the templates.

``document_generate`` runs in one transaction under the case's row lock: it re-reads the case, checks the kind's
prerequisite, takes the number (``number_next``, so an abandoned generation consumes none), renders the .docx,
stores it under its SHA-256 and records the document and the case's audit event. A regeneration is version N+1
with the same number; earlier versions stay.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.cases.services import number_next
from fazhi.cases.services._common import in_legal_subject, is_handler
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ApplicationError, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.storage import BlobRef, get_blob_store
from fazhi.documents import rendering
from fazhi.documents.context import document_context
from fazhi.documents.kinds import SPECS, TEMPLATE_DIR, DocumentKind
from fazhi.documents.models import Document, DocumentTemplate, TemplateSource
from fazhi.documents.prerequisites import blocker
from fazhi.documents.sample_data import sample_context
from fazhi.documents.selectors import gather

if TYPE_CHECKING:
    from fazhi.accounts.models import User

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
NUMBER_SEQUENCE_PREFIX = "doc:"  # NumberSequence.kind = doc:<kind>, one sequence per (legal subject, kind, year)


class PdfNotAvailable(ApplicationError):
    """No LibreOffice on this server (or the conversion failed): the .docx is always available."""

    status_code = 503
    code = "pdf_unavailable"


def _ensure_kind(kind: str) -> DocumentKind:
    if kind not in SPECS:
        raise ValidationError(f"文书种类「{kind}」无效。")
    return DocumentKind(kind)


# --- templates ----------------------------------------------------------------------------------------------------


def shipped_template_bytes(kind: str) -> bytes:
    return (TEMPLATE_DIR / SPECS[kind].filename).read_bytes()


def _next_version(kind: str) -> int:
    return (DocumentTemplate.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1


def _create_template(**fields: Any) -> DocumentTemplate:
    """Insert with the next version of the kind; a concurrent insert of the same version is retried."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return DocumentTemplate.objects.create(version=_next_version(fields["kind"]), **fields)
        except IntegrityError:
            if fields["source"] == TemplateSource.SHIPPED:
                existing = DocumentTemplate.objects.filter(
                    kind=fields["kind"], source=TemplateSource.SHIPPED, sha256=fields["sha256"]
                ).first()
                if existing is not None:
                    return existing
    raise RuleViolation("模板版本号冲突，请重试。")


def shipped_template(kind: str) -> DocumentTemplate:
    """The row of the shipped default of ``kind``, created (and its bytes stored) the first time it is used.

    The row is keyed by the file's SHA-256, so an upgrade that changes the shipped file makes a new version and
    documents made with the old one keep pointing at the old bytes.
    """
    data = shipped_template_bytes(kind)
    sha256 = hashlib.sha256(data).hexdigest()
    store = get_blob_store()
    existing = DocumentTemplate.objects.filter(kind=kind, source=TemplateSource.SHIPPED, sha256=sha256).first()
    if existing is not None:
        if not store.exists(sha256):
            store.put(data)
        return existing
    ref = store.put(data)
    return _create_template(
        kind=kind,
        source=TemplateSource.SHIPPED,
        agency=None,
        sha256=ref.sha256,
        size=ref.size,
        original_filename=SPECS[kind].filename,
        uploaded_by=None,
        uploaded_at=clock.now(),
        active=False,
        note="系统默认模板",
    )


def _ancestor_ids(agency: Agency) -> list[int]:
    """The agency and the units above it, nearest first (a township uses the bureau's template unless it has its
    own)."""
    ids = [int(i) for i in agency.path.strip("/").split("/") if i]
    return list(reversed(ids)) or [agency.pk]


def template_in_use(*, agency: Agency, kind: str) -> DocumentTemplate:
    """The active uploaded template of the legal subject (or the nearest unit above it), else the shipped one."""
    ids = _ancestor_ids(agency)
    active = {t.agency_id: t for t in DocumentTemplate.objects.filter(kind=kind, active=True, agency_id__in=ids)}
    for agency_id in ids:
        if agency_id in active:
            return active[agency_id]
    return shipped_template(kind)


def template_bytes(template: DocumentTemplate) -> bytes:
    """The template's bytes, checked against its hash while read (``BlobCorrupted`` if changed on disk)."""
    if template.source == TemplateSource.SHIPPED and not get_blob_store().exists(template.sha256):
        data = shipped_template_bytes(template.kind)
        if hashlib.sha256(data).hexdigest() == template.sha256:
            get_blob_store().put(data)
    with get_blob_store().open(template.sha256) as reader:
        return reader.read()


def _ensure_template_admin(actor: User, agency: Agency) -> Agency:
    scope_for(actor).ensure_can_write(agency)
    subject = agency.legal_subject()
    if actor.has_role(Role.SYSTEM_ADMIN) or actor.is_superuser:
        return subject
    if not actor.has_role(Role.HEAD):
        raise PermissionDenied("文书模板由负责人或系统管理员更换：您没有该角色。")
    if actor.agency is None or actor.agency.legal_subject().pk != subject.pk:
        raise PermissionDenied(f"文书模板由{subject.name}的负责人更换。")
    return subject


def _read_upload(file: bytes | IO[bytes] | Any) -> bytes:
    if isinstance(file, bytes):
        data = file
    elif hasattr(file, "chunks"):
        parts = []
        total = 0
        for chunk in file.chunks():
            total += len(chunk)
            if total > rendering.MAX_TEMPLATE_BYTES:
                raise ValidationError(f"模板文件超过{rendering.MAX_TEMPLATE_BYTES // (1024 * 1024)}MB的上限。")
            parts.append(chunk)
        data = b"".join(parts)
    elif file is not None and hasattr(file, "read"):
        data = file.read(rendering.MAX_TEMPLATE_BYTES + 1)
    else:
        raise ValidationError("请选择要上传的 .docx 模板文件。")
    if not data:
        raise ValidationError("请选择要上传的 .docx 模板文件。")
    return data


def _set_active(subject: Agency, kind: str, template: DocumentTemplate | None) -> None:
    rows = list(DocumentTemplate.objects.select_for_update(of=("self",)).filter(agency=subject, kind=kind))
    for row in rows:
        if row.active and (template is None or row.pk != template.pk):
            row.active = False
            row.save(update_fields=["active"])
    if template is not None and not template.active:
        template.active = True
        template.save(update_fields=["active"])


def template_upload(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    file: bytes | IO[bytes] | Any,
    filename: str = "",
    note: str = "",
    activate: bool = True,
) -> DocumentTemplate:
    """A legal subject's own template for ``kind``. Refused, with nothing saved, unless docxtpl renders it with
    the sample context; an unknown placeholder is named in the message."""
    _ensure_kind(kind)
    subject = _ensure_template_admin(actor, agency)
    data = _read_upload(file)
    rendering.check_template(data, [sample_context(kind)])
    ref = get_blob_store().put(data)
    return _template_record(
        actor=actor, subject=subject, kind=kind, ref=ref, filename=filename, note=note, activate=activate
    )


@transaction.atomic
def _template_record(
    *, actor: User, subject: Agency, kind: str, ref: BlobRef, filename: str, note: str, activate: bool
) -> DocumentTemplate:
    template = _create_template(
        kind=kind,
        source=TemplateSource.UPLOADED,
        agency=subject,
        sha256=ref.sha256,
        size=ref.size,
        original_filename=filename.strip()[:200],
        uploaded_by=actor,
        uploaded_at=clock.now(),
        active=False,
        note=note.strip()[:300],
    )
    if activate:
        _set_active(subject, kind, template)
    audit_record(
        actor=actor,
        entity=template,
        action="document_template.upload",
        summary=f"上传《{SPECS[kind].title}》模板第{template.version}版" + ("并启用" if activate else ""),
        after={"kind": kind, "agency_id": subject.pk, "sha256": ref.sha256, "active": template.active},
    )
    return template


@transaction.atomic
def template_activate(*, actor: User, template: DocumentTemplate) -> DocumentTemplate:
    """Use an earlier uploaded version again."""
    if template.source != TemplateSource.UPLOADED or template.agency is None:
        raise ValidationError("系统默认模板无需启用：恢复默认模板请使用「恢复系统默认模板」。")
    subject = _ensure_template_admin(actor, template.agency)
    template = DocumentTemplate.objects.select_for_update(of=("self",)).get(pk=template.pk)
    _set_active(subject, template.kind, template)
    audit_record(
        actor=actor,
        entity=template,
        action="document_template.activate",
        summary=f"启用《{SPECS[template.kind].title}》模板第{template.version}版",
    )
    return template


@transaction.atomic
def template_revert(*, actor: User, agency: Agency, kind: str) -> DocumentTemplate:
    """Stop using the legal subject's own template of ``kind``: the shipped default (or a unit above's) applies."""
    _ensure_kind(kind)
    subject = _ensure_template_admin(actor, agency)
    current = DocumentTemplate.objects.filter(agency=subject, kind=kind, active=True).first()
    _set_active(subject, kind, None)
    if current is not None:
        audit_record(
            actor=actor,
            entity=current,
            action="document_template.revert",
            summary=f"停用《{SPECS[kind].title}》模板第{current.version}版，恢复系统默认模板",
        )
    return template_in_use(agency=subject, kind=kind)


# --- documents ----------------------------------------------------------------------------------------------------


def _ensure_can_generate(actor: User, case: Case) -> None:
    """Handlers, and the clerk, squad leader, legal reviewer and head of the case's legal subject."""

    scope_for(actor).ensure_can_write(case.agency)
    if actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN) or is_handler(actor, case):
        return
    if actor.has_role(Role.HEAD, Role.SQUAD_LEADER, Role.LEGAL_REVIEWER, Role.CLERK) and in_legal_subject(actor, case):
        return
    raise PermissionDenied("文书由本案承办人，或本机关的内勤、中队长、法制审核人员、负责人生成：您不能为本案生成文书。")


@transaction.atomic
def document_generate(*, actor: User, case: Case, kind: str) -> Document:
    """Generate (or regenerate, as a new version) the document ``kind`` of ``case``."""
    _ensure_kind(kind)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "legal_subject", "party", "power_item", "power_item__rule_set", "registered_by")
        .get(pk=case.pk)
    )
    _ensure_can_generate(actor, case)
    today = clock.today()
    records = gather(case, today)
    if reason := blocker(kind, records):
        raise RuleViolation(reason)
    s = SPECS[kind]
    previous = (
        Document.objects.select_for_update(of=("self",)).filter(case=case, kind=kind).order_by("-version").first()
    )
    if s.uses_decision_number:
        number = records.decision.number  # the 决定书 is numbered when decided; never a second number
    elif previous is not None:
        number = previous.number
    else:
        seq = number_next(agency=case.legal_subject, kind=NUMBER_SEQUENCE_PREFIX + kind, year=today.year)
        number = rules.case_number(s.number_template, case.legal_subject.code, today.year, seq)
    version = previous.version + 1 if previous is not None else 1
    template = template_in_use(agency=case.legal_subject, kind=kind)
    context = document_context(records, kind=kind, number=number, version=version, today=today)
    try:
        data = rendering.render(template_bytes(template), context)
    except rendering.TemplateRenderError as exc:
        raise RuleViolation(
            f"《{s.title}》模板第{template.version}版无法生成文书：{exc}请负责人更换模板或恢复系统默认模板。"
        ) from exc
    ref = get_blob_store().put(data)
    document = Document.objects.create(
        case=case,
        kind=kind,
        number=number,
        version=version,
        supersedes=previous,
        sha256=ref.sha256,
        size=ref.size,
        template=template,
        generated_by=actor,
        generated_at=clock.now(),
    )
    audit_record(
        actor=actor,
        entity=case,
        action="document.generate",
        summary=f"生成《{s.title}》{number}（第{version}版）",
        after={
            "document_id": document.pk,
            "kind": kind,
            "number": number,
            "version": version,
            "sha256": ref.sha256,
            "template_id": template.pk,
            "template_version": template.version,
        },
    )
    return document


@dataclass(frozen=True)
class OpenedDocument:
    reader: IO[bytes]
    filename: str
    content_type: str
    size: int


def _filename(document: Document, ext: str) -> str:
    safe = "".join(ch for ch in document.number if ch not in '/\\:*?"<>|')
    return f"{SPECS[document.kind].title}_{safe}_第{document.version}版.{ext}"


def document_open(*, actor: User, document: Document, fmt: str = "docx") -> OpenedDocument:
    """The document's bytes as .docx, or as PDF where LibreOffice is installed (made once, then kept).

    The caller has fetched ``document`` through ``selectors.access_document``, so the actor may see it.
    """
    store = get_blob_store()
    if fmt == "docx":
        return OpenedDocument(
            store.open(document.sha256), _filename(document, "docx"), DOCX_CONTENT_TYPE, document.size
        )
    if fmt != "pdf":
        raise ValidationError("格式只能是 docx 或 pdf。")
    if document.pdf_sha256 is None:
        _make_pdf(actor=actor, document=document)
        document.refresh_from_db(fields=["pdf_sha256", "pdf_size"])
    assert document.pdf_sha256 is not None and document.pdf_size is not None
    return OpenedDocument(
        store.open(document.pdf_sha256), _filename(document, "pdf"), PDF_CONTENT_TYPE, document.pdf_size
    )


def _make_pdf(*, actor: User, document: Document) -> None:
    """Convert outside any lock (it may take seconds), then record the PDF once: a concurrent conversion's result
    is kept and this one is dropped."""
    store = get_blob_store()
    with store.open(document.sha256) as reader:
        docx = reader.read()
    try:
        pdf = rendering.to_pdf(docx)
    except rendering.PdfUnavailable as exc:
        raise PdfNotAvailable(str(exc)) from exc
    ref = store.put(pdf)
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, pdf_sha256__isnull=True).update(
            pdf_sha256=ref.sha256, pdf_size=ref.size
        )
        if updated:
            audit_record(
                actor=actor,
                entity=document.case,
                action="document.pdf",
                summary=f"生成《{SPECS[document.kind].title}》{document.number}（第{document.version}版）的PDF",
                after={"document_id": document.pk, "pdf_sha256": ref.sha256},
            )
