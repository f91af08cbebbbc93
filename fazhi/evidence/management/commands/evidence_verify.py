from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.storage import BlobNotFound, get_blob_store
from fazhi.evidence.models import Evidence
from fazhi.evidence.services import custody_verify


class Command(BaseCommand):
    help = "重新计算每个证据文件的SHA-256和每条保管链，报告缺失、被篡改的文件和被改动的保管链记录。"

    def handle(self, *args: Any, **options: Any) -> None:
        store = get_blob_store()
        problems: list[str] = []
        hashes = Evidence.objects.order_by("sha256").values_list("sha256", flat=True).distinct()
        checked = 0
        for sha256 in hashes.iterator():
            checked += 1
            try:
                if not store.verify(sha256):
                    problems.append(f"文件 {sha256} 的内容与其SHA-256不符（被篡改或损坏）")
            except BlobNotFound:
                problems.append(f"文件 {sha256} 在存储中缺失")
        breaks = custody_verify()
        problems += [str(b) for b in breaks]
        for problem in problems:
            self.stdout.write(f"问题：{problem}")
        summary = f"已校验 {checked} 个证据文件和全部保管链，发现 {len(problems)} 处问题。"
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
