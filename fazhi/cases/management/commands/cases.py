"""``fazhi cases rebuild-todo``: 待办's per-case column ``Case.todo_due`` recomputed for every case
(``fazhi.cases.todo``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.cases import todo


class Command(BaseCommand):
    help = "案件。fazhi cases rebuild-todo：重算每个案件的待办最早期限（批量导入数据或录入节假日安排后）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("rebuild-todo", help="重算每个案件的待办最早期限")

    def handle(self, *args: Any, **options: Any) -> None:
        n = todo.rebuild(log=self.stdout.write)
        self.stdout.write(f"已重算待办最早期限：{n} 个案件有变化")
