"""Run the real queue in a test: ``fazhi worker --batch`` in this process, without the periodic schedule."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def run_queued_tasks() -> None:
    # The worker closes connections it finds inside a transaction (as a long-lived process should); a test that
    # is one transaction (pytest-django's ``db``) would lose it on PostgreSQL, so the check is off here.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", "--batch", "--no-schedule", verbosity=0)
