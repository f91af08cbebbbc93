"""The rule engine's frame: what a rule is, what a source of records is, and what an evaluation returns.

A *source* lists the records of one model that rules look at, says cheaply (one bulk query, no joins) whether a
record may have changed since the last scan, and loads a chunk of records with everything the rules read. A
*rule* belongs to one source; ``evaluate(record, today)`` returns an :class:`Outcome`: the finding (severity and
a Chinese explanation that cites the article and the dates compared) or none, and the first later day on which
the passing of time alone could change that answer (``recheck_on``). The scan (``fazhi.supervision.services``)
re-evaluates a record only when its stamp changed or its ``recheck_on`` has come.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.db.models import QuerySet

from fazhi.core.models import AuditChainHead


@dataclass(frozen=True)
class Finding:
    severity: str
    explanation: str


@dataclass(frozen=True)
class Outcome:
    finding: Finding | None = None
    recheck_on: date | None = None


def hit(severity: str, explanation: str, recheck_on: date | None = None) -> Outcome:
    return Outcome(Finding(severity, explanation), recheck_on)


_OK = Outcome()  # shared: most evaluations find nothing and never recheck


def ok(recheck_on: date | None = None) -> Outcome:
    return _OK if recheck_on is None else Outcome(None, recheck_on)


def d(day: date) -> str:
    """A date as the documents write it."""
    return f"{day:%Y年%m月%d日}"


class Rule:
    id: ClassVar[str]
    title: ClassVar[str]
    article: ClassVar[str]
    source: ClassVar[str]  # the record_type of its Source

    def evaluate(self, record: Any, today: date) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


class Source:
    """The records of one model that rules look at."""

    record_type: ClassVar[str]  # app_label.model, also the audit entity_type
    chunk_size: ClassVar[int] = 1000

    def available(self) -> bool:
        return True

    def queryset(self) -> QuerySet[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def global_version(self) -> str:
        """Data outside the record that its rules read (certificates, settings…): a change rescans every record."""
        return ""

    def stamps(self) -> Iterator[tuple[int, str]]:
        """(pk, stamp material) of every candidate: its ``updated_at`` and the length of its audit chain."""
        heads = dict(
            AuditChainHead.objects.filter(entity_type=self.record_type).values_list("entity_id", "seq").iterator()
        )
        for pk, updated_at in self.queryset().values_list("pk", "updated_at").iterator(chunk_size=5000):
            yield pk, f"{updated_at.isoformat() if updated_at else ''}/{heads.get(str(pk), 0)}"

    def load(self, ids: Sequence[int]) -> list[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def agency_id(self, record: Any) -> int:
        return int(record.agency_id)

    def case_id(self, record: Any) -> int | None:
        return None

    def label(self, record: Any) -> str:
        return str(record)[:120]


def stamp_of(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
