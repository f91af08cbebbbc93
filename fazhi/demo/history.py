"""The imported history: cases of the year before last, and last year's on-the-spot tickets of a handheld
ticketing system, written as an in-memory CSV and loaded through the import service (all or nothing)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal

from fazhi.accounts.models import User
from fazhi.core import clock
from fazhi.demo.scale import SEED, SURNAMES
from fazhi.imports.parsing import COLUMNS
from fazhi.imports.services import cases_import


def historical_csv(*, year: int, rows: int, units: list[str], seed: int = SEED, simple_only: bool = False) -> bytes:
    rng = random.Random(seed + year)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([name for name, _ in COLUMNS])
    codes = [("SL-SZ-001", 200, 20000), ("SL-HJ-001", 500, 20000), ("SL-SR-001", 50, 200), ("SL-ZT-001", 1000, 20000)]
    if simple_only:
        codes = [("SL-SR-001", 50, 200)]
    sources = ["巡查发现", "投诉举报", "上级交办", "非现场执法", "数字城管", "双随机检查"]
    for i in range(rows):
        act = date(year, 1, 2) + timedelta(days=rng.randint(0, 255))  # decided within the year
        # A bureau's year is mostly on-the-spot tickets: about nine in ten are 简易程序 (cf. seed 001: 55603 / 2326).
        code, low, high = rng.choices(codes, weights=[3, 3, 91, 3][: len(codes)] if not simple_only else [1])[0]
        simple = code == "SL-SR-001"
        kind = rng.choices(["处罚", "不予处罚", "首违不罚", "撤销立案"], [88, 4, 6, 2])[0]
        fine = Decimal(rng.randrange(low, high + 1, 50)) if kind == "处罚" else Decimal(0)
        registered = act + timedelta(days=rng.randint(0, 5))
        decided = registered + timedelta(days=0 if simple else rng.randint(20, 85))
        paid = decided + timedelta(days=rng.randint(1, 14)) if fine else None
        closed = (paid or decided) + timedelta(days=rng.randint(1, 10))
        person = rng.random() < 0.6
        writer.writerow(
            [
                f"清当〔{year}〕第{i + 1:05d}号" if simple_only else f"清城管罚决字〔{year}〕第{i + 1:05d}号",
                "简易" if simple else "一般",
                rng.choice(sources),
                code,
                "",
                rng.choice(units),
                "个人" if person else "单位",
                f"{rng.choice(SURNAMES)}某{i}" if person else f"清源县历史{i}商贸有限公司",
                "",
                act.isoformat(),
                registered.isoformat(),
                decided.isoformat(),
                kind,
                str(fine),
                "0",
                "是" if fine >= 15000 else "否",
                "1" if fine >= 15000 else "0",
                "否",
                decided.isoformat(),
                paid.isoformat() if paid else "",
                closed.isoformat(),
            ]
        )
    return out.getvalue().encode("utf-8")


def load_historical(
    *, admin: User, year: int, rows: int, units: list[str], end: date, simple_only: bool = False
) -> int:
    data = historical_csv(year=year, rows=rows, units=units, simple_only=simple_only)
    with clock.frozen_at(end):
        report = cases_import(actor=admin, data=data, filename=f"{year}年历史案件（示范）.csv", today=end)
    return report.imported
