from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from fazhi.accounts.models import User
from fazhi.agencies.models import Agency
from fazhi.core.audit import audit_verify
from fazhi.demo.cases import anchor
from fazhi.demo.services import demo_load


@pytest.fixture
def small_demo(monkeypatch) -> None:
    """Tests load the small demo: the same kinds of records, a fraction of the volume."""
    monkeypatch.setenv("FAZHI_DEMO_SCALE", "small")


def test_the_demo_loads_once_and_prints_its_logins(db, capsys, small_demo) -> None:
    call_command("demo")
    first = capsys.readouterr().out
    assert "示范数据已载入" in first
    assert "juzhang" in first and "jiandu" in first
    assert "执法监督扫描" in first  # progress lines
    counts = (Agency.objects.count(), User.objects.count())
    call_command("demo")
    assert "示范数据已存在，未重复载入" in capsys.readouterr().out
    assert (Agency.objects.count(), User.objects.count()) == counts
    assert audit_verify().ok
    from fazhi.cases.models import Case

    states = set(Case.objects.values_list("state", flat=True))
    assert {"lead", "investigating", "reviewing", "notified", "decided", "executing", "closed", "archived"} <= states
    assert Case.objects.filter(procedure="simple").count() > 2


def test_the_demo_has_two_years_of_every_kind_of_record(db, small_demo) -> None:
    from fazhi.cases.models import Case, Hearing, Payment, Reminder
    from fazhi.complaints.models import Complaint
    from fazhi.documents.models import Document
    from fazhi.evidence.models import Evidence
    from fazhi.imports.models import HistoricalCase
    from fazhi.legal_affairs.models import ExamResult, TrainingAttendance
    from fazhi.publicity.models import Publication
    from fazhi.supervision.models import Alert, FileReview, FileReviewDraw

    today = date(2026, 6, 30)
    demo_load(today=today, scale="small", log=lambda line: None)
    end = anchor(today)
    assert Case.objects.filter(decision__decided_on__year=end.year - 1).exists()
    assert Case.objects.filter(decision__decided_on__year=end.year).exists()
    assert HistoricalCase.objects.filter(decided_on__year=end.year - 2).count() >= 40
    assert Case.objects.filter(decision__outcome="exempted").exists()  # 首违不罚
    assert Evidence.objects.exists() and Document.objects.exists()
    assert Payment.objects.filter(kind="late_fee").exists() and Payment.objects.filter(kind="fine").exists()
    assert Hearing.objects.exists() and Reminder.objects.exists()
    assert Publication.objects.filter(status="published").exists()
    assert Complaint.objects.exists()
    assert TrainingAttendance.objects.exists() and ExamResult.objects.exists()
    assert FileReviewDraw.objects.exists() and FileReview.objects.exists()
    assert Alert.objects.exists()
    assert audit_verify().ok


def test_the_demo_refuses_a_database_real_users_work_in(admin_user) -> None:
    with pytest.raises(CommandError, match="拒绝载入示范数据"):
        call_command("demo")
    assert not Agency.objects.exists()


def test_no_other_app_imports_the_demo() -> None:
    import ast
    from pathlib import Path

    import fazhi

    root = Path(fazhi.__file__).parent
    importers = []
    for path in root.rglob("*.py"):
        if path.is_relative_to(root / "demo"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == "fazhi.demo" or n.startswith(("fazhi.demo.", "fazhi.demo_")) for n in names):
                importers.append(str(path.relative_to(root)))
    assert importers == []
