"""The list of sources and rules. A new rule is one class added here; its id never changes (alerts keep it)."""

from __future__ import annotations

from fazhi.supervision.case_rules import CASE_RULES, CaseSource
from fazhi.supervision.engine import Rule, Source
from fazhi.supervision.record_rules import EXTRA_SOURCES, RECORD_RULES, PublicationSource

SOURCES: tuple[Source, ...] = (CaseSource(), PublicationSource(), *EXTRA_SOURCES)
RULES: tuple[Rule, ...] = CASE_RULES + RECORD_RULES

# Bump when a rule's logic or wording changes: every record is then evaluated again on the next run.
RULES_VERSION = "2"


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in RULES if r.id == rule_id), None)


def rules_of(source: Source) -> tuple[Rule, ...]:
    return tuple(r for r in RULES if r.source == source.record_type)
