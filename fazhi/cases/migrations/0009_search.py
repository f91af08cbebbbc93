"""The case list's search key (``fazhi.cases.search``): the table, its index, and its rows for the cases there are."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from fazhi.cases.search import SEARCHED, case_grams, rebuild_in_sql


def build(apps: Any, schema_editor: Any) -> None:
    """The grams of every existing case, as ``search.rebuild`` writes them (``fazhi cases rebuild-search`` later)."""
    case_model = apps.get_model("cases", "Case")
    gram_model = apps.get_model("cases", "CaseSearchGram")
    if schema_editor.connection.vendor == "postgresql":  # one statement (``search.rebuild``)
        rebuild_in_sql(schema_editor.connection, indexes=False)
        return
    alias = schema_editor.connection.alias
    last = 0
    while True:
        rows = list(
            case_model.objects.using(alias)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "created_at", *SEARCHED)[:5000]
        )
        if not rows:
            return
        gram_model.objects.using(alias).bulk_create(
            [
                gram_model(case_id=pk, gram=g, created_at=created_at)
                for pk, created_at, *texts in rows
                for g in sorted(case_grams(texts))
            ],
            batch_size=2000,
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_todo_due"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseSearchGram",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("gram", models.CharField(max_length=2)),
                ("created_at", models.DateTimeField()),
                (
                    "case",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["gram", "-created_at", "-case"], name="case_gram_order"),
                    models.Index(fields=["case"], name="case_gram_case"),
                ],
            },
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
