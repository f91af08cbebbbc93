from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import clock
from fazhi.demo import selectors, services


class Command(BaseCommand):
    help = "载入示范局数据（只载入一次），并打印示范账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["full", "small"],
            default=None,
            help="full：两年的数据（约两分钟）；small：少量数据（几秒）。默认 full，或环境变量 FAZHI_DEMO_SCALE。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if selectors.demo_loaded():
            self.stdout.write("示范数据已存在，未重复载入。")
        elif selectors.database_in_use():
            # Never put the demo's published password on a database that real users already work in.
            raise CommandError("数据库中已有用户（非示范数据），拒绝载入示范数据。示范数据只能载入空数据库。")
        else:
            self.stdout.write("正在载入示范局数据……")
            services.demo_load(today=clock.today(), scale=options["scale"], log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS("示范数据已载入。"))
        self.stdout.write(f"\n示范账号（密码均为 {services.DEMO_PASSWORD}）：")
        for row in selectors.demo_logins():
            self.stdout.write(f"  {row.username:<14} {row.role:<16} {row.agency}")
        # The demo's published logins cannot carry second factors: its server starts without them (config/settings.py)
        # unless FAZHI_OTP_REQUIRED=1 is set.
        marker = Path(settings.VAR_DIR) / "demo-no-otp"
        if os.environ.get("FAZHI_OTP_REQUIRED", "").strip().lower() in {"1", "true", "yes", "on"}:
            marker.unlink(missing_ok=True)
        elif not settings.TESTING:  # under tests the setting is off anyway; leave no file behind
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("fazhi demo: 示范数据库不要求双因素认证（设置 FAZHI_OTP_REQUIRED=1 可要求）。\n")
            self.stdout.write("示范环境未要求双因素认证（设置 FAZHI_OTP_REQUIRED=1 可要求）。")
        self.stdout.write("\n打开 http://127.0.0.1:8000/ 登录。")
