from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "fazhi.portal"
    label = "portal"
    verbose_name = "政务公开门户"

    def ready(self) -> None:
        # The index follows the records it is built from: a save or delete of a source's model re-indexes that
        # record after the commit (fazhi.portal.index); registered here so that no source app knows the portal.
        from fazhi.portal import index  # noqa: PLC0415 — app registry must be ready before the models are read

        index.connect_signals()
