"""manage.py search_rebuild: write the case list's search key (``cases.CaseSearchGram``) again from every case."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.cases import search


class Command(BaseCommand):
    help = "重建案件列表检索键（案源编号、立案编号、当事人名称、决定书文号的二字组）"

    def handle(self, *args: Any, **options: Any) -> None:
        total = search.rebuild()
        self.stdout.write(f"检索键已重建：{total} 条")
