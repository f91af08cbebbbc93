"""Reads of the power list: the version in force on a date, items, explanations, delegations, export.

``delegation_ensure_may_act`` is the check case registration calls: it reads and refuses, never writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.core.formatting import cn_date
from fazhi.core.periods import in_force_q, not_ended_q
from fazhi.powers import excel
from fazhi.powers.conditions import conditions_from_json
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind, RuleSetStatus
from fazhi.powers.engine import (
    ExemptionResult,
    ExemptionSpec,
    Explanation,
    FineSpec,
    ItemSpec,
    RuleSetRef,
    TierSpec,
)
from fazhi.powers.engine import exemption_check as _exemption_check
from fazhi.powers.engine import explain as _explain
from fazhi.powers.facts import FactError
from fazhi.powers.models import SAMPLE_NOTICE, Delegation, DiscretionRule, ExemptionRule, PowerItem, RuleSet
from fazhi.rules.kinds import PenaltyKind

if TYPE_CHECKING:
    from fazhi.accounts.models import User

ARTICLE_24 = (
    "乡镇（街道）只能按照规定范围实施交由其行使的行政处罚权（行政处罚法第二十四条第二款：承接行政处罚权的乡镇人民政府、"
    "街道办事处应当加强执法能力建设，按照规定范围、依照法定程序实施行政处罚）。"
)




# --- which bureau's list ---




def power_list_owners(*, actor: User) -> list[Agency]:
    """Bureaus whose power lists ``actor`` may read: those in the actor's scope and the bureau above the
    actor's own unit (a squad or a township works under its bureau's list), plus the owners of a township's
    delegations."""
    scope = scope_for(actor)
    bureaus = list(Agency.objects.filter(kind=AgencyKind.BUREAU).order_by("path"))
    allowed = [b for b in bureaus if scope.sees(b)]
    own = actor.agency if actor.is_authenticated else None
    if own is not None:
        above = bureau_of(own)
        if above is not None and above not in allowed:
            allowed.insert(0, above)
        if own.kind == AgencyKind.TOWNSHIP:
            owner_ids = Delegation.objects.filter(township=own).values_list("owner_id", flat=True)
            allowed.extend(b for b in bureaus if b.pk in set(owner_ids) and b not in allowed)
    return allowed


def access_owner(*, actor: User, owner_id: int | None = None) -> Agency:
    """The bureau whose list to show: ``owner_id`` if the actor may read it, else the actor's own bureau."""
    owners = power_list_owners(actor=actor)
    if owner_id is not None:
        for owner in owners:
            if owner.pk == owner_id:
                return owner
        raise NotFoundOrForbidden("权责清单")
    if not owners:
        raise NotFoundOrForbidden("权责清单")
    return owners[0]


# --- versions ---


def rule_set_in_force(*, owner: Agency, on: date) -> RuleSet | None:
    """The published version of ``owner``'s rules in force on ``on`` (drafts never are)."""
    return (
        RuleSet.objects.filter(in_force_q(on), owner=owner, status__in=[RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED])
        .order_by("-effective_from")
        .first()
    )


def rule_set_list(*, owner: Agency) -> QuerySet[RuleSet]:
    qs = RuleSet.objects.filter(owner=owner).select_related("imported_by")
    return qs.order_by("-effective_from", "-pk")


def access_rule_set(*, actor: User, rule_set_id: int) -> RuleSet:
    rule_set = RuleSet.objects.select_related("owner").filter(pk=rule_set_id).first()
    if rule_set is None or rule_set.owner not in power_list_owners(actor=actor):
        raise NotFoundOrForbidden("权责清单版本")
    return rule_set


# --- items ---


def power_item_list(*, rule_set: RuleSet, domain: str = "", kind: str = "", search: str = "") -> QuerySet[PowerItem]:
    qs = PowerItem.objects.filter(rule_set=rule_set)
    if domain:
        qs = qs.filter(domain=domain)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(violation_basis__icontains=search)
            | Q(penalty_basis__icontains=search)
        )
    return qs.order_by("position", "code")


def access_power_item(*, actor: User, item_id: int) -> PowerItem:
    item = (
        PowerItem.objects.select_related("rule_set__owner")
        .prefetch_related(
            Prefetch("discretion_rules", queryset=DiscretionRule.objects.order_by("position")),
            Prefetch("exemption_rules", queryset=ExemptionRule.objects.order_by("position")),
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None or item.rule_set.owner not in power_list_owners(actor=actor):
        raise NotFoundOrForbidden("执法事项")
    return item


def power_item_in_force(*, owner: Agency, code: str, on: date) -> PowerItem | None:
    rule_set = rule_set_in_force(owner=owner, on=on)
    if rule_set is None:
        return None
    return _item_of(rule_set, code)


def _item_of(rule_set: RuleSet, code: str) -> PowerItem | None:
    return PowerItem.objects.select_related("rule_set").filter(rule_set=rule_set, code=code).first()


# --- explanation ---


def rule_set_ref(rule_set: RuleSet) -> RuleSetRef:
    return RuleSetRef(
        id=rule_set.pk,
        version_label=rule_set.version_label,
        effective_from=rule_set.effective_from,
        effective_until=rule_set.effective_until,
        is_sample=rule_set.is_sample,
    )


def item_spec(item: PowerItem) -> ItemSpec:
    """Load the item's tiers and exemptions once; everything after is evaluated in Python."""
    tiers = tuple(
        TierSpec(
            tier=DiscretionTier(r.tier),
            position=r.position,
            description=r.description,
            conditions=conditions_from_json(r.conditions),
            fine_min=r.fine_min,
            fine_max=r.fine_max,
            coef_min=r.coef_min,
            coef_max=r.coef_max,
        )
        for r in item.discretion_rules.all().order_by("position")
    )
    exemptions = tuple(
        ExemptionSpec(
            kind=ExemptionKind(r.kind),
            position=r.position,
            description=r.description,
            conditions=conditions_from_json(r.conditions),
            look_back_months=r.look_back_months,
        )
        for r in item.exemption_rules.all().order_by("position")
    )
    fine = FineSpec(
        mode=FineMode(item.fine_mode),
        fine_min=item.fine_min,
        fine_max=item.fine_max,
        coef_min=item.coef_min,
        coef_max=item.coef_max,
        base_fact=item.base_fact,
        base_floor=item.base_floor,
    )
    return ItemSpec(
        code=item.code,
        name=item.name,
        penalty_basis=item.penalty_basis,
        fine=fine,
        rule_set=rule_set_ref(item.rule_set),
        tiers=tiers,
        exemptions=exemptions,
        id=item.pk,
    )


def _ensure_version_covers(item: PowerItem, on: date) -> None:
    rule_set = item.rule_set
    if rule_set.status == RuleSetStatus.DRAFT:
        raise ValidationError(f"权责清单版本「{rule_set.version_label}」尚未发布，不能据以裁量。")
    if not rule_set.covers(on):
        until = f"至{cn_date(rule_set.effective_until)}" if rule_set.effective_until else "起"
        raise ValidationError(
            f"违法行为发生日{cn_date(on)}不在权责清单版本「{rule_set.version_label}」的施行期间"
            f"（{cn_date(rule_set.effective_from)}{until}）内，请按该日施行的版本裁量。"
        )


def explain(item: PowerItem, facts: Mapping[str, Any], *, on: date) -> Explanation:
    """The discretion answer for ``item`` (a row of the version in force on ``on``) and the facts of the
    case."""
    _ensure_version_covers(item, on)
    try:
        return _explain(item_spec(item), facts, on=on)
    except FactError as exc:
        raise ValidationError(str(exc)) from None


def exemption_check(item: PowerItem, facts: Mapping[str, Any], *, on: date) -> ExemptionResult:
    _ensure_version_covers(item, on)
    try:
        return _exemption_check(item_spec(item), facts, on=on)
    except FactError as exc:
        raise ValidationError(str(exc)) from None


def item_for_act(*, owner: Agency, item_code: str, on: date) -> PowerItem:
    """The row of ``item_code`` in the version of ``owner``'s list in force on the date of the act."""
    rule_set = rule_set_in_force(owner=owner, on=on)
    if rule_set is None:
        raise RuleViolation(f"{owner.name}在{cn_date(on)}没有施行中的权责清单，请先导入并发布权责清单。")
    item = _item_of(rule_set, item_code)
    if item is None:
        raise RuleViolation(
            f"事项编码「{item_code}」不在{owner.name}{cn_date(on)}施行的权责清单（{rule_set.version_label}）中。"
        )
    return item


def discretion_explain(*, owner: Agency, item_code: str, facts: Mapping[str, Any], on: date) -> Explanation:
    """Explain by code: the version is chosen by the date of the act, and the answer cites it."""
    return explain(item_for_act(owner=owner, item_code=item_code, on=on), facts, on=on)


# --- delegation ---


def delegation_list(
    *, actor: User, township: Agency | None = None, include_ended: bool = True, on: date | None = None
) -> QuerySet[Delegation]:
    scope = scope_for(actor)
    qs = Delegation.objects.select_related("township", "owner")
    if not scope.sees_all:
        own = actor.agency
        q = scope.agency_q("township") | scope.agency_q("owner")
        if own is not None:
            q |= Q(township=own)
        qs = qs.filter(q)
    if township is not None:
        qs = qs.filter(township=township)
    if not include_ended and on is not None:
        qs = qs.filter(not_ended_q(on, end="valid_until"))
    return qs.order_by("township__path", "item_code", "valid_from")


def _item_label(code: str, name: str) -> str:
    return f"「{name}」（编码{code}）" if name else f"编码为{code}的事项"


def delegation_ensure_may_act(*, agency: Agency, item_code: str, on: date) -> None:
    """Refuse unless ``agency`` may open a case on ``item_code`` for an act on ``on``.

    A township (乡镇、街道) may act only on items delegated to it on that date (行政处罚法 第二十四条), and
    the item must still be in the bureau's list in force that day. A bureau, brigade or squad may act on any
    item of its bureau's list in force that day. The justice bureau supervises and does not handle cases.
    """
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        raise RuleViolation(f"{agency.name}是执法监督机构，不办理行政处罚案件。")
    if agency.kind != AgencyKind.TOWNSHIP:
        owner = bureau_of(agency)
        if owner is None:
            raise RuleViolation(f"{agency.name}不隶属于任何执法局，无法确定适用的权责清单。")
        item_for_act(owner=owner, item_code=item_code, on=on)
        return
    delegations = list(
        Delegation.objects.select_related("owner").filter(township=agency, item_code=item_code).order_by("valid_from")
    )
    covering = [d for d in delegations if d.covers(on)]
    if not covering:
        owner = delegations[0].owner if delegations else bureau_of(agency)
        item = power_item_in_force(owner=owner, code=item_code, on=on) if owner else None
        name = item.name if item else (delegations[0].item_name if delegations else "")
        label = _item_label(item_code, name)
        if not delegations:
            why = f"违法行为发生日{cn_date(on)}，该事项未交由本乡镇（街道）行使"
        else:
            periods = "；".join(
                f"{cn_date(d.valid_from)}起"
                + (f"至{cn_date(d.valid_until)}" if d.valid_until else "")
                + f"（{d.document_number}）"
                for d in delegations
            )
            why = f"违法行为发生日{cn_date(on)}不在该事项的赋权有效期（{periods}）内"
            if all(on < d.valid_from for d in delegations):
                why = f"违法行为发生日{cn_date(on)}早于该事项的赋权起始日（{periods}）"
        raise RuleViolation(f"{agency.name}未获赋权办理{label}：{why}。{ARTICLE_24}")
    delegation = covering[0]
    item = power_item_in_force(owner=delegation.owner, code=item_code, on=on)
    if item is None:
        raise RuleViolation(
            f"{agency.name}获赋权的{_item_label(item_code, delegation.item_name)}不在{delegation.owner.name}"
            f"{cn_date(on)}施行的权责清单中，不能据以立案；请核对事项编码或联系赋权机关更新赋权。"
        )


# --- Excel ---


def _rows(rule_set: RuleSet) -> tuple[list[excel.ItemRow], list[excel.TierRow], list[excel.ExemptionRow]]:
    items = list(PowerItem.objects.filter(rule_set=rule_set).order_by("position", "code"))
    tiers = DiscretionRule.objects.filter(item__rule_set=rule_set).select_related("item")
    exemptions = ExemptionRule.objects.filter(item__rule_set=rule_set).select_related("item")
    item_rows = [
        excel.ItemRow(
            row=0,
            code=i.code,
            name=i.name,
            domain=Domain(i.domain),
            kind=PowerKind(i.kind),
            violation_basis=i.violation_basis,
            penalty_basis=i.penalty_basis,
            penalty_kinds=[PenaltyKind(k) for k in i.penalty_kinds],
            fine_mode=FineMode(i.fine_mode),
            fine_min=i.fine_min,
            fine_max=i.fine_max,
            coef_min=i.coef_min,
            coef_max=i.coef_max,
            base_fact=i.base_fact,
            base_floor=i.base_floor,
            source=i.source,
            is_sample=i.is_sample,
            remark=i.remark,
        )
        for i in items
    ]
    tier_rows = [
        excel.TierRow(
            row=0,
            item_code=t.item.code,
            tier=DiscretionTier(t.tier),
            description=t.description,
            condition_text=t.condition_text,
            conditions=conditions_from_json(t.conditions),
            fine_min=t.fine_min,
            fine_max=t.fine_max,
            coef_min=t.coef_min,
            coef_max=t.coef_max,
            is_sample=t.is_sample,
        )
        for t in sorted(tiers, key=lambda t: (t.item.position, t.item.code, t.position))
    ]
    exemption_rows = [
        excel.ExemptionRow(
            row=0,
            item_code=e.item.code,
            kind=ExemptionKind(e.kind),
            description=e.description,
            condition_text=e.condition_text,
            conditions=conditions_from_json(e.conditions),
            look_back_months=e.look_back_months,
            is_sample=e.is_sample,
        )
        for e in sorted(exemptions, key=lambda e: (e.item.position, e.item.code, e.position))
    ]
    return item_rows, tier_rows, exemption_rows


def power_list_export(rule_set: RuleSet) -> bytes:
    """The rule set as an .xlsx in the documented layout; importing it gives the same lists back."""
    items, tiers, exemptions = _rows(rule_set)
    sample = f"（{SAMPLE_NOTICE}）" if rule_set.is_sample else ""
    until = f"至{cn_date(rule_set.effective_until)}" if rule_set.effective_until else "起施行"
    title = (
        f"{rule_set.owner.name} 权责清单、裁量基准、免罚清单 {rule_set.version_label}"
        f"（{cn_date(rule_set.effective_from)}{until}）{sample}"
    )
    return excel.write_workbook(items, tiers, exemptions, title=title)


def power_list_template() -> bytes:
    """A blank workbook with the headers and the instructions sheet."""
    return excel.write_workbook([], [], [], title="权责清单导入模板（请按“填写说明”填写后导入）")
