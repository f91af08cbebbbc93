"""``fazhi serve`` picks its workers and threads from the machine, overridable by options and environment."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.management.commands import serve


def test_workers_follow_gunicorn_formula_with_a_cap() -> None:
    assert serve.default_workers(1) == 3
    assert serve.default_workers(2) == 5
    assert serve.default_workers(4) == serve.MAX_WORKERS  # 2 × 4 + 1 = 9, the cap
    assert serve.default_workers(64) == serve.MAX_WORKERS


def _argv(monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    seen: list[list[str]] = []

    def fake_execv(path: str, argv: list[str]) -> Any:
        seen.append(argv)

    monkeypatch.setattr(serve.os, "execv", fake_execv)
    call_command("serve", "--no-collectstatic", *args)
    return seen[0]


def _opt(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_threads_use_gthread_and_one_thread_is_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _argv(monkeypatch, "--workers", "3", "--threads", "4")
    assert (_opt(argv, "--workers"), _opt(argv, "--worker-class"), _opt(argv, "--threads")) == ("3", "gthread", "4")
    argv = _argv(monkeypatch, "--workers", "2", "--threads", "1")
    assert (_opt(argv, "--workers"), _opt(argv, "--worker-class")) == ("2", "sync")


def test_zero_is_refused_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve.os, "execv", lambda *a: None)
    with pytest.raises(CommandError, match="正整数"):
        call_command("serve", "--no-collectstatic", "--threads", "0")
