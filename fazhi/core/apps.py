from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fazhi.core import calendar  # noqa: PLC0415 — ready() runs once the app registry is loaded

        calendar.install_holiday_table_loader()
