from __future__ import annotations

import pytest

from tests.cases.conftest import head, open_case, power_list, township_head  # noqa: F401 - shared fixtures
from tests.cases.flow import make_cast


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]  # noqa: F811
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture(autouse=True)
def _rows_equal_models(monkeypatch):  # type: ignore[no-untyped-def]
    """Every case-rule evaluation in these tests is made twice: on the plain rows the scan loads and on model
    instances loaded as before (``reference_load``); every finding (severity, explanation) and every due date
    must be the same. The tests' varied cases are so the fixture of the equality check."""
    from fazhi.supervision import scan
    from tests.supervision.reference_load import reference_load

    original = scan.evaluate
    checked = {"records": 0}

    def evaluate(source, rules, records):  # type: ignore[no-untyped-def]
        run = original(source, rules, records)
        if source.record_type != "cases.case":
            return run

        def both(today, counts=None):  # type: ignore[no-untyped-def]
            findings, rechecks = run(today, counts)
            ids = [r.pk for r in records]
            old_findings, old_rechecks = original(source, rules, reference_load(ids))(today)
            assert {k: (f.severity, f.explanation) for k, (_r, _rec, f) in findings.items()} == {
                k: (f.severity, f.explanation) for k, (_r, _rec, f) in old_findings.items()
            }
            assert rechecks == old_rechecks
            checked["records"] += len(ids)
            return findings, rechecks

        return both

    monkeypatch.setattr(scan, "evaluate", evaluate)
    yield
