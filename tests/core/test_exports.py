"""Exports on the task queue: built once by the worker, refused with the builder's own message."""

from __future__ import annotations

import pytest

from fazhi.core.errors import ValidationError
from fazhi.core.exports import export_execute, export_start
from fazhi.core.models import ExportStatus
from fazhi.core.storage import get_blob_store
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def greeting(*, actor, name: str) -> bytes:  # type: ignore[no-untyped-def]
    return f"你好，{name}（{actor.username}）".encode()


def refusal(*, actor) -> bytes:  # type: ignore[no-untyped-def]
    raise ValidationError("没有可导出的记录。")


def _start(admin_user, builder: str, **params):  # type: ignore[no-untyped-def]
    return export_start(
        actor=admin_user,
        builder=f"tests.core.test_exports.{builder}",
        params=params,
        filename="a.txt",
        content_type="text/plain",
    )


def test_an_export_is_built_by_the_worker_and_kept_in_the_blob_store(admin_user) -> None:
    export = _start(admin_user, "greeting", name="张三")
    assert export.status == ExportStatus.QUEUED
    run_queued_tasks()
    export.refresh_from_db()
    assert export.status == ExportStatus.SUCCEEDED
    assert get_blob_store().open(export.sha256).read().decode() == "你好，张三（admin）"
    assert export_execute(export_id=export.pk) == ExportStatus.SUCCEEDED  # run again: not built twice


def test_a_refused_export_fails_with_the_refusals_message(admin_user) -> None:
    export = _start(admin_user, "refusal")
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.message, export.sha256) == (ExportStatus.FAILED, "没有可导出的记录。", "")
