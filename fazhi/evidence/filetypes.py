"""Recognising an evidence file by its content, not by its name.

The extension of an upload says what the sender claims; the first bytes say what the file is. A renamed program
(``.exe`` → ``.jpg``) is therefore refused, and the stored content type is the one recognised here. Pure Python,
no libmagic: the few formats of evidence have well-known signatures.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from fazhi.core.archives import (  # noqa: F401 — the Office package checks live in core, shared with the imports
    OFFICE_MAX_MEMBERS,
    OFFICE_MAX_RATIO,
    OFFICE_MAX_UNCOMPRESSED,
    human_size,
    office_package_problem,
)


class Family(StrEnum):
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"


FAMILY_LABELS = {Family.IMAGE: "图片", Family.AUDIO: "音频", Family.VIDEO: "视频", Family.DOCUMENT: "文档"}


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    mime: str
    family: Family


JPG = FileType("jpg", "JPG", "image/jpeg", Family.IMAGE)
PNG = FileType("png", "PNG", "image/png", Family.IMAGE)
HEIC = FileType("heic", "HEIC", "image/heic", Family.IMAGE)
MP3 = FileType("mp3", "MP3", "audio/mpeg", Family.AUDIO)
M4A = FileType("m4a", "M4A", "audio/mp4", Family.AUDIO)
WAV = FileType("wav", "WAV", "audio/wav", Family.AUDIO)
AMR = FileType("amr", "AMR", "audio/amr", Family.AUDIO)
MP4 = FileType("mp4", "MP4", "video/mp4", Family.VIDEO)
MOV = FileType("mov", "MOV", "video/quicktime", Family.VIDEO)
AVI = FileType("avi", "AVI", "video/x-msvideo", Family.VIDEO)
PDF = FileType("pdf", "PDF", "application/pdf", Family.DOCUMENT)
DOC = FileType("doc", "DOC", "application/msword", Family.DOCUMENT)
DOCX = FileType(
    "docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Family.DOCUMENT
)
XLSX = FileType("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Family.DOCUMENT)

ALL_TYPES: tuple[FileType, ...] = (JPG, PNG, HEIC, MP3, M4A, WAV, AMR, MP4, MOV, AVI, PDF, DOC, DOCX, XLSX)
BY_CODE = {t.code: t for t in ALL_TYPES}

IMAGES = (JPG, PNG, HEIC)
AUDIO = (MP3, M4A, WAV, AMR)
VIDEO = (MP4, MOV, AVI)
DOCUMENTS = (PDF, DOCX, DOC, XLSX)

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
_MOV_BRANDS = {b"qt  "}
_MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"MSNV", b"M4V ", b"M4VH", b"M4VP",
    b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"dash", b"f4v ", b"XAVC", b"NDAS",
}  # fmt: skip
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
HEADER_BYTES = 64


def _ftyp(head: bytes) -> FileType | None:
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in _HEIC_BRANDS:
        return HEIC
    if brand in _M4A_BRANDS:
        return M4A
    if brand in _MOV_BRANDS:
        return MOV
    if brand in _MP4_BRANDS:
        return MP4
    return None


def _office_zip(stream: IO[bytes]) -> FileType | None:
    """DOCX and XLSX are ZIP packages; the part names tell which."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


# PDF names that make a reader run or open something: scripts, launching programs, files carried inside.
_PDF_ACTIVE = {
    b"/JavaScript": "JavaScript脚本",
    b"/JS": "JavaScript脚本",
    b"/Launch": "启动外部程序的动作",
    b"/EmbeddedFile": "内嵌文件",
    b"/RichMedia": "富媒体（Flash等）",
    b"/XFA": "XFA动态表单",
}
_PDF_NAME_END = frozenset(b" \t\r\n\f\x00/<>[]()%")
PDF_SCAN_CHUNK = 1024 * 1024


def _pdf_names(data: bytes) -> set[bytes]:
    found = set()
    for name in _PDF_ACTIVE:
        start = data.find(name)
        while start != -1:
            end = start + len(name)
            if end >= len(data) or data[end] in _PDF_NAME_END:
                found.add(name)
                break
            start = data.find(name, end)
    return found


def pdf_active_content(stream: IO[bytes]) -> list[str]:
    """What active content the PDF in ``stream`` carries (labels in Chinese, empty when none).

    Scans the raw bytes in overlapping chunks for the PDF names of scripts (/JavaScript, /JS — also what an
    /OpenAction runs), /Launch, /EmbeddedFile, /RichMedia and /XFA. Names inside compressed object streams are
    not seen: this is a filter against the common attacks, not a sandbox.
    """
    found: set[bytes] = set()
    stream.seek(0)
    tail = b""
    try:
        while chunk := stream.read(PDF_SCAN_CHUNK):
            found |= _pdf_names(tail + chunk)
            tail = chunk[-32:]
    finally:
        stream.seek(0)
    return sorted({_PDF_ACTIVE[name] for name in found})


def sniff(stream: IO[bytes], filename: str = "") -> FileType | None:
    """The type of the file in ``stream`` (seekable, left at 0), or None if it is none of the evidence types."""
    stream.seek(0)
    head = stream.read(HEADER_BYTES)
    stream.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return AVI
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    found = _ftyp(head)
    if found is not None:
        return found
    if head.startswith(_OLE2):  # also the old .xls and .ppt: only a name ending in .doc is taken as DOC
        return DOC if filename.lower().endswith(".doc") else None
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(stream)
    return None


def labels(types: tuple[FileType, ...]) -> str:
    return "、".join(t.label for t in types)
