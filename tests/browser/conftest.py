"""The browser suite: the real server (``fazhi serve``, gunicorn) and the task worker on a fresh SQLite database
holding the small demo bureau, driven by Playwright in the system's Chromium (Debian's ``chromium`` package).

Run with ``make test-browser`` (it passes ``-p no:django --confcutdir=tests/browser``: the suite configures Django
itself, on its own database, so that the test process can read what the server wrote). ``make test`` does not
collect this folder. Screenshots of failures go to ``var/browser-artifacts/`` and their paths are printed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import assert_fits, case_form, form_selector, open_enclosing_details, overflow

__all__ = [
    "PASSWORD",
    "PHONE",
    "PHONE_LARGE",
    "PHONE_SMALL",
    "assert_fits",
    "case_form",
    "form_selector",
    "login",
    "open_enclosing_details",
    "overflow",
]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Fazhi2026demo"  # the demo's published password (fazhi.demo.services.DEMO_PASSWORD)
PHONE = {"width": 390, "height": 844}
PHONE_SMALL = {"width": 360, "height": 740}
PHONE_LARGE = {"width": 414, "height": 896}
ARTEFACTS = "var/browser-artifacts"  # the Makefile's --output; .ci/run lists it too

# One database for the session, shared by the server's processes and this one (SQLite in WAL mode). A test module
# that imports this file (``from tests.browser.conftest import login``) runs it a second time under another module
# name: the folder is kept in the environment so that both copies, the server and the ORM agree on it.
if not os.environ.get("FAZHI_BROWSER_VAR_DIR"):
    os.environ["FAZHI_BROWSER_VAR_DIR"] = tempfile.mkdtemp(prefix="fazhi-browser-")
_VAR = Path(os.environ["FAZHI_BROWSER_VAR_DIR"])
if not (_VAR / "secret_key").exists():
    (_VAR / "secret_key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
if not (_VAR / "audit_key").exists():  # production settings need the audit key too (docs/audit.md)
    (_VAR / "audit_key").write_text("k1:" + secrets.token_urlsafe(48), encoding="utf-8")
os.environ["FAZHI_VAR_DIR"] = str(_VAR)
os.environ.pop("FAZHI_DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Playwright's sync API runs an event loop on this thread; the ORM calls the tests make between steps are sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()


def _fazhi(*args: str) -> list[str]:
    return [sys.executable, "-m", "fazhi.cli", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"fazhi serve 退出（{proc.returncode}）")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"fazhi serve 未在 {seconds} 秒内就绪：{url}")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Migrate, load the small demo, start ``fazhi serve`` (2 workers) and ``fazhi worker``; yield the base URL.

    With ``FAZHI_BROWSER_URL`` set (and ``FAZHI_BROWSER_VAR_DIR`` naming that server's ``FAZHI_VAR_DIR``, for the
    ORM), the tests use that running server instead and leave it and its data alone: quicker while writing tests.
    """
    if os.environ.get("FAZHI_BROWSER_URL"):
        yield os.environ["FAZHI_BROWSER_URL"].rstrip("/")
        return
    # The demo's logins have no second factor: the server (production settings) must not require one.
    env = {**os.environ, "FAZHI_DEMO_SCALE": "small", "FAZHI_OTP_REQUIRED": "0"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(_fazhi("migrate", "--noinput"), check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(_fazhi("demo", "--scale", "small"), check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    # Static files are collected (and compressed) before the server starts: on a busy machine that alone can take
    # longer than the server's readiness wait below.
    subprocess.run(_fazhi("collectstatic", "--noinput", "-v0"), check=True, cwd=ROOT, env=env)
    port = _free_port()
    bind = f"127.0.0.1:{port}"
    serve = subprocess.Popen(_fazhi("serve", "--bind", bind, "--workers", "2", "--no-collectstatic"), cwd=ROOT, env=env)
    worker = subprocess.Popen(_fazhi("worker"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(f"{base}/healthz", serve)
        yield base
    finally:
        for proc in (serve, worker):
            proc.terminate()
        for proc in (serve, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(_VAR, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(server: str) -> str:
    return server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """The system's Chromium, never a downloaded one."""
    if not Path(CHROMIUM).exists():
        hint = "apt-get install -y chromium fonts-noto-cjk，或设置 FAZHI_CHROMIUM"
        pytest.exit(f"找不到 Chromium：{CHROMIUM}（{hint}）", 2)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def phone_args(viewport: dict[str, int] = PHONE) -> dict[str, Any]:
    """What a phone adds to the suite's context arguments: its viewport, touch, the device's position."""
    return {
        "viewport": dict(viewport),
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "geolocation": {"latitude": 24.123456, "longitude": 113.654321},
        "permissions": ["geolocation"],
    }


@pytest.fixture
def phone_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A phone: 390×844, touch, the device's position (used by the camera capture); for ``browser.new_context``."""
    return {**browser_context_args, **phone_args()}


@pytest.fixture
def phone_page(new_context: Any) -> Any:
    """A page on a 390×844 phone, not logged in (its failures are screenshotted like ``page``'s)."""
    return new_context(**phone_args()).new_page()


@pytest.fixture(scope="session")
def _login_states() -> dict[str, Any]:
    return {}


@pytest.fixture
def logged_in(new_context: Any, _login_states: dict[str, Any]) -> Any:
    """``logged_in("duiyuan1", phone=True)``: a new page logged in as that demo user, each in its own context.

    ``phone=True`` is the 390×844 phone; ``viewport={"width": 360, "height": 740}`` another phone size. The session's
    cookies are kept per user after the first login through the page, so later calls do not log in again.
    """

    def make(username: str, *, phone: bool = False, viewport: dict[str, int] | None = None) -> Any:
        args = phone_args(viewport or PHONE) if (phone or viewport) else {}
        state = _login_states.get(username)
        context = new_context(**args, **({"storage_state": state} if state else {}))
        # A test that logged this user out ended the kept session: log in again.
        if state is not None and context.request.get("/", max_redirects=0).status != 200:
            context.clear_cookies()
            state = None
        page = context.new_page()
        if state is None:
            login(page, username)
            _login_states[username] = context.storage_state()
        return page

    return make


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the page as a demo user (the demo's logins are printed by ``fazhi demo``)."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"{username} 未能登录：{page.inner_text('main')[:200]}")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print where the failures' screenshots (and traces, videos) are: pytest-playwright moves them into
    ``--output`` at the failed test's teardown and empties that folder when a run starts."""
    out = Path(config.getoption("output", ARTEFACTS))
    files = sorted(p for p in out.rglob("*") if p.is_file()) if out.is_dir() else []
    if not files:
        return
    terminalreporter.write_sep("-", f"浏览器测试失败截图与记录（{len(files)} 个文件）")
    for path in files:
        terminalreporter.write_line(str(path))
