from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_") and k != "PYTEST_CURRENT_TEST"}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _import_settings({"FAZHI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "缺少密钥" in result.stderr


def test_production_settings_start_with_a_secret_key_and_debug_off(tmp_path: Path) -> None:
    result = _import_settings(
        {"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_SECRET_KEY": "x" * 50, "FAZHI_AUDIT_KEY": "a" * 32}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_database_url_points_fazhi_at_postgresql(tmp_path: Path) -> None:
    result = _import_settings(
        {
            "FAZHI_VAR_DIR": str(tmp_path),
            "FAZHI_SECRET_KEY": "x" * 50,
            "FAZHI_AUDIT_KEY": "a" * 32,
            "FAZHI_DATABASE_URL": "postgres://u@db.example:5432/fazhi",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "fazhi.core.pgbackend"  # Django's, with the audit's pre-commit step


def test_sqlite_file_database_runs_in_wal_mode(db: None, tmp_path: Path) -> None:
    from django.db import connection
    from django.db.backends.sqlite3.base import DatabaseWrapper

    if connection.vendor != "sqlite":
        pytest.skip("WAL is SQLite's journal mode")
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "fazhi.sqlite3")}, alias="wal")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        wrapper.close()


def test_a_named_key_file_that_is_missing_is_a_clear_error(tmp_path: Path) -> None:
    result = _import_settings({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_SECRET_KEY_FILE": str(tmp_path / "nope")})
    assert result.returncode != 0
    assert "无法读取密钥文件" in result.stderr
