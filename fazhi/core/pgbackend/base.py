"""Django's PostgreSQL backend with a pre-commit step: the audit events a transaction recorded are numbered, signed
and inserted just before it commits (``fazhi.core.audit.flush_pending``), so the global sequence's row lock is held
only from there to the commit, not across the whole transaction.

Buffered events follow the transaction like ``on_commit`` callbacks do: a rollback discards them all, a rollback
to a savepoint those recorded inside it. Inside a test case's never-committed transaction the outermost block the
code under test opened stands in for the transaction: its release flushes.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    #: ``audit_record`` buffers its events on a connection that says so
    audit_deferred = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit_pending: list[Any] = []

    def audit_flush(self) -> None:
        """Write the buffered events in the open transaction (as if inside an atomic block, for listeners)."""
        from fazhi.core.audit import flush_pending  # noqa: PLC0415 - the backend loads before the app registry
        from fazhi.core.pgbackend import before_flush  # noqa: PLC0415

        pending, self.audit_pending = self.audit_pending, []
        was = self.in_atomic_block
        self.in_atomic_block = True
        try:
            for hook in before_flush:  # before the global sequence's lock (flush_pending takes it first)
                hook(pending)
            flush_pending(pending)
        finally:
            self.in_atomic_block = was

    def commit(self) -> None:
        if self.audit_pending:
            try:
                self.audit_flush()
            except BaseException:
                # atomic() rolls back only on a DatabaseError from commit(); a listener may raise anything
                self.rollback()
                raise
        super().commit()

    def rollback(self) -> None:
        self.audit_pending = []
        super().rollback()

    def savepoint_rollback(self, sid: str) -> None:
        super().savepoint_rollback(sid)
        self.audit_pending = [p for p in self.audit_pending if sid not in p.sids]

    def savepoint_commit(self, sid: str) -> None:
        if self.audit_pending and all(getattr(block, "_from_testcase", False) for block in self.atomic_blocks):
            try:
                self.audit_flush()
            except BaseException:
                super().savepoint_rollback(sid)
                raise
        super().savepoint_commit(sid)

    def close(self) -> None:
        self.audit_pending = []
        super().close()
