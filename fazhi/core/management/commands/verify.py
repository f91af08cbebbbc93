from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import audit_verify


class Command(BaseCommand):
    help = "重新计算全部审计事件的哈希链，报告任何断裂（被改动或删除的记录）。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        for item in result.breaks:
            self.stdout.write(f"断裂：{item}")
        summary = f"已校验 {result.chains} 条链、{result.events} 个事件，发现 {len(result.breaks)} 处断裂。"
        if not result.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
