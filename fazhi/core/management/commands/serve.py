from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动 Web 服务（gunicorn + whitenoise）。默认 http://127.0.0.1:8000 。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FAZHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FAZHI_WORKERS", "2")))
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-" if os.environ.get("FAZHI_ACCESS_LOG") else "/dev/null",
            "--error-logfile",
            "-",
            "--timeout",
            "120",
        ]
        if (Path(settings.VAR_DIR) / "demo-no-otp").exists() and not settings.DEBUG:
            # The demo's marker relaxes production defaults; a pilot server reused for real work must drop it.
            self.stderr.write(
                "注意：存在示范环境标记 var/demo-no-otp：不要求双因素认证，电子送达只写入控制台发件箱。"
                "正式使用前请删除该文件并重新启动。"
            )
        self.stdout.write(f"fazhi 正在 http://{options['bind']}/ 提供服务（按 Ctrl+C 停止）", ending="\n")
        self.stdout.flush()
        os.execv(sys.executable, argv)
