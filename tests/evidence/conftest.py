"""Fixtures for evidence: a registered case with two handlers who log in, and a media root under tmp_path."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Officer
from fazhi.cases.models import Case
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (fixtures shared with the case tests)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 2
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 256
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str = "现场照片.jpg", content: bytes = JPEG, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def at(day: int = 3, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour, 0))


@dataclass
class CaseWithHandlers:
    case: Case
    lead: Officer
    second: Officer
    lead_user: User
    second_user: User


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_STORAGE = "local"
    settings.FAZHI_BLOB_ROOT = ""
    return tmp_path / "media"


@pytest.fixture
def registered(bureau, open_case, head, make_officer, make_user) -> CaseWithHandlers:  # noqa: F811
    from fazhi.cases.services import case_register

    lead, second = make_officer(name="甲"), make_officer(name="乙")
    case = case_register(actor=head, case=open_case(), handlers=[lead, second], on=date(2026, 3, 3))
    return CaseWithHandlers(
        case=case,
        lead=lead,
        second=second,
        lead_user=make_user(bureau.squad, Role.OFFICER, officer=lead),
        second_user=make_user(bureau.squad, Role.OFFICER, officer=second),
    )


@pytest.fixture
def legal_reviewer(bureau, make_user) -> User:
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


@pytest.fixture
def upload_photo(registered):  # type: ignore[no-untyped-def]
    from fazhi.evidence.services import evidence_upload

    def make(content: bytes = JPEG, title: str = "违法现场照片", **kw):  # type: ignore[no-untyped-def]
        return evidence_upload(
            actor=kw.pop("actor", registered.lead_user),
            case=registered.case,
            kind=kw.pop("kind", "physical"),
            title=title,
            file=kw.pop("file", None) or upload(content=content),
            collected_at=kw.pop("collected_at", at()),
            collected_by=kw.pop("collected_by", registered.lead),
            **kw,
        )

    return make
