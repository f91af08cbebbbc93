"""待办's per-case column ``Case.todo_due`` (fazhi.cases.todo) and its index.

The open cases get the earliest day as a placeholder, so that 待办 weighs them newest first (as its window did
before the column) until ``fazhi cases rebuild-todo`` computes the real values: run it once after this migration.
The migration cannot compute them itself: the deadlines read the current models, not the historical ones.
"""

from datetime import date

from django.db import migrations, models

PLACEHOLDER = date(1, 1, 1)
STATES = ("investigating", "reviewing", "notified", "decided", "executing", "lead")


def placeholder(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(state__in=STATES).update(todo_due=PLACEHOLDER)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_period_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="todo_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="待办最早期限"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["todo_due", "-created_at", "-id"], name="case_todo_order"),
        ),
        migrations.RunPython(placeholder, migrations.RunPython.noop),
    ]
