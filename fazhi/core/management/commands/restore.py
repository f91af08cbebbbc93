"""``fazhi restore DIR``: restore a backup into an empty instance, then run ``verify`` and ``evidence_verify``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.backup import backup_restore
from fazhi.core.errors import ApplicationError


class Command(BaseCommand):
    help = "把 fazhi backup 的备份恢复到一个空实例：先校验全部SHA-256，再恢复，最后运行 verify 和 evidence_verify。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="fazhi backup 写出的备份目录")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(directory=Path(options["directory"]), log=self.stdout.write)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        failures: list[str] = []
        for line in result.mismatches:
            self.stdout.write(f"行数不符：{line}")
        if result.mismatches:
            failures.append(f"{len(result.mismatches)} 张表的行数与备份不符")
        else:
            self.stdout.write(f"  {result.tables} 张表、{result.rows} 行，与备份清单一致。")
        self.stdout.write("第 5 步：校验审计链（verify）和证据文件（evidence_verify）……")
        for name in ("verify", "evidence_verify"):
            out = io.StringIO()
            try:
                call_command(name, stdout=out, stderr=out)
            except CommandError as exc:
                failures.append(f"{name}：{exc}")
            self.stdout.write(out.getvalue().rstrip())
        if failures:
            raise CommandError(
                "恢复已写入，但校验未通过：" + "；".join(failures) + "。请确认 FAZHI_AUDIT_KEY 与备份时相同。"
            )
        self.stdout.write(self.style.SUCCESS(f"恢复完成：{result.blobs} 个文件，verify 和 evidence_verify 均通过。"))
