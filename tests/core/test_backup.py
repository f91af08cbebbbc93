"""``fazhi backup`` / ``fazhi restore`` (fazhi.core.backup).

The restore runs in a second process with its own database and media directory, as an operator restores onto a
new server: the empty instance really is another instance, and its ``verify``, ``evidence_verify`` and annual
report are computed there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.core import backup
from fazhi.core.backup import MANIFEST, _count_rows_django, _count_rows_sqlite_file, backup_check
from fazhi.core.errors import ValidationError
from fazhi.core.storage import get_blob_store
from fazhi.demo.services import demo_load
from fazhi.evidence.models import Evidence
from fazhi.reports.annual import annual_report, render_json

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 30)
YEAR = 2025


def _instance_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "FAZHI_TESTING": "1",
            "FAZHI_VAR_DIR": str(tmp_path / "instance2"),
            "FAZHI_DATABASE_URL": database_url,
            "FAZHI_STORAGE": "local",
        }
    )
    if audit_key := getattr(settings, "FAZHI_AUDIT_KEY", ""):
        env["FAZHI_AUDIT_KEY"] = audit_key
    return env


def _fazhi(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


def _demo_with_extra_media() -> tuple[Agency, dict[str, object]]:
    demo_load(today=TODAY, scale="small", log=lambda line: None)
    media = Path(settings.MEDIA_ROOT) / "exports" / "readme.txt"  # a media file outside the blob store
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_text("示范", encoding="utf-8")
    bureau = Agency.objects.get(kind=AgencyKind.BUREAU, parent=None)
    report = json.loads(render_json(annual_report(agency=bureau, year=YEAR, include_subordinates=True)))
    assert report["cases.total.count"] > 0  # a report with figures, so "the same report" means something
    return bureau, report


def _round_trip(tmp_path: Path, database_url: str) -> tuple[dict[str, int], dict[str, object], dict[str, str]]:
    bureau, report = _demo_with_extra_media()
    assert Evidence.objects.exists()
    counts = _count_rows_django()
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123

    manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["tables"] == counts
    assert manifest["database_engine"] == connection.vendor
    kinds = {entry["kind"] for entry in manifest["files"]}
    assert kinds == {"database", "blob", "media"}
    blob_hashes = {e["sha256"] for e in manifest["files"] if e["kind"] == "blob"}
    assert set(Evidence.objects.values_list("sha256", flat=True)) <= blob_hashes

    env = _instance_env(tmp_path, database_url)
    restored = _fazhi(env, "restore", str(backup_dir))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "verify 和 evidence_verify 均通过" in restored.stdout
    assert "第 1 步：校验备份中每个文件的SHA-256" in restored.stdout  # progress is printed

    annual = _fazhi(env, "report", "annual", "--agency", bureau.code, "--year", str(YEAR), "--include-subordinates")
    assert annual.returncode == 0, annual.stderr
    assert json.loads(annual.stdout) == report
    assert (tmp_path / "instance2" / "media" / "exports" / "readme.txt").read_text(encoding="utf-8") == "示范"
    return counts, report, env


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_instance_verifies_and_gives_the_same_counts_and_annual_report(
    tmp_path: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; PostgreSQL has its own test below")
    second = tmp_path / "instance2" / "fazhi.sqlite3"
    counts, _, env = _round_trip(tmp_path, f"sqlite:///{second}")
    assert _count_rows_sqlite_file(second) == counts

    again = _fazhi(env, "restore", str(tmp_path / "backup"))
    assert again.returncode != 0
    assert "拒绝恢复：当前实例不是空的" in again.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restored_into_a_fresh_database_verifies_and_gives_the_same_annual_report(
    tmp_path: Path,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    s = connection.settings_dict
    name = f"fazhi_restore_{uuid.uuid4().hex[:10]}"
    auth = quote(str(s["USER"] or ""), safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(str(s["PASSWORD"]), safe="")
    host = s.get("HOST") or quote("/var/run/postgresql", safe="")
    url = f"postgres://{auth}@{host}:{s.get('PORT') or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        counts, _, env = _round_trip(tmp_path, url)
        script = "import django; django.setup(); from fazhi.core.backup import _count_rows_django as c; import json; "
        script += "print(json.dumps(c()))"
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(out.stdout) == counts
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the restore target here is a second SQLite instance")
@pytest.mark.django_db(transaction=True)
def test_a_tampered_blob_in_the_backup_makes_restore_refuse_before_writing_anything(admin_user, tmp_path) -> None:
    store = get_blob_store()
    first = store.put(b"evidence one").sha256
    store.put(b"evidence two")
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    blob = backup_dir / "blobs" / first[:2] / first[2:4] / first
    blob.write_bytes(b"evidence 1")  # same size, other bytes
    assert backup_check(directory=backup_dir, log=lambda line: None) != []

    second = tmp_path / "instance2" / "fazhi.sqlite3"
    env = _instance_env(tmp_path, f"sqlite:///{second}")
    result = _fazhi(env, "restore", str(backup_dir))
    assert result.returncode != 0
    assert "拒绝恢复：备份有 1 处问题，未写入任何数据" in result.stderr
    assert first in result.stderr
    assert not second.exists()
    assert not (tmp_path / "instance2" / "media").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the restore target here is a second SQLite instance")
@pytest.mark.django_db(transaction=True)
def test_a_restore_whose_files_were_copied_before_it_failed_can_be_retried_but_not_over_foreign_files(
    admin_user, tmp_path
) -> None:
    store = get_blob_store()
    first = store.put(b"evidence one").sha256
    store.put(b"evidence two")
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    assert backup_dir.stat().st_mode & 0o777 == 0o700  # the dump holds personal data and secrets

    env = _instance_env(tmp_path, f"sqlite:///{tmp_path / 'instance2' / 'fazhi.sqlite3'}")
    blobs = tmp_path / "instance2" / "media" / "blobs"
    copied = blobs / first[:2] / first[2:4] / first  # left by the failed attempt
    copied.parent.mkdir(parents=True)
    copied.write_bytes(b"evidence one")
    foreign = blobs / "ff" / "ff" / ("f" * 64)
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(b"someone else's")
    refused = _fazhi(env, "restore", str(backup_dir))
    assert refused.returncode != 0 and "不属于本备份的文件" in refused.stderr
    foreign.unlink()
    retried = _fazhi(env, "restore", str(backup_dir))
    assert retried.returncode == 0, retried.stderr
    assert _fazhi(env, "evidence_verify").returncode == 0


def test_backup_refuses_a_directory_that_is_not_empty(db, tmp_path) -> None:
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="已存在且不为空"):
        call_command("backup", str(tmp_path))


def test_restore_refuses_a_directory_without_a_manifest(db, tmp_path) -> None:
    with pytest.raises(CommandError, match="不是一个完整的 fazhi 备份"):
        call_command("restore", str(tmp_path))


@pytest.mark.parametrize(
    "manifest",
    [
        [],
        {"format": 1, "files": "x", "tables": {}},
        {"format": 1, "files": [{"path": "a", "kind": "blob", "sha256": "x", "size": 1}], "tables": {}},
        {"format": 1, "files": [], "tables": {}},  # no database file
    ],
)
def test_backup_check_refuses_a_malformed_manifest_with_a_clear_message(tmp_path, manifest) -> None:
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValidationError, match="备份清单"):
        backup_check(directory=tmp_path, log=lambda line: None)


def test_restore_refuses_a_manifest_path_outside_the_backup(db, tmp_path) -> None:
    manifest = {
        "format": 1,
        "database_engine": connection.vendor,
        "files": [
            {"path": "database.sqlite3", "kind": "database", "sha256": "0" * 64, "size": 1},
            {"path": "../secret", "kind": "media", "sha256": "0" * 64, "size": 1},
        ],
        "tables": {},
    }
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValidationError, match="路径无效"):
        backup_check(directory=tmp_path, log=lambda line: None)


# --- S3: the objects are copied out and uploaded back (moto's in-memory S3, no network) ------------------------


@pytest.fixture
def s3_buckets(monkeypatch, settings):  # type: ignore[no-untyped-def]
    moto = pytest.importorskip("moto")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    names = (f"old-{uuid.uuid4().hex[:8]}", f"new-{uuid.uuid4().hex[:8]}")
    with moto.mock_aws():
        import boto3

        client = boto3.client("s3", region_name="us-east-1")
        for name in names:
            client.create_bucket(Bucket=name)
        settings.FAZHI_STORAGE = "s3"
        settings.FAZHI_S3_ACCESS_KEY = settings.FAZHI_S3_SECRET_KEY = "test"
        settings.FAZHI_S3_REGION = "us-east-1"
        settings.FAZHI_S3_BUCKET = names[0]
        yield names


@pytest.mark.django_db(transaction=True)
def test_an_s3_store_is_backed_up_object_by_object_and_restored_into_an_empty_bucket(
    admin_user, tmp_path, s3_buckets, settings, monkeypatch
) -> None:
    old = get_blob_store()
    refs = [old.put(b"photo %d" % i) for i in range(3)]
    result = backup.backup_create(directory=tmp_path / "backup", log=lambda line: None)
    assert result.manifest["storage"] == "s3"
    saved = {e["sha256"] for e in result.manifest["files"] if e["kind"] == "blob"}
    assert saved == {r.sha256 for r in refs}

    settings.FAZHI_S3_BUCKET = s3_buckets[1]
    with pytest.raises(ValidationError, match="当前实例不是空的"):  # this test's own database is not empty
        backup.backup_restore(directory=tmp_path / "backup", log=lambda line: None)
    # The database half is covered by the round trips above; here only the objects are under test.
    monkeypatch.setattr(backup, "_instance_is_empty", lambda: None)
    monkeypatch.setattr(backup, "_restore_sqlite", lambda source, log: None)
    monkeypatch.setattr(backup, "_restore_postgresql", lambda source, log: None)
    restored = backup.backup_restore(directory=tmp_path / "backup", log=lambda line: None)
    new = get_blob_store()
    assert restored.blobs == 3 and restored.mismatches == []
    assert all(new.verify(r.sha256) for r in refs)
    new.put(b"an object of another instance")
    with pytest.raises(ValidationError, match="文件存储中已有不属于本备份的文件"):
        backup.backup_restore(directory=tmp_path / "backup", log=lambda line: None)
