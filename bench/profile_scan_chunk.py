import os, sys, time, cProfile, pstats
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django; django.setup()
from datetime import date
from fazhi.supervision.registry import SOURCES, rules_of
from fazhi.supervision import scan
from fazhi.supervision.engine import chunks
src = next(s for s in SOURCES if s.record_type == "cases.case")
start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
ids = list(src.queryset().order_by("pk").values_list("pk", flat=True)[start:start + 2000 * n])
parts = list(chunks(ids, 2000))
today = date(2026, 12, 3)
def work():
    tl = te = 0.0
    for p in parts:
        t = time.perf_counter(); recs = src.load(p); tl += time.perf_counter() - t
        t = time.perf_counter(); scan.evaluate(src, rules_of(src), recs)(today); te += time.perf_counter() - t
    return tl, te
work()  # warm
ts = []
for _ in range(3):
    ts.append(work())
print("per chunk load %.3f eval %.3f (median of 3, %d chunks)" % (sorted(t[0] for t in ts)[1] / len(parts), sorted(t[1] for t in ts)[1] / len(parts), len(parts)))
if os.environ.get("PROF"):
    pr = cProfile.Profile(); pr.enable(); work(); pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(40)
    pstats.Stats(pr).sort_stats("tottime").print_stats(25)
