from __future__ import annotations

from django.apps import AppConfig


class CounselConfig(AppConfig):
    name = "fazhi.counsel"
    label = "counsel"
    verbose_name = "法律顾问、法制跟案、案件会商与法治建设职责"
