"""``fazhi build_doc_templates [--directory DIR]``: rebuild the shipped .docx templates after changing their wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.documents.kinds import TEMPLATE_DIR
from fazhi.documents.management.doc_template_builder import build_all


class Command(BaseCommand):
    help = "重新生成系统默认文书模板（fazhi/documents/doc_templates/*.docx）；修改模板措辞后运行，并提交生成的文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=TEMPLATE_DIR, help="输出目录（默认为系统默认模板目录）")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build_all(options["directory"]):
            self.stdout.write(str(path))
