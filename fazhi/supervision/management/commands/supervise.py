from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.supervision.scan import default_jobs
from fazhi.supervision.services import supervise


class Command(BaseCommand):
    help = "执法监督扫描：按规则检查案件和其他记录，新增、更新或消除预警（增量，可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期检查（YYYY-MM-DD，默认今天）")
        parser.add_argument("--full", action="store_true", help="全量检查，不跳过未变化的记录（数据被直接修正后使用）")
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help=f"并行检查的进程数（默认按CPU数，本机{default_jobs()}；SQLite上始终为1）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        jobs = options.get("jobs")
        if jobs is None:
            jobs = default_jobs()
        if jobs < 1 or jobs > 64:
            raise CommandError("进程数（--jobs）应为1至64之间的整数。")
        run = supervise(today=today, full=options["full"], jobs=jobs)
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
        self.stdout.write(
            f"执法监督扫描（{run.today:%Y-%m-%d}）：检查{run.scanned}件，未变化跳过{run.skipped}件；"
            f"预警新增{run.raised}条，更新{run.updated}条，消除{run.resolved}条，未变化{run.unchanged}条；"
            f"用时{seconds:.1f}秒。"
        )
