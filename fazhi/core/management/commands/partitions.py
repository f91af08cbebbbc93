"""``fazhi partitions ensure [--years N]`` and ``fazhi partitions list`` (docs/partitioning.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from fazhi.core.partitioning import YEARS_AHEAD, partitions_ensure, partitions_list


class Command(BaseCommand):
    help = (
        "按年分区（仅 PostgreSQL）：ensure 建立今年起若干年的分区，并把默认分区中已有年份的数据移入新分区；"
        "list 列出每个分区的行数。详见 docs/partitioning.md。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        ensure = actions.add_parser("ensure", help="建立今年及以后 N 年的分区（已有的跳过）")
        ensure.add_argument("--years", type=int, default=YEARS_AHEAD, help=f"今年以后的年数，默认 {YEARS_AHEAD}")
        actions.add_parser("list", help="列出各分区及其行数")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("当前数据库不是 PostgreSQL：不分区，无需操作。")
            return
        if options["action"] == "ensure":
            years = options["years"]
            if not 0 <= years <= 20:
                raise CommandError("--years 应为 0 至 20 之间的整数。")
            try:
                done = partitions_ensure(years_ahead=years)
            except DatabaseError as exc:
                raise CommandError(f"建立分区失败，未作任何改动：{exc}") from exc
            for line in done:
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS(f"分区已齐备（今年起 {years} 年）：新建 {len(done)} 个。"))
            return
        tables = partitions_list()
        if not tables:
            self.stdout.write("尚无分区表：请先执行 fazhi migrate。")
        for table, parts in tables.items():
            self.stdout.write(f"{table}（{len(parts)} 个分区，共 {sum(p.rows for p in parts)} 行）")
            for part in parts:
                label = "默认分区" if part.year is None else f"{part.year} 年"
                self.stdout.write(f"  {part.name:<36} {label:<8} {part.rows:>12} 行")
