"""Time the demo load (``fazhi demo``; ``make run`` runs it on first start) on a throw-away SQLite database.

    .venv/bin/python bench/bench_demo.py [--scale full|small] [--runs 3]

Each run migrates a fresh temporary database and loads the demo bureau; prints each run and the median. A
benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(scale: str) -> float:
    """Load the demo in a child process (a fresh Django and database each time); the load time in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FAZHI_DEBUG": "0", "BENCH_DB": str(Path(tmp) / "demo.sqlite3"), "BENCH_SCALE": scale}
        env.setdefault("FAZHI_AUDIT_KEY", "bench-only-throw-away-audit-key")  # production settings need one
        env.pop("FAZHI_DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        return float(out.stdout.strip().splitlines()[-1])


def child() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = os.environ["BENCH_DB"]
    from django.core.management import call_command

    from fazhi.core import clock
    from fazhi.demo.services import demo_load

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    demo_load(today=clock.today(), scale=os.environ["BENCH_SCALE"], log=lambda line: None)
    print(f"{time.perf_counter() - start:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    times = []
    for i in range(args.runs):
        seconds = one_run(args.scale)
        times.append(seconds)
        print(f"run {i + 1}: demo load ({args.scale}) {seconds:.1f} s", flush=True)
    print(f"median: {statistics.median(times):.1f} s over {len(times)} runs", flush=True)


if __name__ == "__main__":
    main()
