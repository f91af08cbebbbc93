from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core import clock
from fazhi.publicity.services import publications_expire


class Command(BaseCommand):
    help = "停止公示期已满的行政执法公示（每日运行一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = publications_expire(today=clock.today())
        self.stdout.write(f"公示期满停止公示：{count}件")
