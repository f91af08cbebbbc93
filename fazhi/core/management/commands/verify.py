from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.audit import audit_verify
from fazhi.core.checkpoints import CheckpointRefused, CheckpointsDisabled, checkpoint_write


class Command(BaseCommand):
    help = (
        "校验审计记录：每条哈希链（含密钥签名）、全局序号、受审计记录的当前状态，以及最新的签名检查点；"
        "--checkpoint 在校验通过后写入新的检查点。详见 docs/audit.md。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoint", action="store_true", help="校验通过后写入一个签名检查点")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        for item in result.breaks:
            self.stdout.write(f"断裂：{item}")
        against = f"，对照检查点 {result.checkpoint}" if result.checkpoint else "，尚无检查点"
        summary = (
            f"已校验 {result.chains} 条链、{result.events} 个事件、{result.records} 个受审计记录{against}，"
            f"发现 {len(result.breaks)} 处断裂。"
        )
        if not result.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
        if options["checkpoint"]:
            try:
                written = checkpoint_write()
            except (CheckpointRefused, CheckpointsDisabled) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"已写入检查点：{written}"))
