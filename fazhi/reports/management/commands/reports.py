"""``fazhi reports rebuild-rollups [--dirty-only]``: the rollups of closed periods (``fazhi.reports.derived``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.reports import derived


class Command(BaseCommand):
    help = "统计汇总。fazhi reports rebuild-rollups [--dirty-only]：重建（或只补算已变更的）已结束月份和年度的案件汇总"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        rebuild = sub.add_parser("rebuild-rollups", help="重建已结束月份和年度的案件汇总")
        rebuild.add_argument(
            "--dirty-only", action="store_true", help="只补算已变更和新结束的期间（默认：全部删除后重建）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dirty_only"]:
            n = derived.refresh(log=self.stdout.write)
            self.stdout.write(f"已补算 {n} 个期间")
        else:
            derived.rebuild(log=self.stdout.write)
            self.stdout.write("已重建案件汇总")
