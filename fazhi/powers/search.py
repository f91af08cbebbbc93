"""Choosing a 执法事项 on a form: the items an agency may act on, searched by code or Chinese name, and the warning
a township gets when the item it chose is not delegated to it.

Reads only. A bureau, brigade or squad acts on the items of its bureau's list in force on the day; a township only
on the items delegated to it that day (行政处罚法 第二十四条), which ``delegation_ensure_may_act`` checks again, and
refuses, when the case is registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.selectors import bureau_of
from fazhi.core.errors import RuleViolation
from fazhi.powers.models import Delegation, PowerItem
from fazhi.powers.selectors import delegation_ensure_may_act, power_item_in_force, rule_set_in_force

#: How many items a search answers: enough to choose from on a phone, few enough to read.
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class ItemOption:
    code: str
    name: str
    domain: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def _option(item: PowerItem) -> ItemOption:
    return ItemOption(item.code, item.name, item.domain_label)


def power_item_search(*, agency: Agency, on: date, search: str = "", limit: int = SEARCH_LIMIT) -> list[ItemOption]:
    """The items ``agency`` may open a case on for an act on ``on`` whose code or name contains ``search``."""
    body = agency.legal_subject()
    if body.kind == AgencyKind.JUSTICE_BUREAU:
        return []
    text = search.strip()
    matches = Q(code__icontains=text) | Q(name__icontains=text) if text else Q()
    if body.kind != AgencyKind.TOWNSHIP:
        owner = bureau_of(body)
        rule_set = rule_set_in_force(owner=owner, on=on) if owner else None
        if rule_set is None:
            return []
        items = PowerItem.objects.filter(matches, rule_set=rule_set).order_by("position", "code")[:limit]
        return [_option(i) for i in items]
    out: list[ItemOption] = []
    delegations = Delegation.objects.select_related("owner").filter(township=body).order_by("item_code")
    for delegation in delegations:
        if not delegation.covers(on) or any(o.code == delegation.item_code for o in out):
            continue
        item = power_item_in_force(owner=delegation.owner, code=delegation.item_code, on=on)
        if item is None:
            continue
        if not text or text.lower() in item.code.lower() or text in item.name:
            out.append(_option(item))
        if len(out) >= limit:
            break
    return out


def power_item_choice(*, agency: Agency, code: str, on: date) -> tuple[ItemOption | None, str]:
    """The item of ``code`` that ``agency`` would act on for an act on ``on``, and the warning to show when it may
    not (a township on an item not delegated to it that day, a code not in the list in force); "" when it may."""
    body = agency.legal_subject()
    code = code.strip()
    owner = bureau_of(body)
    item = power_item_in_force(owner=owner, code=code, on=on) if owner else None
    try:
        delegation_ensure_may_act(agency=body, item_code=code, on=on)
    except RuleViolation as exc:
        return (_option(item) if item else None), exc.message
    return (_option(item) if item else None), ""
