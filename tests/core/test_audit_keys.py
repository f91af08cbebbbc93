"""The audit key: required in production, read from outside the database, rotated with its id on each event."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import transaction

from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
PRINT = "import config.settings as s; print(s.FAZHI_AUDIT_KEY_ID, sorted(s.FAZHI_AUDIT_KEYS), len(s.FAZHI_AUDIT_KEY))"


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_") and k != "PYTEST_CURRENT_TEST"}
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**base, "FAZHI_SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_an_audit_key(tmp_path: Path) -> None:
    result = _settings({"FAZHI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "缺少审计密钥" in result.stderr


def test_development_starts_without_an_audit_key(tmp_path: Path) -> None:
    result = _settings({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "0"]


def test_the_key_file_written_by_make_run_is_read_with_its_old_keys(tmp_path: Path) -> None:
    (tmp_path / "audit_key").write_text(f"k1:{'a' * 32}\nk2:{'b' * 40}\n", encoding="utf-8")
    result = _settings({"FAZHI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["k2", "['k1',", "'k2']", "40"]


def test_the_key_from_the_environment_is_the_current_one(tmp_path: Path) -> None:
    result = _settings({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_AUDIT_KEY": "c" * 20, "FAZHI_AUDIT_KEY_ID": "2027"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2027", "['2027']", "20"]


def test_a_short_or_unreadable_key_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "short").write_text("k1:abc\n", encoding="utf-8")
    short = _settings({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_AUDIT_KEY_FILE": str(tmp_path / "short")})
    assert short.returncode != 0 and "至少16个字符" in short.stderr
    missing = _settings({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_AUDIT_KEY_FILE": str(tmp_path / "nope")})
    assert missing.returncode != 0 and "无法读取审计密钥文件" in missing.stderr


def test_rotation_keeps_old_events_verifiable_with_the_old_key(settings, bureau) -> None:
    settings.FAZHI_AUDIT_KEY, settings.FAZHI_AUDIT_KEY_ID, settings.FAZHI_AUDIT_KEYS = "1" * 32, "k1", {}
    settings.FAZHI_AUDIT_UNKEYED_UNTIL = AuditEvent.objects.count()  # the fixture's events predate the key
    with transaction.atomic():
        old = audit_record(actor=None, entity=bureau.squad, action="test.old_key")
    settings.FAZHI_AUDIT_KEY, settings.FAZHI_AUDIT_KEY_ID, settings.FAZHI_AUDIT_KEYS = "2" * 32, "k2", {"k1": "1" * 32}
    with transaction.atomic():
        new = audit_record(actor=None, entity=bureau.squad, action="test.new_key")
    assert (old.key_id, new.key_id) == ("k1", "k2")
    assert audit_verify().ok
    settings.FAZHI_AUDIT_KEYS = {}  # the old key thrown away: its events can no longer be checked
    breaks = audit_verify().breaks
    assert [(b.seq, b.reason) for b in breaks] == [(old.seq, "签名密钥“k1”未知（密钥缺失，或事件系伪造）")]


def test_events_written_before_the_key_are_accepted_only_up_to_the_configured_number(settings, bureau) -> None:
    count = AuditEvent.objects.count()
    settings.FAZHI_AUDIT_KEY, settings.FAZHI_AUDIT_KEY_ID = "3" * 32, "k1"
    settings.FAZHI_AUDIT_UNKEYED_UNTIL = count
    assert audit_verify().ok
    settings.FAZHI_AUDIT_UNKEYED_UNTIL = count - 1
    breaks = audit_verify().breaks
    assert len(breaks) == 1
    assert "未用审计密钥签名" in breaks[0].reason
