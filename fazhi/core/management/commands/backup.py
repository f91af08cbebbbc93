"""``fazhi backup DIR``: the database, the evidence and 文书 files and a manifest of hashes (fazhi.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.backup import backup_create
from fazhi.core.errors import ApplicationError


class Command(BaseCommand):
    help = "备份数据库、证据和文书文件到一个新的空目录，并写入带SHA-256的清单 manifest.json。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="备份目录（须不存在或为空）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(directory=Path(options["directory"]), log=self.stdout.write)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if result.problems:
            raise CommandError(f"备份已写入，但有 {len(result.problems)} 个文件已损坏、未能备份，请检查文件存储。")
