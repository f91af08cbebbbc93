"""Time the busy pages in process with the test client, against ``/healthz`` in the same run (issue 14).

Prints, per page and user: the median of 3 timings in ms, its ratio to ``/healthz``, and the page's query count.
Run against a database filled with ``bench/fill_pages.py`` (or ``bench/build_dataset.py``) holding the demo:

    FAZHI_DATABASE_URL=postgres://…/h_pages_big FAZHI_DEBUG=1 python bench/bench_pages.py [USER …]

``FAZHI_BENCH_PAGES=/cases/todo/,case`` times only those pages (``case``: the case page).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("FAZHI_DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.accounts.models import User  # noqa: E402
from fazhi.cases.models import Case  # noqa: E402

PAGES = (
    "/cases/todo/",
    "/cases/",
    "/cases/?state=investigating&procedure=general",
    "/cases/?q=张伟",
    "/cases/?q=罚决字〔2019〕",
    "/cases/?q=x123456",
    "/supervision/",
    "/supervision/alerts/",
)


def _time(client: Client, url: str) -> tuple[float, int]:
    runs = []
    queries = 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            runs.append((time.perf_counter() - started) * 1000)
        if response.status_code == 404:  # out of the user's scope (a township officer and a bureau case)
            return float("nan"), 0
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(runs), queries


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    anchor_client = Client()
    anchor_client.get("/healthz", HTTP_HOST="127.0.0.1")
    anchor, _ = _time(anchor_client, "/healthz")
    print(f"cases: {Case.objects.count():,}; /healthz median {anchor:.1f} ms")
    print(f"{'user':<14} {'page':<48} {'ms':>8} {'ratio':>7} {'queries':>7}")
    case = Case.objects.filter(decision__isnull=False).order_by("pk").first()
    pages = [*PAGES, f"/cases/{case.pk}/"] if case else list(PAGES)
    if only := os.environ.get("FAZHI_BENCH_PAGES"):
        wanted = only.split(",")
        pages = [p for p in pages if p in wanted or ("case" in wanted and case and p == f"/cases/{case.pk}/")]
    for username in sys.argv[1:] or ["juzhang", "zhongduizhang", "jiandu"]:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for url in pages:
            client.get(url, HTTP_HOST="127.0.0.1")  # warm
            ms, queries = _time(client, url)
            print(f"{username:<14} {url:<48} {ms:8.1f} {ms / anchor:7.1f} {queries:7d}")


if __name__ == "__main__":
    main()
