"""On PostgreSQL the audit trail is partitioned by the year of ``at`` (issue 14; docs/partitioning.md).

The existing table is converted in this migration's transaction: every row keeps its id, the append-only trigger
of ``core.0006`` is recreated on the partitioned table (and so on every partition), and the primary key and unique
constraints carry ``at`` as PostgreSQL requires. SQLite: nothing changes.
"""

from django.db import migrations

from fazhi.core.partitioning import AUDIT_EVENTS, migrate_backward, migrate_forward


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_append_only_triggers"),
    ]

    operations = [migrations.RunPython(migrate_forward(AUDIT_EVENTS), migrate_backward(AUDIT_EVENTS))]
