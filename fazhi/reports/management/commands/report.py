"""``fazhi report annual --agency CODE --year YYYY --format json|md|docx|pdf [--include-subordinates]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.agencies.models import Agency
from fazhi.reports.annual import annual_report, render_docx, render_json, render_markdown, render_pdf


class Command(BaseCommand):
    help = "报告。fazhi report annual --agency 代字 --year 年度 --format json|md|docx|pdf：法治政府建设年度报告"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        annual = sub.add_parser("annual", help="法治政府建设年度报告")
        annual.add_argument("--agency", required=True, help="机构的案号代字，如 醴城管")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--format", choices=["json", "md", "docx", "pdf"], default="json")
        annual.add_argument("--include-subordinates", action="store_true", help="含下级单位")
        annual.add_argument("--output", "-o", help="输出文件（docx、pdf 默认写入当前目录；其余默认输出到屏幕）")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"机构代字不存在：{options['agency']}")
        report = annual_report(
            agency=agency, year=options["year"], include_subordinates=options["include_subordinates"]
        )
        fmt, output = options["format"], options.get("output")
        if fmt in ("docx", "pdf"):
            path = Path(output or f"{agency.code}_{options['year']}_法治政府建设年度报告.{fmt}")
            path.write_bytes(render_docx(report) if fmt == "docx" else render_pdf(report))
            self.stdout.write(f"已生成 {path}")
            return
        text = render_json(report) if fmt == "json" else render_markdown(report)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"已生成 {output}")
        else:
            self.stdout.write(text)
