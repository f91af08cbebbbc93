"""``fazhi exchange deliver`` (one delivery pass of the outbox) and ``fazhi exchange export KIND --from --to
--format json|xlsx [--agency CODE] [--output PATH]`` (docs/exchange.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.errors import ApplicationError
from fazhi.exchange.delivery import deliver_pass
from fazhi.exchange.export import KINDS, export_request, export_write


class Command(BaseCommand):
    help = "数据交换：deliver 执行一次外发投递；export 导出双公示行政处罚或执法监督案件数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action")
        sub.add_parser("deliver", help="执行一次投递（每个订阅系统按全局序号依次发送到期消息）")
        export = sub.add_parser("export", help="导出文件")
        export.add_argument("kind", help=" 或 ".join(KINDS))
        export.add_argument("--from", dest="start", required=True)
        export.add_argument("--to", dest="end", required=True)
        export.add_argument("--format", dest="fmt", default="json")
        export.add_argument("--agency", default="")
        export.add_argument("--output", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options.get("action") == "deliver":
                result = deliver_pass()
                self.stdout.write(
                    f"已送达 {result.delivered} 条，失败待重试 {result.failed} 条，转入死信 {result.dead} 条。"
                )
                for line in result.errors[:20]:
                    self.stdout.write(f"  {line}")
                return
            if options.get("action") == "export":
                self._export(options)
                return
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        raise CommandError("请指定 deliver 或 export。")

    def _export(self, options: dict[str, Any]) -> None:
        request = export_request(
            kind=options["kind"],
            start=options["start"],
            end=options["end"],
            fmt=options["fmt"],
            agency_code=options["agency"],
        )
        output = options["output"]
        if not output:
            if request.fmt == "xlsx" and sys.stdout.isatty():
                raise CommandError("xlsx 是二进制文件，请用 --output 指定保存路径。")
            count = export_write(request, sys.stdout.buffer)
            sys.stdout.flush()
            self.stderr.write(f"已导出 {count} 条。")
            return
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"目录「{path.parent}」不存在。")
        tmp = path.with_name(path.name + ".part")
        try:
            with tmp.open("wb") as out:
                count = export_write(request, out)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise CommandError(f"无法写入「{path}」：{exc.strerror or exc}") from exc
        self.stdout.write(f"已导出 {count} 条到 {path}。")
