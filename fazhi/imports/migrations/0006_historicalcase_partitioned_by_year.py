"""On PostgreSQL imported cases are partitioned by the year of ``registered_on`` (issue 14; docs/partitioning.md).

The existing table is converted in this migration's transaction, every row keeping its id; the foreign key of
``imports_historicalpublication.case`` becomes a composite one to ``(id, registered_on)`` through a hidden column
``case_registered_on`` filled by a trigger. SQLite: nothing changes.
"""

from django.db import migrations

from fazhi.core.partitioning import HISTORICAL_CASES, migrate_backward, migrate_forward


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0005_historical_publications"),
    ]

    operations = [migrations.RunPython(migrate_forward(HISTORICAL_CASES), migrate_backward(HISTORICAL_CASES))]
