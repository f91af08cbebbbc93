"""The officer's bundle: what the field client caches so its forms work without a connection."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from fazhi.agencies.models import Agency, AgencyKind, Officer
from fazhi.agencies.selectors import bureau_of, officer_certificate_problem, officer_list
from fazhi.cases.models import Case, PartyKind, PartyResponse
from fazhi.cases.models.execution import FormBlock
from fazhi.cases.selectors import todo_list
from fazhi.cases.services.simple import field_sync_days
from fazhi.core.errors import PermissionDenied
from fazhi.inspections.models import InspectionTask
from fazhi.powers.domain import PowerKind
from fazhi.powers.facts import find_fact
from fazhi.powers.models import DiscretionRule, PowerItem
from fazhi.powers.selectors import delegation_list, power_item_list, rule_set_in_force
from fazhi.rules import (
    ON_THE_SPOT_COLLECTION_CAP,
    SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
    SIMPLE_PROCEDURE_FINE_CAP_PERSON,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def sync_days() -> int:
    """How many days after the decision a ticket made offline may still sync (an operating setting)."""
    return field_sync_days()


def field_officer(actor: User) -> Officer:
    """The actor's officer: the field client is for officers in the street."""
    officer = actor.officer
    if officer is None or actor.agency is None:
        raise PermissionDenied("现场执法仅供持证执法人员使用：您的账号未关联执法人员。")
    return officer


def _actable_items(actor: User, agency: Agency, on: date) -> list[PowerItem]:
    """The penalty items ``agency`` may act on today: its bureau's list in force, or (a township) the items
    delegated to it and in force (行政处罚法第二十四条), each from the list of the bureau that delegated it."""
    legal = agency.legal_subject()
    if legal.kind == AgencyKind.JUSTICE_BUREAU:
        return []
    if legal.kind != AgencyKind.TOWNSHIP:
        owner = bureau_of(legal)
        return _penalty_items(owner, on) if owner is not None else []
    codes_by_owner: dict[int, tuple[Agency, set[str]]] = {}
    for d in delegation_list(actor=actor, township=legal):
        if d.covers(on):
            codes_by_owner.setdefault(d.owner_id, (d.owner, set()))[1].add(d.item_code)
    items: dict[str, PowerItem] = {}
    for owner, codes in codes_by_owner.values():
        for item in _penalty_items(owner, on):
            if item.code in codes:
                items.setdefault(item.code, item)
    return list(items.values())


def _penalty_items(owner: Agency, on: date) -> list[PowerItem]:
    rule_set = rule_set_in_force(owner=owner, on=on)
    if rule_set is None:
        return []
    return list(
        power_item_list(rule_set=rule_set, kind=PowerKind.PENALTY.value).prefetch_related(
            Prefetch("discretion_rules", queryset=DiscretionRule.objects.order_by("position"))
        )
    )


def _facts(item: PowerItem) -> list[dict[str, Any]]:
    """The facts the item's discretion conditions name, as form inputs (name, type, unit, choices)."""
    codes = dict.fromkeys(str(c.get("fact", "")) for r in item.discretion_rules.all() for c in r.conditions or [])
    facts = [f for f in (find_fact(code) for code in codes if code) if f is not None]
    return [
        {"code": f.code, "name": f.name, "type": f.type.value, "unit": f.unit, "choices": [list(c) for c in f.choices]}
        for f in facts
    ]


def _item(item: PowerItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "penalty_basis": item.penalty_basis,
        "penalty_kinds": list(item.penalty_kinds),
        "fine_min": str(item.fine_min) if item.fine_min is not None else None,
        "fine_max": str(item.fine_max) if item.fine_max is not None else None,
        "facts": _facts(item),
        "discretion": [
            {
                "tier": r.tier,
                "tier_label": r.tier_label,
                "description": r.description,
                "conditions": r.conditions,
                "fine_min": str(r.fine_min) if r.fine_min is not None else None,
                "fine_max": str(r.fine_max) if r.fine_max is not None else None,
            }
            for r in item.discretion_rules.all()
        ],
    }


def _open_tasks(actor: User, officer: Officer, today: date) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = [
        {
            "kind": "case",
            "case_id": t.case.pk,
            "title": f"{t.case} {t.case.party.name}",
            "task": t.task,
            "due": t.deadline.due.isoformat() if t.deadline else None,
        }
        for t in todo_list(actor=actor, today=today, limit=50)
        if t.case.handlers.filter(officer=officer).exists()
    ]
    inspections = (
        InspectionTask.objects.filter(officers=officer, inspected_on__isnull=True)
        .select_related("target")
        .order_by("pk")[:50]
    )
    tasks += [
        {"kind": "inspection", "task_id": t.pk, "title": t.target.name, "task": "现场检查", "due": None}
        for t in inspections
    ]
    return tasks


def unused_numbers(*, officer: Officer, device_id: str) -> list[dict[str, Any]]:
    """The form numbers reserved to ``officer``'s device and not yet used on a case, block by block."""
    blocks = list(FormBlock.objects.filter(officer=officer, device_id=device_id).select_related("stock"))
    numbers = [n for b in blocks for n in b.numbers()]
    used = set(Case.objects.filter(simple_form_number__in=numbers).values_list("simple_form_number", flat=True))
    return [{"block_id": b.pk, "label": str(b), "numbers": [n for n in b.numbers() if n not in used]} for b in blocks]


def field_bundle(*, actor: User, device_id: str, today: date) -> dict[str, Any]:
    """Everything the offline forms need: tasks, items and their discretion, officers, reserved numbers."""
    officer = field_officer(actor)
    agency = actor.agency
    assert agency is not None
    legal = agency.legal_subject()
    officers = [
        {"id": o.pk, "name": o.name, "agency": o.agency.name}
        for o in officer_list(actor=actor, agency=legal)
        if officer_certificate_problem(officer=o, on=today) is None
    ]
    return {
        "today": today.isoformat(),
        "sync_days": sync_days(),
        "officer": {"id": officer.pk, "name": officer.name},
        "agency": {"id": agency.pk, "name": agency.name, "legal_subject": legal.name},
        "device_id": device_id,
        "tasks": _open_tasks(actor, officer, today),
        "items": [_item(i) for i in _actable_items(actor, agency, today)],
        "officers": officers,
        "blocks": unused_numbers(officer=officer, device_id=device_id) if device_id else [],
        "party_kinds": [[v, str(label)] for v, label in PartyKind.choices],
        "party_responses": [[v, str(label)] for v, label in PartyResponse.choices],
        "caps": {
            "person": str(SIMPLE_PROCEDURE_FINE_CAP_PERSON),
            "organization": str(SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION),
            "collection": str(ON_THE_SPOT_COLLECTION_CAP),
        },
    }
