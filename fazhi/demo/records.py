"""The bureau's other records over the two years: complaints (群众诉求) through their dispatch loop, trainings
and exams, and a file-review (案卷评查) draw of last year's cases with its scores."""

from __future__ import annotations

import random
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from fazhi.agencies.models import Agency, Officer
from fazhi.cases.models import Case
from fazhi.complaints import services as cs
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople
from fazhi.demo.scale import SEED, STREETS
from fazhi.legal_affairs import services as la
from fazhi.supervision import file_review as fr


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def load_complaints(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date, count: int) -> int:
    rng = random.Random(SEED + 1)
    start = date(end.year - 1, 1, 3)
    span = (end - start).days
    topics = ("占道经营", "噪音扰民", "乱堆乱放", "违规广告牌", "渣土遗撒", "露天烧烤", "违法建设")
    done = 0
    for day in sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count)):
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))
        topic = rng.choice(topics)
        with _at(day):
            c = cs.complaint_register(
                actor=people.clerk,
                agency=bureau,
                source=rng.choice(["hotline_12345", "hotline_12345", "digital_city", "online", "walk_in"]),
                content=f"市民反映{rng.choice(STREETS)}{topic}问题，请求处理。",
                received_at=at,
                category=topic,
                location=f"清源县{rng.choice(STREETS)}",
            )
        done += 1
        age = (end - day).days
        if age < 2:
            continue
        with _at(day):
            c = cs.complaint_dispatch(actor=people.clerk, complaint=c, assigned_to=squad)
        if age < 6 and rng.random() < 0.5:
            continue
        handled = day + timedelta(days=rng.choice([1, 2, 3, 3, 5, 12]))  # a few past the deadline
        handled = min(handled, end)
        with _at(handled):
            c = cs.complaint_handle(
                actor=people.leader, complaint=c, handling_result="已到现场处置，责令当事人整改完毕。"
            )
            c = cs.complaint_verify(actor=people.clerk, complaint=c, passed=True)
            cs.complaint_close(
                actor=people.clerk,
                complaint=c,
                satisfaction=rng.choice(["satisfied", "satisfied", "satisfied", "basically", "unsatisfied", "none"]),
            )
    return done


def load_trainings(*, people: DemoPeople, bureau: Agency, officers: list[Officer], end: date) -> int:
    rng = random.Random(SEED + 2)
    n = 0
    for year in (end.year - 1, end.year):
        for month, title in ((3, "行政处罚法专题培训"), (6, "执法文书制作培训"), (9, "行政强制法培训")):
            day = date(year, month, 15)
            if day > end:
                continue
            with _at(day):
                la.training_create(
                    actor=people.reviewer,
                    agency=bureau,
                    title=f"{year}年{title}",
                    held_on=day,
                    hours=Decimal(rng.choice([4, 6, 8])),
                    officers=officers,
                )
            n += 1
        day = date(year, 11, 10)
        if day <= end:
            with _at(day):
                exam = la.exam_create(
                    actor=people.reviewer, agency=bureau, title=f"{year}年度执法人员法律知识考试", held_on=day
                )
                for o in officers:
                    la.exam_result_record(
                        actor=people.reviewer, exam=exam, officer=o, score=Decimal(rng.randint(55, 98))
                    )
    return n


def load_file_review(*, people: DemoPeople, bureau: Agency, end: date) -> int:
    start = date(end.year - 1, 1, 1)
    with _at(end):
        checklist = fr.checklist_for(agency=bureau) or fr.checklist_create(
            actor=people.reviewer, name="案卷评查标准（示范）"
        )
        draw = fr.file_review_draw(
            actor=people.reviewer,
            agency=bureau,
            period_start=start,
            period_end=date(end.year - 1, 12, 31),
            share=Decimal("0.1"),
            seed="demo-file-review",
        )
        rng = random.Random(SEED + 3)
        items = list(checklist.items.all())
        ids = [int(x) for x in draw.case_ids]
        for case in Case.objects.filter(pk__in=ids):
            scores: Mapping[int | str, Decimal | int | str] = {
                it.pk: max(Decimal(0), it.max_score - rng.choice([0, 0, 0, 1, 2])) for it in items
            }
            fr.file_review_record(actor=people.reviewer, case=case, scores=scores, draw=draw, comments="卷宗完整。")
    return len(ids)
