"""Page weight and load time of the field pages on a phone (390×844), cold and warm cache. Prints figures only.

    .venv/bin/python bench/bench_phone.py [--url http://127.0.0.1:8000] [--runs 5] [--user duiyuan1]
                                          [--network none|4g|3g]

Without ``--url`` it starts a server the way the browser suite does (a throw-away SQLite database with the small
demo, ``fazhi serve`` with 2 workers on a free loopback port) and stops it at the end; with ``--url`` it measures
that running server, which must hold the demo logins. Playwright drives the system's Chromium (``FAZHI_CHROMIUM``,
default /usr/bin/chromium) as a phone: 390×844, touch, device scale 3.

For each page, each run: a fresh browser context (empty cache) with the user's session loads the page (cold), then
loads it again in the same context (warm). From the Performance API (Navigation and Resource Timing): the
requests made, those that went over the network (``transferSize`` > 0; a cache hit transfers nothing), the bytes
transferred (headers and compressed bodies) and decoded, and the load time (navigation start → load event end).
Medians over the runs are printed, and each page's as a ratio to the anchor, ``/healthz`` (one tiny document, no
static files) measured the same way, so runs on a loaded machine compare. ``--network 4g`` or ``3g`` throttles
the page through the DevTools protocol (latency and bandwidth of a slow field connection); the default measures
the loopback as it is.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Fazhi2026demo"  # the demo's published password (fazhi.demo.services.DEMO_PASSWORD)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
# (label, path): a path may name {open_case} (an investigating case of the user), {case} (one in execution) or
# {complaint}; they are found through the pages the user sees, so that a server given by --url works too.
PAGES = (
    ("/healthz（锚点）", "/healthz"),
    ("工作台", "/"),
    ("待办", "/cases/todo/"),
    ("案件列表", "/cases/"),
    ("案件（调查中）", "/cases/{open_case}/"),
    ("案件（执行中）", "/cases/{case}/"),
    ("简易程序当场处罚", "/cases/simple/new/"),
    ("证据", "/evidence/case/{open_case}/"),
    ("群众诉求列表", "/complaints/"),
    ("群众诉求", "/complaints/{complaint}/"),
    ("双随机检查任务", "/inspections/tasks/"),
    ("外勤（离线）", "/field/"),
    ("现场检查笔录", "/evidence/case/{open_case}/records/new/?kind=inspection"),
    ("当场处罚决定书打印（80毫米）", "/documents/case/{simple}/print/simple_decision/?paper=80mm"),
)
# Latency (ms) and throughput (bytes/s) of a slow field connection, as Chrome's DevTools presets them.
NETWORKS = {
    "4g": {"latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8},
    "3g": {"latency": 400, "downloadThroughput": 400_000 // 8, "uploadThroughput": 400_000 // 8},
}

MEASURE_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const all = [nav, ...performance.getEntriesByType('resource')];
  return {
    requests: all.length,
    network: all.filter(e => e.transferSize > 0).length,
    transferred: all.reduce((s, e) => s + e.transferSize, 0),
    decoded: all.reduce((s, e) => s + e.decodedBodySize, 0),
    load_ms: nav.loadEventEnd - nav.startTime,
  };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """The small demo on a throw-away SQLite database, served by ``fazhi serve`` on a loopback port."""
    var = Path(tempfile.mkdtemp(prefix="fazhi-bench-phone-"))
    (var / "secret_key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    (var / "audit_key").write_text("k1:" + secrets.token_urlsafe(48), encoding="utf-8")  # production needs one
    env = {**os.environ, "FAZHI_VAR_DIR": str(var), "FAZHI_DEMO_SCALE": "small"}
    env.pop("FAZHI_DATABASE_URL", None)
    fazhi = [sys.executable, "-m", "fazhi.cli"]
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    serve = None
    try:
        t = time.perf_counter()
        subprocess.run([*fazhi, "migrate", "--noinput"], check=True, **quiet)  # type: ignore[call-overload]
        subprocess.run([*fazhi, "demo", "--scale", "small"], check=True, **quiet)  # type: ignore[call-overload]
        port = _free_port()
        serve = subprocess.Popen([*fazhi, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], **quiet)  # type: ignore[call-overload]
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and serve.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit(f"fazhi serve 未能启动：{base}")
        print(f"demo server (small demo, SQLite, 2 gunicorn workers) ready in {time.perf_counter() - t:.0f} s: {base}")
        yield base
    finally:
        if serve is not None:
            serve.terminate()
            try:
                serve.wait(timeout=15)
            except subprocess.TimeoutExpired:
                serve.kill()
        shutil.rmtree(var, ignore_errors=True)


def _login_state(browser: Any, base: str, user: str) -> Any:
    context = browser.new_context(base_url=base, **PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        raise SystemExit(f"{user} 未能登录 {base}")
    ids = {
        "open_case": _first_id(page, "/cases/?state=investigating", r"/cases/(\d+)/"),
        "case": _first_id(page, "/cases/?state=executing&procedure=general", r"/cases/(\d+)/"),
        "complaint": _first_id(page, "/complaints/", r"/complaints/(\d+)/"),
        "simple": _first_id(page, "/cases/?procedure=simple", r"/cases/(\d+)/"),
    }
    state = context.storage_state()
    context.close()
    return state, ids


def _first_id(page: Any, listing: str, pattern: str) -> str:
    page.goto(listing)
    for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if m := re.fullmatch(pattern, href or ""):
            return m.group(1)
    raise SystemExit(f"{listing} 中没有找到记录（{pattern}）")


def _load(page: Any, path: str) -> dict[str, float]:
    page.goto(path, wait_until="load")
    page.wait_for_function("() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
    return dict(page.evaluate(MEASURE_JS))


def measure(browser: Any, base: str, state: Any, path: str, network: str) -> tuple[dict[str, float], dict[str, float]]:
    """One cold load (new context, empty cache) and one warm load (same context) of ``path``."""
    context = browser.new_context(base_url=base, storage_state=state, **PHONE)
    page = context.new_page()
    if network in NETWORKS:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORKS[network]})
    try:
        cold = _load(page, path)
        warm = _load(page, path)
    finally:
        context.close()
    return cold, warm


def _median(rows: list[dict[str, float]], key: str) -> float:
    return float(statistics.median(r[key] for r in rows))


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)


def report(label: str, cold: list[dict[str, float]], warm: list[dict[str, float]], anchor: dict[str, float]) -> None:
    c_ms, w_ms = _median(cold, "load_ms"), _median(warm, "load_ms")
    c_kb, w_kb = _median(cold, "transferred") / 1024, _median(warm, "transferred") / 1024
    print(
        f"{_pad(label, 18)}cold {c_ms:7.0f} ms {c_kb:7.1f} KiB {_median(cold, 'requests'):3.0f} req "
        f"({_median(cold, 'decoded') / 1024:6.1f} KiB decoded) | warm {w_ms:6.0f} ms {w_kb:6.1f} KiB "
        f"{_median(warm, 'network'):2.0f}/{_median(warm, 'requests'):.0f} req over the network | "
        f"× anchor: cold {c_ms / anchor['cold_ms']:5.1f}, warm {w_ms / anchor['warm_ms']:5.1f}"
    )


def run(base: str, runs: int, user: str, network: str) -> None:
    from playwright.sync_api import sync_playwright  # only the benchmark needs Playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            state, ids = _login_state(browser, base, user)
            print(
                f"{base} as {user}, phone 390×844, network {network}, {runs} runs per page; medians "
                f"(cold: empty cache; warm: the same page again; KiB transferred = headers + compressed bodies)"
            )
            anchor: dict[str, float] = {}
            for label, path in PAGES:
                cold, warm = [], []
                for _ in range(runs):
                    c, w = measure(browser, base, state, path.format(**ids), network)
                    cold.append(c)
                    warm.append(w)
                if not anchor:
                    anchor = {"cold_ms": _median(cold, "load_ms"), "warm_ms": _median(warm, "load_ms")}
                report(label, cold, warm, anchor)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running fazhi holding the demo (default: start one on the small demo)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--user", default="duiyuan1")
    parser.add_argument("--network", choices=["none", *NETWORKS], default="none")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"找不到 Chromium：{CHROMIUM}（apt-get install -y chromium fonts-noto-cjk，或设置 FAZHI_CHROMIUM）"
        )
    if args.url:
        run(args.url.rstrip("/"), args.runs, args.user, args.network)
        return
    with demo_server() as base:
        run(base, args.runs, args.user, args.network)


if __name__ == "__main__":
    main()
