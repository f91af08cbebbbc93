from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def cpu_count() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's share), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# Gunicorn's design notes ("How Many Workers?", docs.gunicorn.org/en/stable/design.html) start from
# (2 x cores) + 1 workers, and say 4-12 workers serve hundreds or thousands of requests a second: more only add
# memory and database connections. Each fazhi worker holds up to WORKER_THREADS PostgreSQL connections
# (CONN_MAX_AGE), so the cap keeps a server under ~40 connections. Threads (the gthread worker) let a worker
# answer other requests while one waits on the database; 1 thread is gunicorn's sync worker.
MAX_WORKERS = 9
WORKER_THREADS = 4


def default_workers(cores: int) -> int:
    return min(2 * cores + 1, MAX_WORKERS)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


class Command(BaseCommand):
    help = (
        "启动 Web 服务（gunicorn + whitenoise）。默认 http://127.0.0.1:8000 ；"
        "进程数默认 2×CPU核数+1（最多9），每进程4个线程（gthread）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FAZHI_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("FAZHI_WORKERS", default_workers(cpu_count())),
            help="工作进程数（默认 FAZHI_WORKERS，或 2×CPU核数+1，最多9）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("FAZHI_THREADS", WORKER_THREADS),
            help="每个进程的线程数（默认 FAZHI_THREADS 或 4；1 为同步进程）",
        )
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件")

    def handle(self, *args: Any, **options: Any) -> None:
        workers, threads = options["workers"], options["threads"]
        if workers < 1 or threads < 1:
            raise CommandError("进程数和线程数都必须是正整数。")
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
            str(workers),
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--threads",
            str(threads),
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
        self.stdout.write(
            f"fazhi 正在 http://{options['bind']}/ 提供服务（{workers}个进程×{threads}个线程，按 Ctrl+C 停止）",
            ending="\n",
        )
        self.stdout.flush()
        os.execv(sys.executable, argv)
