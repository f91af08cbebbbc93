"""``fazhi cases rebuild-todo`` / ``rebuild-search``: a case's derived columns recomputed for every case, after data
written behind the services' back — 待办's ``Case.todo_due`` (``fazhi.cases.todo``) and the case list's search key
(``fazhi.cases.search``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.cases import search, todo


class Command(BaseCommand):
    help = "案件。fazhi cases rebuild-todo：重算每个案件的待办最早期限；fazhi cases rebuild-search：重建案件列表检索键"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("rebuild-todo", help="重算每个案件的待办最早期限（批量导入数据或录入节假日安排后）")
        sub.add_parser("rebuild-search", help="重建案件列表检索键（案源编号、立案编号、当事人名称、决定书文号）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "rebuild-search":
            total = search.rebuild()
            self.stdout.write(f"检索键已重建：{total} 条")
            return
        n = todo.rebuild(log=self.stdout.write)
        self.stdout.write(f"已重算待办最早期限：{n} 个案件有变化")
