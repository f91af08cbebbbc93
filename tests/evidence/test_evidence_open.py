"""evidence_open: every view and download is recorded; a tampered file is refused; the custody chain verifies."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.accounts.models import Role
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.storage import LocalBlobStore, get_blob_store
from fazhi.evidence.models import AppendOnlyError, CustodyEvent
from fazhi.evidence.services import EvidenceIntegrityError, custody_verify, evidence_open
from tests.evidence.conftest import JPEG


def test_every_view_and_download_is_recorded_in_the_chain_of_custody(
    bureau, registered, upload_photo, make_user
) -> None:
    evidence = upload_photo()
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    with evidence_open(actor=registered.second_user, evidence=evidence, purpose="download", ip="10.0.0.8") as f:
        assert f.read() == JPEG
    with evidence_open(actor=registered.second_user, evidence=evidence, purpose="download") as f:
        f.read()
    with evidence_open(actor=supervisor, evidence=evidence, purpose="view") as f:
        f.read()
    events = list(evidence.custody.order_by("seq"))
    assert [(e.seq, e.action, e.actor) for e in events] == [
        (1, "upload", registered.lead_user),
        (2, "download", registered.second_user),
        (3, "download", registered.second_user),
        (4, "view", supervisor),
    ]
    assert events[1].ip == "10.0.0.8"
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert custody_verify() == []


def test_another_squad_cannot_open_the_file_and_nothing_is_recorded(bureau, upload_photo, make_user) -> None:
    evidence = upload_photo()
    with pytest.raises(NotFoundOrForbidden):
        evidence_open(actor=make_user(bureau.squad2, Role.HEAD), evidence=evidence, purpose="download")
    assert evidence.custody.count() == 1


def test_a_tampered_file_is_refused_and_found_by_the_verify_command(registered, upload_photo) -> None:
    evidence = upload_photo()
    store = get_blob_store()
    assert isinstance(store, LocalBlobStore)
    path = store.path(evidence.sha256)
    path.chmod(0o644)
    path.write_bytes(JPEG + b"edited")
    with pytest.raises(EvidenceIntegrityError) as exc:
        evidence_open(actor=registered.lead_user, evidence=evidence, purpose="view")
    assert "与登记的SHA-256不符" in exc.value.message
    assert exc.value.status_code == 409
    with pytest.raises(CommandError, match="发现 1 处问题"):
        call_command("evidence_verify")


def test_a_large_tampered_file_fails_at_the_end_of_its_stream(settings, registered, upload_photo) -> None:
    from fazhi.core.storage import BlobCorrupted

    settings.FAZHI_EVIDENCE_VERIFY_BEFORE_SERVING_BYTES = 0
    evidence = upload_photo()
    path = get_blob_store().path(evidence.sha256)  # type: ignore[attr-defined]
    path.chmod(0o644)
    path.write_bytes(JPEG[:-1] + b"X")
    with pytest.raises(BlobCorrupted), evidence_open(actor=registered.lead_user, evidence=evidence) as f:
        f.read()


def test_the_chain_of_custody_cannot_be_changed_through_the_application(upload_photo) -> None:
    evidence = upload_photo()
    event = evidence.custody.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        CustodyEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        CustodyEvent.objects.filter(pk=event.pk).delete()


def test_a_custody_event_changed_in_the_database_is_found(registered, upload_photo) -> None:
    evidence = upload_photo()
    evidence_open(actor=registered.lead_user, evidence=evidence, purpose="download").close()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_custodyevent SET actor_label = %s WHERE seq = 2", ["别人"])
    breaks = custody_verify()
    assert [(b.seq, b.reason) for b in breaks] == [(2, "记录内容与其哈希不符（记录被改动）")]


def test_the_verify_command_passes_when_files_and_chains_are_intact(upload_photo, capsys) -> None:
    upload_photo()
    call_command("evidence_verify")
    assert "发现 0 处问题" in capsys.readouterr().out
