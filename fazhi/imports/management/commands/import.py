"""``fazhi import cases FILE``: import historical cases (see docs/import.md)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.imports.services import ImportFailed, cases_import


class Command(BaseCommand):
    help = "导入数据。fazhi import cases FILE：导入历史案件（.xlsx 或 .csv，UTF-8 或 GBK）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        cases = sub.add_parser("cases", help="历史案件")
        cases.add_argument("file", help=".xlsx 或 .csv 文件")
        cases.add_argument("--quiet-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        show = not options["quiet_progress"]
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int | None) -> None:
            if not show:
                return
            label = "校验" if phase == "validate" else "写入"
            if total:
                width = 30
                filled = min(width, int(width * done / total))
                bar = "#" * filled + "-" * (width - filled)
                sys.stderr.write(f"\r{label} [{bar}] {done}/{total}")
            else:
                sys.stderr.write(f"\r{label} {done}")
            sys.stderr.flush()

        try:
            with path.open("rb") as stream:  # streamed: a file of any size in bounded memory
                report = cases_import(actor=None, data=stream, filename=path.name, progress=progress)
        except ImportFailed as exc:
            if show:
                sys.stderr.write("\n")
            for error in exc.errors:
                self.stderr.write(str(error))
            more = f"（列出前{len(exc.errors)}处）" if exc.total > len(exc.errors) else ""
            raise CommandError(f"共{exc.total}处错误{more}，未导入任何案件。") from exc
        if show:
            sys.stderr.write("\n")
        elapsed = time.perf_counter() - started
        batch = report.batch.pk if report.batch else "-"
        self.stdout.write(f"已导入历史案件{report.imported}件（批次{batch}），用时{elapsed:.1f}秒。")
