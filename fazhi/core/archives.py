"""Checks on an Office package (.docx, .xlsx: a ZIP archive) before anything reads it: a zip bomb is refused.

Read from the central directory only: nothing is inflated. The evidence upload (``fazhi.evidence.intake``) and the
imports (``fazhi.imports.parsing``) both call ``office_package_problem`` before they open a package.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO

__all__ = [
    "OFFICE_MAX_MEMBERS",
    "OFFICE_MAX_RATIO",
    "OFFICE_MAX_UNCOMPRESSED",
    "human_size",
    "office_bytes_problem",
    "office_package_problem",
]

# Zip-bomb bounds for an Office package (an operating bound, not a legal number): a real 询问笔录 or 台账 has a few
# dozen parts, some megabytes of XML, and XML compresses about 10:1; a bomb has thousands of parts or 1000:1.
OFFICE_MAX_MEMBERS = 2_000
OFFICE_MAX_UNCOMPRESSED = 200 * 1024**2
OFFICE_MAX_RATIO = 100


def human_size(n: int) -> str:
    """A size as people write it on a form: 2GB, 50MB, 300KB (binary units, as file managers show them)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f}{unit}" if value == int(value) else f"{value:.1f}{unit}"
    return f"{n}字节"


def office_package_problem(
    stream: IO[bytes],
    *,
    max_members: int = OFFICE_MAX_MEMBERS,
    max_uncompressed: int = OFFICE_MAX_UNCOMPRESSED,
    max_ratio: int = OFFICE_MAX_RATIO,
) -> str | None:
    """Why the ZIP package in ``stream`` is not accepted (not a ZIP, too many parts, a part or the whole too large
    once inflated, or too compressed), or None. Only the central directory is read; the stream is left at 0."""
    try:
        stream.seek(0, 2)
        compressed = max(stream.tell(), 1)
        stream.seek(0)
        with zipfile.ZipFile(stream) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "文件不是有效的Office文档（ZIP结构损坏）"
    finally:
        stream.seek(0)
    if len(members) > max_members:
        return f"文档内部包含{len(members)}个部件，超过{max_members}个的上限"
    for member in members:
        if member.file_size > max_uncompressed:
            return (
                f"文档部件「{member.filename[:60]}」解压后达{human_size(member.file_size)}，"
                f"超过{human_size(max_uncompressed)}的上限"
            )
    total = sum(m.file_size for m in members)
    if total > max_uncompressed:
        return f"文档解压后达{human_size(total)}，超过{human_size(max_uncompressed)}的上限"
    if total / compressed > max_ratio:
        return f"文档压缩比异常（{total // compressed}:1，上限{max_ratio}:1），疑似压缩炸弹"
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > max_ratio:
            return f"文档部件「{member.filename[:60]}」压缩比异常，疑似压缩炸弹"
    return None


def office_bytes_problem(data: bytes, **limits: int) -> str | None:
    """``office_package_problem`` for a package held in memory."""
    return office_package_problem(io.BytesIO(data), **limits)
