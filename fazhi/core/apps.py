from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_save


def _check_before_save(
    sender: type, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """Text limits, NUL and deceptive names on every fazhi model (see ``validation.check_instance``); a restore or
    fixture (``raw``) loads what was stored."""
    if not raw and sender.__module__.startswith("fazhi."):
        from fazhi.core.validation import check_instance  # noqa: PLC0415 — the models are loaded by now

        check_instance(instance, update_fields)


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fazhi.core import calendar  # noqa: PLC0415 — ready() runs once the app registry is loaded

        calendar.install_holiday_table_loader()
        pre_save.connect(_check_before_save, dispatch_uid="fazhi.core.check_before_save")
