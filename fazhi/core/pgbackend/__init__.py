"""fazhi's PostgreSQL backend: Django's, with a pre-commit step for the audit trail (``fazhi.core.audit``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["before_flush"]

#: Called at the pre-commit step with the transaction's buffered events (``fazhi.core.audit.Pending``), in the
#: transaction, before the global sequence's lock is taken: work a listener needs no number for (the rollups'
#: dirty marks) runs outside the one section every transition serialises on. Filled by apps in ``ready()``.
before_flush: list[Callable[[list[Any]], None]] = []
