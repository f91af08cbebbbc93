"""Migration core.0005 numbers the events written before it, in the order they were written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("core", "0004_export_progress")]
AFTER = [("core", "0006_audit_append_only_triggers")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_get_global_numbers_and_the_counter_starts_after_them() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("core", "AuditEvent")
    for n, entity_id in enumerate(["7", "3", "7"], start=1):
        old.objects.create(
            entity_type="test.thing",
            entity_id=entity_id,
            seq=1 if n < 3 else 2,
            actor_label="系统",
            at=timezone.now(),
            action=f"test.{n}",
            hash=f"{n:064d}",
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("core", "AuditEvent")
    sequence = executor.loader.project_state(AFTER).apps.get_model("core", "AuditSequence")
    assert list(new.objects.order_by("pk").values_list("action", "gseq", "version")) == [
        ("test.1", 1, 1),
        ("test.2", 2, 1),
        ("test.3", 3, 1),
    ]
    assert sequence.objects.get(pk=1).value == 3
