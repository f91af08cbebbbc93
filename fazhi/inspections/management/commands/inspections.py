"""``fazhi inspections verify-draw <draw id> | --plan <plan id> | --file <published.json>``.

The first two check the draws stored in this database (commitment against the audit chain, snapshot hash, seed
commitment, the re-computed assignment, the tasks). ``--file`` checks a draw as published on the public page
(``/public/inspections/draws/<id>.json``) with no database at all: what a third party runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.inspections.draws import draw_lookup, draw_verify
from fazhi.rules import ALGORITHM_VERSION, draw_check


class Command(BaseCommand):
    help = (
        "双随机。fazhi inspections verify-draw 抽取编号（或 --plan 计划编号，或 --file 公示的JSON）："
        "按公开的种子复算抽取结果"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify-draw", help="按公开的种子与名录快照复算抽取结果，并与记录比对")
        verify.add_argument("draw", nargs="?", type=int, help="抽取编号")
        verify.add_argument("--plan", type=int, help="抽查计划编号：复核该计划的全部抽取（含已作废的）")
        verify.add_argument("--file", help="公示页下载的抽取JSON文件：不读数据库，独立复算")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            self._verify_file(Path(options["file"]))
            return
        if (options["draw"] is None) == (options["plan"] is None):
            raise CommandError("请给出抽取编号，或用 --plan 给出抽查计划编号（二者选一）。")
        draws = draw_lookup(draw_id=options["draw"], plan_id=options["plan"])
        if not draws:
            raise CommandError("没有找到该抽取（或该计划没有抽取）。")
        failed = 0
        for draw in draws:
            check = draw_verify(draw)
            version = draw.algorithm_version or "无"
            label = f"抽取{draw.pk}（计划{draw.plan_id}，{draw.get_status_display()}，算法{version}）"
            if check.ok:
                extra = "：承诺有效，待抽取" if not draw.seed else "：按公开种子复算，结果一致"
                self.stdout.write(self.style.SUCCESS(label + extra))
            else:
                failed += 1
                self.stdout.write(self.style.ERROR(label + "：复核不通过"))
            for problem in check.problems:
                self.stdout.write(f"  不符：{problem}")
            for change in check.changes:
                self.stdout.write(f"  调整：{change}")
            if draw.superseded_reason:
                self.stdout.write(f"  重新抽取理由：{draw.superseded_reason}")
        if failed:
            raise CommandError(f"{len(draws)}次抽取中{failed}次复核不通过。")

    def _verify_file(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"无法读取抽取文件：{exc}") from exc
        if not isinstance(data, dict) or not data.get("seed"):
            raise CommandError("文件不是公示的抽取结果，或该抽取尚未公开种子（待抽取）。")
        try:
            problems = draw_check(
                seed=str(data["seed"]),
                seed_hash=str(data["seed_hash"]),
                snapshot=data["snapshot"],
                snapshot_hash=str(data["snapshot_hash"]),
                algorithm_version=str(data["algorithm_version"]),
                order=data["order"],
                assignment=data["assignment"],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CommandError(f"抽取文件缺少字段或格式不对：{exc}") from exc
        for problem in problems:
            self.stdout.write(f"  不符：{problem}")
        if problems:
            raise CommandError("复核不通过。")
        self.stdout.write(self.style.SUCCESS(f"按公开种子复算（算法{ALGORITHM_VERSION}），结果一致。"))
