"""Indexes of the case list (issue 14): its order, its order under a state filter, and its search.

Plain ``AddIndex`` (not ``AddIndexConcurrently``): on a large live table run the migration in a quiet hour, or
create the same indexes ``CONCURRENTLY`` by hand first (the names below; ``IF NOT EXISTS`` makes this a no-op).

The search (``cases.selectors._search_ids``) is ``LIKE '%…%'`` on 立案编号, 案源编号, the party's name and 决定书文号;
on PostgreSQL a trigram GIN index (pg_trgm, a trusted extension since PostgreSQL 13) serves it for texts of three
characters or more. SQLite has no such index: the search scans those columns there.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = (
    ("case_register_number_trgm", "cases_case", "register_number"),
    ("case_lead_number_trgm", "cases_case", "lead_number"),
    ("party_name_trgm", "cases_party", "name"),
    ("decision_number_trgm", "cases_decision", "number"),
)


def trigram_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_form_blocks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-created_at", "-id"], name="case_list_order"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["state", "-created_at", "-id"], name="case_list_state_order"),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
