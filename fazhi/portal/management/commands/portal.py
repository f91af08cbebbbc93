"""`fazhi portal reindex [--source NAME ...]`: rebuilds the portal's full-text index from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.portal import index


class Command(BaseCommand):
    help = "信息公开门户：重建全文检索索引"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="从业务数据重建全文检索索引")
        reindex.add_argument("--source", action="append", default=[], help="只重建某一类（可重复）")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [s for s in options["source"] if s not in index.SOURCES]
        if unknown:
            raise CommandError(f"没有这一类公开信息：{'、'.join(unknown)}；可选：{'、'.join(index.SOURCES)}。")
        counts = index.reindex(sources=options["source"] or None)
        for name, n in counts.items():
            self.stdout.write(f"{index.SOURCES[name].label}：{n} 条")
