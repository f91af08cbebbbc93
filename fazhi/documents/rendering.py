"""Rendering a .docx template with docxtpl, checking an uploaded template, and converting to PDF with LibreOffice.

No database here: bytes and contexts in, bytes out.

Rendering uses ``StrictUndefined``: a placeholder that is not in the context is an error, never a silent blank in
a legal document. Values are XML-escaped (``autoescape``), so a party named "A&B" cannot break the file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, UndefinedError

from fazhi.core.errors import ValidationError

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
PDF_TIMEOUT_SECONDS = 120


class TemplateRenderError(Exception):
    """The template cannot be rendered with the context; the message is Chinese."""


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or failed); the message is Chinese."""


def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, autoescape=True)


def _load(template: bytes) -> DocxTemplate:
    try:
        return DocxTemplate(io.BytesIO(template))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise TemplateRenderError("文件不是有效的 Word（.docx）文档，无法打开。") from exc


_UNDEFINED_ATTR = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _explain(exc: TemplateError) -> str:
    message = str(exc)
    if isinstance(exc, UndefinedError):
        match = _UNDEFINED_ATTR.search(message) or _UNDEFINED_NAME.search(message)
        name = match.group(1) if match else message
        return f"模板中含有未定义的占位符「{name}」"
    return f"模板语法错误：{message}"


def render(template: bytes, context: Mapping[str, Any]) -> bytes:
    """Render ``template`` (.docx bytes) with ``context``; ``TemplateRenderError`` says what is wrong."""
    doc = _load(template)
    try:
        doc.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateRenderError(_explain(exc) + "。") from exc
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def undefined_placeholders(template: bytes, context: Mapping[str, Any]) -> list[str]:
    """Top-level names the template uses that the context does not have (e.g. a misspelt ``{{ partyname }}``)."""
    doc = _load(template)
    try:
        names = doc.get_undeclared_template_variables(jinja_env=_environment(), context=context)
    except TemplateError as exc:
        raise TemplateRenderError(_explain(exc) + "。") from exc
    return sorted(names)


def check_template(template: bytes, samples: Sequence[Mapping[str, Any]]) -> None:
    """Refuse (``ValidationError``) a file that is not a .docx docxtpl can render with the sample contexts.

    Lists every unknown top-level placeholder at once; an unknown attribute (``{{ party.nmae }}``) is found by
    rendering and named too.
    """
    if len(template) > MAX_TEMPLATE_BYTES:
        raise ValidationError(f"模板文件超过{MAX_TEMPLATE_BYTES // (1024 * 1024)}MB的上限。")
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise ValidationError("模板必须是 Word 2007 及以上版本的 .docx 文件（不支持 .doc、.wps 或 PDF）。")
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        if "word/document.xml" not in package.namelist():
            raise ValidationError("模板必须是 Word 2007 及以上版本的 .docx 文件（不支持 .doc、.wps 或 PDF）。")
    try:
        missing = undefined_placeholders(template, samples[0])
        if missing:
            names = "、".join(f"「{n}」" for n in missing)
            raise ValidationError(
                f"模板不能使用：含有未定义的占位符{names}。请对照 docs/documents.md 的占位符清单修改后重新上传。"
            )
        for context in samples:
            render(template, context)
    except TemplateRenderError as exc:
        raise ValidationError(f"模板不能使用：{exc}请对照 docs/documents.md 的占位符清单修改后重新上传。") from exc


# --- PDF ----------------------------------------------------------------------------------------------------------


def pdf_converter() -> str | None:
    """The LibreOffice binary, if installed: ``FAZHI_SOFFICE`` in the settings, else ``soffice``/``libreoffice``."""
    configured = getattr(settings, "FAZHI_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """Convert with ``soffice --headless --convert-to pdf`` in a private temporary directory (and profile, so
    concurrent conversions do not fight over one LibreOffice profile)."""
    binary = pdf_converter()
    if binary is None:
        raise PdfUnavailable("本服务器未安装 LibreOffice，无法生成 PDF；请下载 .docx 版本。")
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        command = [
            binary,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(f"PDF 转换超时（{PDF_TIMEOUT_SECONDS}秒），请稍后重试或下载 .docx 版本。") from exc
        except (OSError, subprocess.CalledProcessError) as exc:
            raise PdfUnavailable("PDF 转换失败，请下载 .docx 版本。") from exc
        target = Path(tmp) / "document.pdf"
        if not target.exists():
            raise PdfUnavailable("PDF 转换失败，请下载 .docx 版本。")
        return target.read_bytes()
