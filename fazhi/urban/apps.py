from __future__ import annotations

from django.apps import AppConfig


class UrbanConfig(AppConfig):
    name = "fazhi.urban"
    label = "urban"
    verbose_name = "城管执法（责令改正、违法建设与强制拆除）"
