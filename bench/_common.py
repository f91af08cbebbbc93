"""Shared by the scale benchmarks: Django set-up against a chosen database, and a pure-Python anchor.

A benchmark prints figures; it asserts nothing. The audit key and the secret key come from ``FAZHI_VAR_DIR``
(default ``var/`` of the checkout), so the builder, the server the benchmark starts and ``fazhi audit verify``
sign and check with the same key: run them all with the same ``FAZHI_VAR_DIR``.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH_URL = "postgres://postgres@127.0.0.1:5432/bench_1m"


def var_dir() -> Path:
    """``FAZHI_VAR_DIR`` (default ``var/``) with an audit key and a secret key, created once as ``make`` does."""
    path = Path(os.environ.get("FAZHI_VAR_DIR", str(ROOT / "var")))
    path.mkdir(parents=True, exist_ok=True)
    for name, value in (
        ("audit_key", lambda: "k1:" + secrets.token_urlsafe(48)),
        ("secret_key", lambda: secrets.token_urlsafe(50)),
    ):
        f = path / name
        if not f.exists():
            f.write_text(value() + "\n")
            f.chmod(0o600)
    os.environ["FAZHI_VAR_DIR"] = str(path)
    return path


def setup_django(database_url: str | None) -> None:
    """Point fazhi at ``database_url`` (or ``FAZHI_DATABASE_URL``) and set Django up."""
    if database_url:
        os.environ["FAZHI_DATABASE_URL"] = database_url
    var_dir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def say(line: str) -> None:
    print(line, flush=True)
