"""In production no channel defaults to the console provider: its "receipt" reached nobody."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _providers(tmp_path: Path, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_") and k != "PYTEST_CURRENT_TEST"}
    production = {"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_SECRET_KEY": "x" * 50, "FAZHI_AUDIT_KEY": "a" * 32}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(sorted(s.FAZHI_DELIVERY_PROVIDERS.items()))"],
        cwd=ROOT,
        env={**base, **production, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_has_no_console_default_but_keeps_what_is_configured(tmp_path: Path) -> None:
    assert _providers(tmp_path) == "[]"
    assert _providers(tmp_path, FAZHI_DELIVERY_PROVIDERS="sms=sms_http") == "[('sms', 'sms_http')]"


def test_debug_and_the_demo_write_to_the_console_outbox(tmp_path: Path) -> None:
    assert "('email', 'console')" in _providers(tmp_path, FAZHI_DEBUG="1")
    (tmp_path / "demo-no-otp").write_text("demo\n")
    assert "('sms', 'console')" in _providers(tmp_path)
