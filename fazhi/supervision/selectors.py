"""Reads of supervision: the board's counts and drill-down lists, always through the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.supervision.models import Alert
from fazhi.supervision.registry import RULES

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def alert_list(
    *, actor: User, rule_id: str = "", agency_id: int | None = None, resolved: bool = False
) -> QuerySet[Alert]:
    qs = scope_for(actor).filter(Alert.objects.select_related("agency", "case"))
    qs = qs.filter(resolved_at__isnull=not resolved)
    if rule_id:
        qs = qs.filter(rule_id=rule_id)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("-first_raised_at", "pk")


def alert_board(*, actor: User) -> dict[str, Any]:
    """Open alerts counted by rule (with its title and article) and by unit, with serious ones apart.

    One grouped read by (unit, rule, severity), served by the partial index ``alert_open_board`` (an index-only
    scan of the open alerts), both tallies made from it; the scope is a list of agency ids, not a join.
    """
    scope = scope_for(actor)
    qs = Alert.objects.filter(resolved_at__isnull=True)
    if not scope.sees_all:
        qs = qs.filter(agency_id__in=list(Agency.objects.filter(scope.agency_q("")).values_list("pk", flat=True)))
    groups = qs.values_list("agency_id", "rule_id", "severity").annotate(n=Count("*")).order_by()
    by_rule: dict[str, dict[str, int]] = {}
    by_unit: dict[int, dict[str, int]] = {}
    for agency_id, rule_id, severity, n in groups:
        for tally in (
            by_rule.setdefault(rule_id, {"n": 0, "serious": 0}),
            by_unit.setdefault(agency_id, {"n": 0, "serious": 0}),
        ):
            tally["n"] += n
            tally["serious"] += n if severity == "serious" else 0
    rules = [
        {
            "id": r.id,
            "title": r.title,
            "article": r.article,
            "n": by_rule.get(r.id, {}).get("n", 0),
            "serious": by_rule.get(r.id, {}).get("serious", 0),
        }
        for r in RULES
    ]
    names = dict(Agency.objects.filter(pk__in=list(by_unit)).values_list("pk", "name")) if by_unit else {}
    units = sorted(
        (
            {"agency_id": agency_id, "agency__name": names.get(agency_id, ""), **tally}
            for agency_id, tally in by_unit.items()
        ),
        key=lambda u: (-int(u["n"]), str(u["agency__name"])),  # type: ignore[call-overload]
    )
    return {"rules": rules, "units": units, "total": sum(r["n"] for r in rules)}
