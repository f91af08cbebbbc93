"""The periodic jobs: each slot is enqueued once, whoever asks and however often."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from fazhi.core import clock
from fazhi.jobs.models import PeriodicRun
from fazhi.jobs.schedule import JOBS, schedule_due
from fazhi.supervision.models import ScanRun
from tests.jobs.worker import run_queued_tasks

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUPERVISE = next(j for j in JOBS if j.name == "supervise")
EXPIRE = next(j for j in JOBS if j.name == "publicity_expire")
SUPERVISE_FULL = next(j for j in JOBS if j.name == "supervise_full")
# The scan and expiry alone: the stale-run sweep's quarter-hour slots are tested in tests/jobs/test_stale.py.
SCANS = tuple(j for j in JOBS if j.name not in {"runs_fail_stale", "audit_checkpoint", "partitions_ensure"})


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def test_the_hourly_scan_slot_starts_five_minutes_past_the_hour() -> None:
    assert SUPERVISE.slot(at(2, 9, 5)) == at(2, 9, 5)
    assert SUPERVISE.slot(at(2, 9, 4)) == at(2, 8, 5)
    assert SUPERVISE.slot(at(2, 0, 1)) == at(1, 23, 5)


def test_the_daily_expiry_slot_is_ten_past_midnight_and_before_it_is_yesterdays() -> None:
    assert EXPIRE.slot(at(2, 0, 10)) == at(2, 0, 10)
    assert EXPIRE.slot(at(2, 23, 59)) == at(2, 0, 10)
    assert EXPIRE.slot(at(2, 0, 9)) == at(1, 0, 10)


def test_a_slot_is_read_in_shanghai_time_whatever_zone_now_is_given_in() -> None:
    assert EXPIRE.slot(datetime(2026, 3, 1, 16, 10, tzinfo=ZoneInfo("UTC"))) == at(2, 0, 10)


@pytest.mark.django_db
def test_each_slot_is_enqueued_once_however_often_the_schedule_is_checked() -> None:
    first = schedule_due(jobs=SCANS, now=at(2, 9, 30))
    # The first check of a new install runs the weekly full scan (Sunday's slot) before any hourly one.
    assert sorted(r.job for r in first) == ["publicity_expire", "supervise_full"]
    assert schedule_due(jobs=SCANS, now=at(2, 9, 31)) == []  # a second worker, or a restart, in the same hour
    assert DBTaskResult.objects.count() == 2
    run_queued_tasks()
    assert [r.job for r in schedule_due(jobs=SCANS, now=at(2, 9, 32))] == ["supervise"]
    assert schedule_due(jobs=SCANS, now=at(2, 9, 33)) == []
    run_queued_tasks()
    assert [r.job for r in schedule_due(jobs=SCANS, now=at(2, 10, 5))] == ["supervise"]
    assert PeriodicRun.objects.filter(job="supervise").count() == 2
    assert DBTaskResult.objects.count() == 4


@pytest.mark.django_db
def test_a_scan_whose_last_run_has_not_finished_is_not_enqueued_again() -> None:
    schedule_due(jobs=SCANS, now=at(2, 9, 30))
    assert schedule_due(jobs=SCANS, now=at(2, 10, 30)) == []  # no worker has run the full scan yet
    run_queued_tasks()
    assert [r.job for r in schedule_due(jobs=SCANS, now=at(2, 10, 30))] == ["supervise"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_scan_on_its_own_schedule() -> None:
    from django.core.management import call_command

    with clock.frozen_at(date(2026, 3, 2), time(9, 30)):
        call_command("worker", "--batch", verbosity=0)  # schedules the due slots, then runs them
        assert list(ScanRun.objects.values_list("full", flat=True)) == [True]
        call_command("worker", "--batch", verbosity=0)  # the full scan is done: the hourly one follows
        assert ScanRun.objects.count() == 2
        call_command("worker", "--batch", verbosity=0)  # same hour: nothing new
        assert ScanRun.objects.count() == 2
    assert PeriodicRun.objects.count() == len(JOBS)
    assert all(r.status == "SUCCESSFUL" for r in DBTaskResult.objects.all())


def test_the_weekly_full_scan_slot_is_sunday_half_past_one() -> None:
    assert SUPERVISE_FULL.slot(at(2, 9, 30)) == at(1, 1, 30)
    assert SUPERVISE_FULL.slot(at(1, 1, 29)) == datetime(2026, 2, 22, 1, 30, tzinfo=SHANGHAI)


def test_a_slot_one_hour_on_is_a_new_slot() -> None:
    assert SUPERVISE.slot(at(2, 9, 30) + timedelta(hours=1)) == at(2, 10, 5)


@pytest.mark.django_db
def test_a_scan_left_running_by_a_killed_worker_holds_the_schedule_back_only_for_six_hours() -> None:
    schedule_due(now=at(2, 9, 30))
    full = PeriodicRun.objects.get(job="supervise_full")
    DBTaskResult.objects.filter(pk=full.task_id).update(status="RUNNING", started_at=at(2, 9, 31))
    assert schedule_due(now=at(2, 15, 30)) == []  # 5 h 59 min: still taken as running
    assert [r.job for r in schedule_due(now=at(2, 15, 31))] == ["supervise"]  # 6 h: taken as lost
