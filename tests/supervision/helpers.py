"""Run the scan on a day and look at the alerts of one rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.supervision.models import Alert, ScanRun
from fazhi.supervision.services import supervise
from tests.cases.flow import travel


def scan(monkeypatch: Any, day: date, *, full: bool = False) -> ScanRun:
    travel(monkeypatch, day)
    return supervise(today=day, full=full)


def open_alert(rule_id: str, object_id: int) -> Alert | None:
    return Alert.objects.filter(rule_id=rule_id, object_id=object_id, resolved_at__isnull=True).first()


def resolved(rule_id: str, object_id: int) -> bool:
    return (
        open_alert(rule_id, object_id) is None
        and Alert.objects.filter(rule_id=rule_id, object_id=object_id, resolved_at__isnull=False).exists()
    )
