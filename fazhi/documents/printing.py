"""Printing on the spot: the 当场处罚决定书 and the 笔录 as an HTML print view and as a PDF, without LibreOffice.

One template per document (``documents/print/<kind>.html``) serves the browser's print view (a 打印 button calling
``window.print()``) and the PDF (WeasyPrint). Its content is the context the .docx of the same kind receives
(``fazhi.documents.context.document_context``: the number, the handlers with their certificates, the 处罚内容, the
remedy notice …), so no sentence of the 文书 is written twice; the party's 身份证号 is printed as the .docx prints it
(in full: the document identifies the party, 行政处罚法 第五十九条).

Two papers: A4 and an 80 mm roll of a portable printer (CSS ``@page``; the roll's page is as long as its content).
The PDF uses the CJK fonts installed on the server, found through fontconfig (Debian: fonts-noto-cjk); without one
the PDF is refused with a Chinese sentence instead of printing empty boxes.

The 笔录 itself (``FieldRecord``) and the signatures live in ``fazhi.evidence``, a sibling of documents that it may not
import: an app above both fills the slot ``PRINT_SOURCES_SLOT`` with a function returning ``PrintSources``. Without
it the document prints "（未签名）" where a signature goes.
"""

from __future__ import annotations

import base64
import functools
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from fazhi.agencies.scope import scope_for
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.core.extensions import extensions
from fazhi.documents.context import document_context
from fazhi.documents.formatting import fmt_date
from fazhi.documents.kinds import SPECS, DocumentKind
from fazhi.documents.models import Document
from fazhi.documents.prerequisites import blocker
from fazhi.documents.selectors import gather

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

__all__ = [
    "NO_CJK_FONT",
    "PAPERS",
    "PRINT_KINDS",
    "PRINT_RECORDS_SLOT",
    "PRINT_SOURCES_SLOT",
    "PrintRecord",
    "PrintSignature",
    "PrintSources",
    "cjk_font_families",
    "print_filename",
    "print_html",
    "print_pdf",
    "printable_records",
]

PRINT_KINDS = (
    DocumentKind.SIMPLE_DECISION.value,
    DocumentKind.INSPECTION_RECORD.value,
    DocumentKind.INQUIRY_RECORD.value,
)
PAPERS = {"a4": "A4", "80mm": "80毫米热敏卷纸"}
PRINT_SOURCES_SLOT = "documents.print_sources"  # (*, case, document, record_id) -> PrintSources | None
PRINT_RECORDS_SLOT = "documents.print_records"  # (*, case) -> list[PrintRecord]: the case's 笔录 to print
ROLL_WIDTH_MM = 80
ROLL_MARGIN_MM = 6  # the roll page's top and bottom margin (documents/print/_base.html)
ROLL_MAX_HEIGHT_MM = 5000  # the first pass of a roll page: long enough for any 笔录, then cut to the content

NO_CJK_FONT = (
    "服务器未安装中文字体，无法生成PDF（否则文书中的汉字将显示为空白方框）。请系统管理员安装中文字体"
    "（如 Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试；也可以先用浏览器打开打印页面直接打印。"
)
_PREFERRED = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC", "SimSun")
_BROWSER_FALLBACK = ("Songti SC", "SimSun", "宋体", "STSong", "serif")


@dataclass(frozen=True)
class PrintSignature:
    """One signature as printed: the image (PNG) or the refusal with its witness."""

    signer_role: str  # "party" | "officer" | "witness"
    signer_name: str
    image: bytes | None = None
    refused: bool = False
    refusal_reason: str = ""
    witness_name: str = ""
    witness_image: bytes | None = None
    signed_at: datetime | None = None
    officer_id: int | None = None


@dataclass(frozen=True)
class PrintRecord:
    """A 笔录 as printed (``FieldRecord`` read by the app filling the slot)."""

    id: int
    kind: str  # "inspection" | "inquiry"
    place: str
    started_at: datetime | None
    ended_at: datetime | None
    subject_name: str
    subject_id_number: str
    content: str
    officers: list[tuple[str, str]] = field(default_factory=list)  # (name, certificate number)
    recorder: str = ""


@dataclass(frozen=True)
class PrintSources:
    record: PrintRecord | None
    signatures: list[PrintSignature]


_RECORD_KINDS = {DocumentKind.INSPECTION_RECORD.value: "inspection", DocumentKind.INQUIRY_RECORD.value: "inquiry"}


@functools.cache
def cjk_font_families() -> tuple[str, ...]:
    """The CJK font families fontconfig knows (``fc-list :lang=zh family``), the preferred ones first; () if none."""
    try:
        out = subprocess.run(  # a fixed program on PATH, fixed arguments
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    names = {n.strip() for line in out.splitlines() for n in line.split(",") if n.strip()}
    preferred = [n for n in _PREFERRED if n in names]
    return tuple(preferred + sorted(names - set(preferred)))


def _font_stack(families: tuple[str, ...]) -> str:
    chosen = list(families[:4]) + [f for f in _BROWSER_FALLBACK if f not in families]
    return ", ".join(f'"{f}"' if f not in {"serif", "sans-serif"} else f for f in chosen)


def _data_url(png: bytes | None) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""


def _sources(case: Case, kind: str, record_id: int | None) -> PrintSources:
    for source in extensions(PRINT_SOURCES_SLOT):
        found = source(case=case, document=kind, record_id=record_id)
        if found is not None:
            return found
    if record_id is not None:
        raise NotFoundOrForbidden("笔录")
    return PrintSources(record=None, signatures=[])


_KIND_OF_RECORD = {v: k for k, v in _RECORD_KINDS.items()}


def printable_records(case: Case) -> list[dict[str, Any]]:
    """The case's 笔录 that can be printed (for the links of the documents panel): id, kind, title, label."""
    rows = []
    for source in extensions(PRINT_RECORDS_SLOT):
        for r in source(case=case):
            kind = _KIND_OF_RECORD.get(r.kind)
            if kind is not None:
                label = f"{fmt_date(r.started_at)} {r.subject_name}".strip()
                rows.append({"id": r.id, "kind": kind, "title": SPECS[kind].title, "label": label})
    return rows


def _check(case: Case, kind: str, paper: str, records: Any, record: PrintRecord | None) -> None:
    if kind not in PRINT_KINDS:
        raise ValidationError("可打印的文书为：" + "、".join(f"《{SPECS[k].title}》" for k in PRINT_KINDS) + "。")
    if paper not in PAPERS:
        raise ValidationError("纸张应为 A4（a4）或 80毫米卷纸（80mm）。")
    if record is not None:
        if record.kind != _RECORD_KINDS.get(kind):
            raise ValidationError(f"所选笔录不是《{SPECS[kind].title}》。")
        return  # a 笔录 that was made is printed, whatever the procedure
    if reason := blocker(kind, records):
        raise RuleViolation(reason.replace("不能生成", "不能打印"))


def _signature_view(s: PrintSignature) -> dict[str, Any]:
    return {
        "role": s.signer_role,
        "name": s.signer_name,
        "image": _data_url(s.image),
        "refused": s.refused,
        "refusal_reason": s.refusal_reason,
        "witness_name": s.witness_name,
        "witness_image": _data_url(s.witness_image),
        "signed_at": fmt_date(s.signed_at),
    }


def _officer_rows(handlers: list[tuple[str, str]], signatures: list[PrintSignature]) -> list[dict[str, Any]]:
    """Each handler (or the 笔录's officers) with the signature of that name, or none yet."""
    by_name = {s.signer_name: s for s in signatures if s.signer_role == "officer"}
    rows = []
    for name, certificate in handlers:
        s = by_name.get(name)
        rows.append({"name": name, "certificate_number": certificate, "signature": _signature_view(s) if s else None})
    return rows


def _record_view(r: PrintRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "place": r.place,
        "started_at": fmt_date(r.started_at),
        "ended_at": fmt_date(r.ended_at),
        "subject_name": r.subject_name,
        "subject_id_number": r.subject_id_number,
        "paragraphs": [line.strip() for line in r.content.splitlines() if line.strip()],
        "officers_text": "、".join(f"{n}（执法证号：{c}）" for n, c in r.officers),
        "recorder": r.recorder,
    }


def _record_id(record: Any) -> int | None:
    if record is None or record == "":
        return None
    if hasattr(record, "pk"):
        return int(record.pk)
    try:
        return int(record)
    except (TypeError, ValueError):
        raise ValidationError("笔录编号无效。") from None


def print_context(
    *,
    actor: User,
    case: Case,
    kind: str,
    paper: str = "a4",
    record: Any = None,
    for_pdf: bool = False,
    roll_height: str = "",
) -> dict[str, Any]:
    """What ``documents/print/<kind>.html`` receives: the .docx context under ``doc`` plus the paper, the 笔录 and the
    signatures. ``case`` comes from ``access_case``; the actor must see it (as the case's 文书)."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    today = clock.today()
    records = gather(case, today)
    sources = _sources(case, kind, _record_id(record)) if kind in PRINT_KINDS else PrintSources(None, [])
    _check(case, kind, paper, records, sources.record)
    latest = Document.objects.filter(case=case, kind=kind).order_by("-version").first()
    if SPECS[kind].uses_decision_number:
        number = records.decision.number
    else:
        number = latest.number if latest is not None else ""
    doc = document_context(records, kind=kind, number=number, version=latest.version if latest else 0, today=today)
    handlers = [(h["name"], h["certificate_number"]) for h in doc["handlers"]]
    rec = sources.record
    party = [s for s in sources.signatures if s.signer_role == "party"]
    witnesses = [s for s in sources.signatures if s.signer_role == "witness"]
    return {
        "doc": doc,
        "kind": kind,
        "title": SPECS[kind].title,
        "paper": paper,
        "paper_label": PAPERS[paper],
        "roll": paper == "80mm",
        "roll_height": roll_height,  # the PDF's roll page, cut to the content (print_pdf); the browser: 297mm
        "for_pdf": for_pdf,
        "font_stack": _font_stack(cjk_font_families()),
        "case": case,
        "record": _record_view(rec) if rec else None,
        "party_signatures": [_signature_view(s) for s in party],
        "witness_signatures": [_signature_view(s) for s in witnesses],
        "officers": _officer_rows(rec.officers if rec and rec.officers else handlers, sources.signatures),
        "papers": list(PAPERS.items()),
    }


def print_html(
    *,
    actor: User,
    case: Case,
    kind: str,
    paper: str = "a4",
    record: Any = None,
    for_pdf: bool = False,
    roll_height: str = "",
) -> str:
    """The print view of ``kind`` (one of ``PRINT_KINDS``) of ``case`` on ``paper`` ("a4" or "80mm")."""
    context = print_context(
        actor=actor, case=case, kind=kind, paper=paper, record=record, for_pdf=for_pdf, roll_height=roll_height
    )
    return render_to_string(f"documents/print/{kind}.html", context)


def _roll_height_px(document: Any) -> float:
    """Where the content of the first pass ends (CSS px from the page's top edge, the top margin included)."""
    page = document.pages[0]
    bottom = 0.0
    stack = list(page._page_box.children)  # the page box itself is the whole long page
    while stack:
        box = stack.pop()
        y, h = getattr(box, "position_y", 0.0), getattr(box, "margin_height", None)
        if callable(h):
            bottom = max(bottom, y + h())
        stack.extend(getattr(box, "children", ()))
    return bottom


def print_pdf(*, actor: User, case: Case, kind: str, paper: str = "a4", record: Any = None) -> bytes:
    """The PDF of ``print_html`` (WeasyPrint, the server's CJK fonts). Refused in Chinese without a CJK font."""
    roll = paper == "80mm"
    first = f"{ROLL_MAX_HEIGHT_MM}mm" if roll else ""
    html = print_html(actor=actor, case=case, kind=kind, paper=paper, record=record, for_pdf=True, roll_height=first)
    if not cjk_font_families():
        raise RuleViolation(NO_CJK_FONT)
    from weasyprint import HTML  # noqa: PLC0415 — WeasyPrint (cairo, pango) loads only when a PDF is made
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 — as above

    # Only the images embedded in the page (data: URLs): a PDF never reaches the network or the file system.
    fetcher = URLFetcher(allowed_protocols=("data",), timeout=5)
    document = HTML(string=html, url_fetcher=fetcher).render()
    if not roll or len(document.pages) > 1:
        return document.write_pdf()
    height = _roll_height_px(document) + ROLL_MARGIN_MM * 96 / 25.4  # + the bottom margin
    html = print_html(
        actor=actor, case=case, kind=kind, paper=paper, record=record, for_pdf=True, roll_height=f"{height:.1f}px"
    )
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def print_filename(*, case: Case, kind: str, paper: str) -> str:
    number = (case.simple_form_number or case.register_number or case.lead_number or str(case.pk)).replace("/", "-")
    return f"{SPECS[kind].title}_{number}_{'A4' if paper == 'a4' else '80mm'}.pdf"
