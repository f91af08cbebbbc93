"""``read_together`` gives what ``list(qs)`` gives: the same instances, values, types and order, related rows too.

Compared over the records of real cases (a served, paid case and a 当场 case, made through the services) and over
values chosen to break a JSON round trip (quotes, backslashes, line breaks, NUL-free control characters, CJK,
emoji, nested JSON with decimals, 12-digit and negative money).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, FloatField, Model, Value
from django.test.utils import CaptureQueriesContext

from fazhi.cases import services
from fazhi.cases.models import Case, InvestigationReport, Payment
from fazhi.cases.selectors import _RECORD_RELATED, CASE_RECORDS, _records_of, _related_model
from fazhi.core.models import AuditEvent
from fazhi.core.oneread import read_together
from fazhi.evidence.models import Evidence
from tests.cases.flow import FINE, make_cast, travel
from tests.cases.remedy_flow import SERVED, served_case, simple_case


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def dump(obj: Model, related: tuple[str, ...] = ()) -> list[Any]:
    """Every concrete value of ``obj`` with its type, then those of the rows ``related`` brought along."""
    out: list[Any] = [type(obj).__name__]
    out += [(f.attname, getattr(obj, f.attname), type(getattr(obj, f.attname))) for f in obj._meta.concrete_fields]
    for path in related:
        target: Any = obj
        for step in path.split("__"):
            target = getattr(target, step) if target is not None else None
        out.append((path, None if target is None else dump(target)))
    return out


def querysets(case: Case) -> dict[str, Any]:
    return {n: _records_of(n, _related_model(n)._default_manager.filter(case_id=case.pk)) for n in CASE_RECORDS}


def assert_same(qss: dict[str, Any]) -> dict[str, list[Model]]:
    got = read_together(qss)
    assert list(got) == list(qss)
    for name, qs in qss.items():
        related = tuple(qs.query.select_related) if isinstance(qs.query.select_related, dict) else ()
        paths = _RECORD_RELATED.get(name, related)
        assert [dump(o, paths) for o in got[name]] == [dump(o, paths) for o in qs], name
    return got


def paid_case(monkeypatch: Any, bureau: Any, cast: Any) -> Case:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, SERVED + timedelta(days=3))
    for n in (1, 2):
        services.payment_record(
            actor=cast.clerk,
            case=case,
            kind="fine",
            amount=FINE / 4,
            paid_on=SERVED + timedelta(days=3),
            receipt_number=f"R{n}",
            bank="示范银行",
        )
    return case


def test_the_records_of_real_cases_read_together_are_those_read_one_by_one(monkeypatch, bureau, cast) -> None:
    served = paid_case(monkeypatch, bureau, cast)
    simple = simple_case(monkeypatch, bureau, cast)
    got = assert_same(querysets(served))
    assert len(got["payments"]) == 2 and len(got["handlers"]) == 2 and got["reports"]
    assert isinstance(got["payments"][0].amount, Decimal)
    assert got["handlers"][0].officer.created_at.tzinfo is not None
    assert_same(querysets(simple))


def test_values_that_break_a_json_round_trip_come_back_unchanged(monkeypatch, bureau, cast) -> None:
    case = paid_case(monkeypatch, bureau, cast)
    nasty = "引号\"'反斜杠\\ \\u4e2d 换行\n\r制表\t\x01\x1f 😀 \u2028 ${x} <b>"
    InvestigationReport.objects.filter(case=case).update(
        facts=nasty,
        evidence_summary="",
        discretion={"档次": [1, 2.5, None, "中", {"深": True}], "金额": "12345678.91", "空": {}},
        penalty_kinds=[],
        fine=Decimal("123456789012.34"),
        confiscation=Decimal("-0.50"),
    )
    Payment.objects.filter(case=case).update(amount=Decimal("0.01"))
    got = assert_same(querysets(case))
    report = got["reports"][0]
    assert report.facts == nasty and report.fine == Decimal("123456789012.34")
    assert report.discretion["档次"][4] == {"深": True} and report.confiscation == Decimal("-0.50")


def test_each_queryset_keeps_its_own_order(monkeypatch, bureau, cast) -> None:
    case = paid_case(monkeypatch, bureau, cast)
    qss = {
        "up": Payment.objects.filter(case=case).order_by("receipt_number"),
        "down": Payment.objects.filter(case=case).order_by("-receipt_number"),
        "none": Payment.objects.filter(case=case, amount__lt=0),
        "empty": Payment.objects.none(),
        "cases": Case.objects.filter(pk=case.pk).select_related("agency", "party", "decision"),
    }
    got = assert_same(qss)
    assert [p.receipt_number for p in got["up"]] == ["R1", "R2"]
    assert [p.receipt_number for p in got["down"]] == ["R2", "R1"]
    assert got["none"] == [] and got["empty"] == []


def test_many_kinds_cost_one_query(monkeypatch, bureau, cast) -> None:
    case = paid_case(monkeypatch, bureau, cast)
    qss = querysets(case)
    with CaptureQueriesContext(connection) as ctx:
        read_together(qss)
    assert len(ctx.captured_queries) == 1


def test_a_queryset_with_a_type_json_cannot_carry_is_read_by_its_own_query(monkeypatch, bureau, cast) -> None:
    """A float (an annotation here) has no exact JSON form on both backends: read apart, still equal, annotations
    and ``prefetch_related`` included; the evidence's custody events (an IP address, ``inet``) travel in the union."""
    from fazhi.evidence.models import CustodyEvent

    case = paid_case(monkeypatch, bureau, cast)
    qss = {
        "custody": CustodyEvent.objects.filter(evidence__case=case),
        "evidence": Evidence.objects.filter(case=case),
        "floats": Payment.objects.filter(case=case).annotate(half=Value(0.5, output_field=FloatField())),
        "payments": Payment.objects.filter(case=case).annotate(twice=F("amount") * 2),
    }
    with CaptureQueriesContext(connection) as ctx:
        got = assert_same(qss)
    # assert_same reads each queryset once more by itself: 4; read_together: the union and the floats.
    assert len(ctx.captured_queries) == 4 + 2
    assert [p.half for p in got["floats"]] == [0.5, 0.5]
    assert [p.twice for p in got["payments"]] == [p.amount * 2 for p in got["payments"]]


def test_a_sliced_queryset_is_refused() -> None:
    with pytest.raises(TypeError):
        read_together({"x": Payment.objects.all()[:1]})


def test_a_shape_is_compiled_once_and_bound_to_each_case(monkeypatch, bureau, cast) -> None:
    from fazhi.core import oneread

    served = paid_case(monkeypatch, bureau, cast)
    simple = simple_case(monkeypatch, bureau, cast)
    shape = oneread.Shape(lambda pk: Payment.objects.filter(case_id=pk).order_by("-receipt_number"))
    texts = oneread.Shape(lambda pk: AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(pk)))
    made = []
    real = oneread._Part.__init__

    def counted(self, *args):  # type: ignore[no-untyped-def]
        made.append(1)
        real(self, *args)

    monkeypatch.setattr(oneread._Part, "__init__", counted)
    for case in (served, simple, served):
        got = read_together({"payments": (shape, case.pk), "events": (texts, case.pk)})
        assert [dump(p) for p in got["payments"]] == [dump(p) for p in shape.make(case.pk)]
        assert [e.pk for e in got["events"]] == [e.pk for e in texts.make(case.pk)]
        assert got["events"] and all(e.entity_id == str(case.pk) for e in got["events"])
    assert len(made) == 2  # one per shape, whatever the number of reads
