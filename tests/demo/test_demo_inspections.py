"""The demo's 双随机: a register with risk and credit, a drawn plan that verify-draw reproduces, a commitment."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import Client

from fazhi.demo.services import demo_load


def test_the_demo_has_targets_a_verified_draw_and_a_pending_commitment(db) -> None:
    from fazhi.inspections.draws import draw_verify
    from fazhi.inspections.models import Draw, DrawStatus, InspectionTarget, InspectionTask

    demo_load(today=date(2026, 6, 30), scale="small", log=lambda line: None)
    assert InspectionTarget.objects.count() == 36
    assert set(InspectionTarget.objects.values_list("risk_level", flat=True)) == {"high", "medium", "low"}
    drawn = Draw.objects.get(status=DrawStatus.DRAWN)
    assert draw_verify(drawn).ok and len(drawn.order) >= 3
    assert Draw.objects.filter(status=DrawStatus.COMMITTED, seed="").count() == 1
    assert InspectionTask.objects.filter(draw=drawn).exclude(result="pending").count() == 3
    assert InspectionTask.objects.filter(draw=drawn, case__isnull=False).count() == 1
    out = StringIO()
    call_command("inspections", "verify-draw", str(drawn.pk), stdout=out)
    assert "结果一致" in out.getvalue()
    assert Client().get("/public/inspections/").status_code == 200
    assert Client().get(f"/public/inspections/draws/{drawn.pk}/").status_code == 200
