"""Two years of demo volume for the demo bureau, so the dashboards and the annual report show real figures.

* the imported history (``history``): a few thousand cases of the year before last and last year's on-the-spot
  tickets, through the import service;
* live cases through the real services (``live``);
* complaints, trainings and exams, a file-review draw with scores (``records``), and one supervision scan so
  alerts exist.

How much of each is the scale's (``scale``); every draw starts from its seed, so the same ``today`` and scale give
the same demo.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date

from django.db import transaction

from fazhi import rules
from fazhi.accounts.models import User
from fazhi.agencies.models import Agency, Officer
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople
from fazhi.demo.counsel import load_counsel
from fazhi.demo.history import load_historical
from fazhi.demo.inspections import load_inspections
from fazhi.demo.live import load_live_cases
from fazhi.demo.records import load_complaints, load_file_review, load_trainings
from fazhi.demo.reports import load_legal_records
from fazhi.demo.scale import SCALES, Log
from fazhi.demo.urban import load_urban
from fazhi.demo.waste import load_waste
from fazhi.supervision.services import supervise


def _quiet(_: str) -> None:
    return None


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def load_bulk(
    *,
    admin: User,
    people: DemoPeople,
    bureau: Agency,
    squad: Agency,
    officers: list[Officer],
    end: date,
    scale: str,
    log: Log = _quiet,
) -> None:
    s = SCALES[scale]
    log(f"历史案件（{end.year - 2}年）导入……")
    n = load_historical(
        admin=admin, year=end.year - 2, rows=s.historical, units=["清城管东", "清城管西", "清城管渣"], end=end
    )
    log(f"  已导入{n}件")
    log(f"{end.year - 1}年执法终端当场处罚记录导入……")
    n = load_historical(
        admin=admin, year=end.year - 1, rows=s.handheld, units=["清城管东", "清城管西"], end=end, simple_only=True
    )
    log(f"  已导入{n}件")
    log("办理中与已办结案件……")
    counts = load_live_cases(people=people, squad=squad, bureau=bureau, end=end, scale=s, log=log)
    log("  " + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))
    log("诉求工单……")
    log(f"  {load_complaints(people=people, bureau=bureau, squad=squad, end=end, count=s.complaints)}件")
    log("培训与考试……")
    log(f"  培训{load_trainings(people=people, bureau=bureau, officers=officers, end=end)}场")
    log("法律顾问、跟案、会商与法治建设职责……")
    log("  " + "，".join(f"{k} {v}" for k, v in load_counsel(people=people, bureau=bureau, end=end).items()))
    log(f"城管执法（责令改正、违法建设）……{load_urban(people=people, bureau=bureau, squad=squad, end=end)}")
    log(f"渣土准运、专项行动与柔性执法……\n  {load_waste(people=people, bureau=bureau, squad=squad, end=end)}")
    log(f"双随机、一公开……\n  {load_inspections(people=people, bureau=bureau, end=end)}")
    log("调解、合同审查、普法、决策、规范性文件与督查……")
    log(f"  {load_legal_records(people=people, bureau=bureau, squad=squad, end=end)}条")
    log("案卷评查……")
    log(f"  评查{load_file_review(people=people, bureau=bureau, end=end)}卷")
    log("执法监督扫描……")
    try:
        with _at(end), transaction.atomic():
            run = supervise(today=end, full=True)
        log(f"  {run}")
    except rules.RulesError as exc:  # a rule needing a year the holiday calendar lacks: the rest of the demo stays
        log(f"  扫描未完成：{exc}")
