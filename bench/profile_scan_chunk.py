"""The supervision scan's case chunks, read and evaluated without writing (docs/scale.md "Supervision scan").

``FAZHI_DATABASE_URL=… python bench/profile_scan_chunk.py [START] [N]`` loads N chunks of 2,000 cases from the
START-th case, evaluates the case rules on them (no alert or stamp is written), and prints the load and rule time
per chunk, the median of 3 warm runs; ``PROF=1`` adds a cProfile of one more run.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CHUNK = 2000
TODAY = date(2026, 12, 3)


def main() -> None:
    import django  # after the settings module is named

    django.setup()
    from fazhi.supervision import scan
    from fazhi.supervision.engine import chunks
    from fazhi.supervision.registry import SOURCES, rules_of

    src: Any = next(s for s in SOURCES if s.record_type == "cases.case")
    start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    ids = list(src.queryset().order_by("pk").values_list("pk", flat=True)[start : start + CHUNK * n])
    parts = list(chunks(ids, CHUNK))

    def work() -> tuple[float, float]:
        loading = rules = 0.0
        for part in parts:
            t = time.perf_counter()
            records = src.load(part)
            loading += time.perf_counter() - t
            t = time.perf_counter()
            scan.evaluate(src, rules_of(src), records)(TODAY)
            rules += time.perf_counter() - t
        return loading, rules

    work()  # warm
    runs = [work() for _ in range(3)]
    load = statistics.median(r[0] for r in runs) / len(parts)
    rules = statistics.median(r[1] for r in runs) / len(parts)
    print(f"per chunk: load {load:.3f} s, rules {rules:.3f} s (median of 3, {len(parts)} chunks of {CHUNK})")
    if os.environ.get("PROF"):
        profile = cProfile.Profile()
        profile.enable()
        work()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
