"""``fazhi worker``: runs the queued tasks (django-tasks-db's worker) and schedules the periodic jobs.

One process does both: the worker loop in the main thread, the scheduler in a daemon thread that claims due slots
every ``--schedule-every`` seconds (its claims are safe across several workers, see ``fazhi.jobs.schedule``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from fazhi.core import clock
from fazhi.jobs.schedule import schedule_due

logger = logging.getLogger("fazhi.jobs")


def _schedule_forever(stop: threading.Event, every: float) -> None:
    while not stop.is_set():
        try:
            schedule_due(now=clock.now())
        except Exception:  # a passing database error must not end the scheduler; the next tick retries
            logger.exception("定期任务安排失败，稍后重试")
        finally:
            connection.close()  # this thread's own connection
        stop.wait(every)


class Command(BaseCommand):
    help = "后台任务进程：执行队列中的任务（导入、执法监督扫描、公示期满等），并按计划自动安排定期任务。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔多少秒检查一次（默认1）")
        parser.add_argument("--batch", action="store_true", help="安排到期的定期任务、执行完队列中的任务后退出")
        parser.add_argument("--no-schedule", action="store_true", help="只执行任务，不安排定期任务")
        parser.add_argument("--schedule-every", type=float, default=30.0, help="每隔多少秒检查定期任务（默认30）")
        parser.add_argument("--worker-id", default="", help="进程编号，多个进程时各不相同（默认随机）")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("django_tasks", "django_tasks_db", "fazhi.jobs"):
            logging.getLogger(name).setLevel(logging.INFO)
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
        )
        if options["batch"]:
            if not options["no_schedule"]:
                schedule_due(now=clock.now())
            worker.run()
            return
        if not options["no_schedule"]:
            stop = threading.Event()
            threading.Thread(
                target=_schedule_forever, args=(stop, options["schedule_every"]), name="fazhi-schedule", daemon=True
            ).start()
        self.stdout.write("fazhi 后台任务进程已启动（按 Ctrl+C 停止）")
        self.stdout.flush()
        worker.configure_signals()
        worker.run()
