"""The case loader as it was before the scan read plain rows (issue 14): Django model instances, the relations
prefetched into the related managers, the handlers' officers with their certificates, the acts' days by
``timezone.localtime``. The equality checks evaluate the rules on both and compare every finding and due date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from fazhi.agencies.models import Certificate
from fazhi.cases.models import Case
from fazhi.core.models import AuditEvent
from fazhi.supervision.case_rules import _RELATIONS, CASES


def reference_load(ids: Sequence[int]) -> list[Case]:
    prefetch: list[Any] = [name for name, _model, _related in _RELATIONS if name not in ("handlers",)]
    prefetch += [
        "handlers__officer",
        Prefetch("handlers__officer__certificates", queryset=Certificate.objects.all()),
        "legal_reviews__reviewer",
        "case_reviews__reviewer",
    ]
    by_pk = {
        c.pk: c for c in Case.objects.filter(pk__in=list(ids)).select_related("decision").prefetch_related(*prefetch)
    }
    acts: dict[str, dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
    events = AuditEvent.objects.filter(
        entity_type=CASES, entity_id__in=[str(i) for i in ids], actor__officer__isnull=False
    ).values_list("entity_id", "actor__officer_id", "at")
    for entity_id, officer_id, at in events:
        acts[entity_id][officer_id].add(timezone.localtime(at).date())
    out = []
    for pk in ids:
        if (case := by_pk.get(pk)) is not None:
            case.supervision_acts = acts.get(str(pk), {})  # type: ignore[attr-defined]
            out.append(case)
    return out
