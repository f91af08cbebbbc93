"""FAZHI_OTP_REQUIRED's default: on in production, off under DEBUG and on a demo database; the variable wins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _required(var_dir: Path, **env: str) -> bool:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    clean |= {"FAZHI_SECRET_KEY": "x" * 50, "FAZHI_AUDIT_KEY": "a" * 32, "FAZHI_VAR_DIR": str(var_dir), **env}
    code = "import config.settings as s; print(s.FAZHI_OTP_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


@pytest.mark.parametrize(
    "marker, env, expected",
    [
        (False, {}, True),  # production
        (False, {"FAZHI_DEBUG": "1"}, False),
        (True, {}, False),  # a demo database (`fazhi demo` left the marker)
        (True, {"FAZHI_OTP_REQUIRED": "1"}, True),
        (False, {"FAZHI_OTP_REQUIRED": "0"}, False),
    ],
)
def test_the_second_factor_default(tmp_path, marker, env, expected) -> None:
    if marker:
        (tmp_path / "demo-no-otp").write_text("demo\n")
    assert _required(tmp_path, **env) is expected
