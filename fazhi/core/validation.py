"""Checks a service runs on a model instance before it writes, so a bad value is a Chinese message, not a 500."""

from __future__ import annotations

from django.db import models

from fazhi.core.errors import ValidationError


def length_errors(*instances: models.Model) -> list[str]:
    """Text longer than its column: SQLite would store it, PostgreSQL would refuse it mid-transaction."""
    errors = []
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.CharField) and field.max_length:
                value = getattr(instance, field.attname)
                if isinstance(value, str) and len(value) > field.max_length:
                    errors.append(f"{field.verbose_name}不能超过{field.max_length}个字符（现有{len(value)}个）")
    return errors


def ensure_fits(*instances: models.Model) -> None:
    errors = length_errors(*instances)
    if errors:
        raise ValidationError("；".join(errors) + "。")
