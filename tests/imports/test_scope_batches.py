"""The import page lists only the batches the reader may see: no agency learns of another agency's imports."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.imports.models import HistoricalCase, ImportBatch
from fazhi.imports.selectors import import_batches_for
from fazhi.imports.services import cases_import
from tests.reports.known import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def batches(bureau, power_list):  # type: ignore[no-untyped-def]
    """One batch whose cases all belong to the squad, and one empty batch of nobody's agency."""
    cases_import(actor=bureau.admin, data=csv_bytes(), filename="东中队历史案件.csv")
    HistoricalCase.objects.update(agency=bureau.squad)
    ImportBatch.objects.create(filename="空批次.csv", sha256="0" * 64, imported_at=timezone.now())


def _listed(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get("/imports/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_unit_sees_only_batches_with_its_own_cases(client, bureau, make_user, batches) -> None:
    html = _listed(client, make_user(bureau.squad2, Role.CLERK))
    assert "东中队历史案件.csv" not in html and "空批次.csv" not in html
    html = _listed(client, make_user(bureau.squad, Role.CLERK))
    assert "东中队历史案件.csv" in html and "空批次.csv" not in html


def test_a_superior_unit_sees_the_batches_of_the_units_below(bureau, make_user, batches) -> None:
    names = [b.filename for b in import_batches_for(make_user(bureau.bureau, Role.HEAD))]
    assert names == ["东中队历史案件.csv"]
    assert list(import_batches_for(make_user(bureau.township, Role.CLERK))) == []


def test_the_administrator_sees_every_batch(client, bureau, batches) -> None:
    html = _listed(client, bureau.admin)
    assert "东中队历史案件.csv" in html and "空批次.csv" in html
