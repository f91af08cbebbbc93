from __future__ import annotations

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "fazhi.exchange"
    label = "exchange"
    verbose_name = "数据交换（外发与接入）"

    def ready(self) -> None:
        # the outbox writer reads the app's models, which load with the registry
        from fazhi.core.audit import audit_listeners  # noqa: PLC0415
        from fazhi.exchange.outbox import outbox_write  # noqa: PLC0415

        if outbox_write not in audit_listeners:  # ready() may run again in tests
            audit_listeners.append(outbox_write)
