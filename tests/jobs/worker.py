"""Run the real queue in a test: ``fazhi worker --batch`` in this process, without the periodic schedule."""

from __future__ import annotations

from django.core.management import call_command


def run_queued_tasks() -> None:
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
