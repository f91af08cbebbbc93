"""Audit events carry a global sequence, a key id and the record's state (issue 10).

Existing events are numbered in the order they were written (their id), and the counter starts after them; their
hash (format version 1) is left as it was.
"""

from django.db import migrations, models


def number_existing_events(apps, schema_editor):
    event_model = apps.get_model("core", "AuditEvent")
    sequence_model = apps.get_model("core", "AuditSequence")
    n = 0
    for pk in event_model._base_manager.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000):
        n += 1
        event_model._base_manager.filter(pk=pk).update(gseq=n)
    sequence_model.objects.update_or_create(id=1, defaults={"value": n})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_export_progress"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSequence",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "审计全局序号", "verbose_name_plural": "审计全局序号"},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="格式版本"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="gseq",
            field=models.PositiveBigIntegerField(blank=True, null=True, unique=True, verbose_name="全局序号"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=32, verbose_name="密钥编号"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="state",
            field=models.JSONField(blank=True, null=True, verbose_name="记录状态"),
        ),
        migrations.RunPython(number_existing_events, migrations.RunPython.noop),
    ]
