from __future__ import annotations

from django.apps import AppConfig


class WasteConfig(AppConfig):
    name = "fazhi.waste"
    label = "waste"
    verbose_name = "建筑垃圾（渣土）准运"
