"""The case list's search, alone: the page's count (capped) and its first 50 rows, for a few texts.

    FAZHI_DATABASE_URL=… .venv/bin/python bench/bench_search.py [--user juzhang]

Prints, per text, the median of 5 warm runs in ms, the ratio to the unfiltered list measured in the same run
(the anchor), the query count and the number of matches counted (capped). Run with ``PYTHONPATH`` pointing at
another checkout to measure its code on the same database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User
    from fazhi.cases import selectors
    from fazhi.cases.models import Case
    from fazhi.cases.views import CappedPaginator

    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="juzhang")
    args = parser.parse_args()
    actor = User.objects.get(username=args.user)
    reg = Case.objects.exclude(register_number="").order_by("-pk").values_list("register_number", flat=True).first()
    texts = {
        "(无检索)": "",
        "二字常见 李伟": "李伟",
        "二字少见 欧阳": "欧阳",
        "三字 王秀英": "王秀英",
        "编号片段": (reg or "")[-6:],
        "无匹配": "没有这个",
        "单字 李": "李",
    }

    def once(text: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            page = CappedPaginator(selectors.case_list(actor=actor, search=text), 50).get_page(1)
            list(page.object_list)
            ms = (time.perf_counter() - t) * 1000
        return ms, len(ctx.captured_queries), page.paginator.count

    for label, text in texts.items():
        once(text)
        runs = [once(text) for _ in range(5)]
        med = statistics.median(r[0] for r in runs)
        if not text:
            anchor = med
        print(f"{label:14} {text!r:22} {med:8.1f} ms  ×{med / anchor:6.2f}  queries {runs[0][1]}  count {runs[0][2]}")


if __name__ == "__main__":
    main()
