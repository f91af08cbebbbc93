"""REST endpoints of the power list (tag 权责清单). Thin: parse, call a selector or service, answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.core import clock
from fazhi.core.codes import CodeOf
from fazhi.core.downloads import attachment
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.powers import selectors, services
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind, RuleSetStatus, choices
from fazhi.powers.engine import ExemptionResult, Explanation
from fazhi.powers.facts import FACTS
from fazhi.powers.models import SAMPLE_NOTICE, Delegation, PowerItem, RuleSet

router = Router(tags=["权责清单"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RuleSetOut(Schema):
    id: int
    owner_id: int
    version_label: str
    effective_from: date
    effective_until: date | None
    status: Annotated[str, CodeOf(choices(RuleSetStatus))]
    is_sample: bool
    sample_notice: str
    source_sha256: str

    @staticmethod
    def resolve_sample_notice(obj: RuleSet) -> str:
        return SAMPLE_NOTICE if obj.is_sample else ""


class ItemOut(Schema):
    id: int
    code: str
    name: str
    domain: Annotated[str, CodeOf(choices(Domain))]
    domain_label: str
    kind: Annotated[str, CodeOf(choices(PowerKind))]
    kind_label: str
    violation_basis: str
    penalty_basis: str
    penalty_kinds: list[str]
    penalty_kind_labels: list[str]
    fine_mode: Annotated[str, CodeOf(choices(FineMode))]
    fine_min: Decimal | None
    fine_max: Decimal | None
    coef_min: Decimal | None
    coef_max: Decimal | None
    base_fact: str
    base_floor: Decimal | None
    source: str
    is_sample: bool


class TierOut(Schema):
    id: int
    tier: Annotated[str, CodeOf(choices(DiscretionTier))]
    tier_label: str
    description: str
    condition_text: str
    conditions: list[dict[str, Any]]
    fine_min: Decimal | None
    fine_max: Decimal | None
    coef_min: Decimal | None
    coef_max: Decimal | None


class ExemptionOut(Schema):
    id: int
    kind: Annotated[str, CodeOf(choices(ExemptionKind))]
    kind_label: str
    description: str
    condition_text: str
    conditions: list[dict[str, Any]]
    look_back_months: int | None


class ItemDetailOut(ItemOut):
    rule_set: RuleSetOut
    tiers: list[TierOut]
    exemptions: list[ExemptionOut]

    @staticmethod
    def resolve_tiers(obj: PowerItem) -> list[Any]:
        return list(obj.discretion_rules.all())

    @staticmethod
    def resolve_exemptions(obj: PowerItem) -> list[Any]:
        return list(obj.exemption_rules.all())


class ItemPageOut(Schema):
    rule_set: RuleSetOut | None
    count: int
    page: int
    page_size: int
    items: list[ItemOut]


class FactsIn(Schema):
    item_code: str
    on: date
    facts: dict[str, Any] = Field(default_factory=dict)
    owner_id: int | None = None


class ExplanationOut(Schema):
    item_code: str
    item_name: str
    tier: str | None
    tier_label: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    legal_min: Decimal | None
    legal_max: Decimal | None
    reasons: list[str]
    rule_set_version: str
    rule_set_id: int | None
    effective_from: date
    basis: str
    manual_required: bool
    no_penalty: bool
    mandatory_grounds: list[str]
    is_sample: bool


class ExemptionResultOut(Schema):
    item_code: str
    applies: bool
    kind: str | None
    kind_label: str
    mandatory: bool
    reasons: list[str]
    rule_set_version: str
    rule_set_id: int | None
    effective_from: date
    rule_description: str
    missing_facts: list[str]


class DelegationOut(Schema):
    id: int
    owner_id: int
    township_id: int
    township_name: str
    item_code: str
    item_name: str
    valid_from: date
    valid_until: date | None
    document_number: str
    end_reason: str

    @staticmethod
    def resolve_township_name(obj: Delegation) -> str:
        return obj.township.name


class DelegationIn(Schema):
    township_id: int
    item_code: str
    valid_from: date
    valid_until: date | None = None
    document_number: str


class DelegationEndIn(Schema):
    valid_until: date
    reason: str


class FactOut(Schema):
    code: str
    name: str
    type: str
    unit: str
    choices: list[list[str]]
    aliases: list[str]


def _explanation(e: Explanation) -> dict[str, Any]:
    return {
        "item_code": e.item_code,
        "item_name": e.item_name,
        "tier": e.tier.value if e.tier else None,
        "tier_label": e.tier_label,
        "fine_min": e.fine_min,
        "fine_max": e.fine_max,
        "legal_min": e.legal_min,
        "legal_max": e.legal_max,
        "reasons": list(e.reasons),
        "rule_set_version": e.rule_set_version,
        "rule_set_id": e.rule_set_id,
        "effective_from": e.effective_from,
        "basis": e.basis,
        "manual_required": e.manual_required,
        "no_penalty": e.no_penalty,
        "mandatory_grounds": list(e.mandatory_grounds),
        "is_sample": e.is_sample,
    }


def _exemption(r: ExemptionResult) -> dict[str, Any]:
    return {
        "item_code": r.item_code,
        "applies": r.applies,
        "kind": r.kind.value if r.kind else None,
        "kind_label": r.kind_label,
        "mandatory": r.mandatory,
        "reasons": list(r.reasons),
        "rule_set_version": r.rule_set_version,
        "rule_set_id": r.rule_set_id,
        "effective_from": r.effective_from,
        "rule_description": r.rule_description,
        "missing_facts": list(r.missing_facts),
    }


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename, XLSX)


@router.get("/items", response=ItemPageOut, summary="执法事项列表（某日施行的版本）")
def list_items(
    request: HttpRequest,
    *,
    owner_id: int | None = None,
    on: date | None = None,
    domain: str = "",
    kind: str = "",
    search: str = "",
    page: int = 1,
    page_size: int = 50,
) -> dict[str, Any]:
    owner = selectors.access_owner(actor=request_actor(request), owner_id=owner_id)
    rule_set = selectors.rule_set_in_force(owner=owner, on=on or clock.today())
    page = max(page, 1)
    page_size = min(max(page_size, 1), 200)
    if rule_set is None:
        return {"rule_set": None, "count": 0, "page": page, "page_size": page_size, "items": []}
    qs = selectors.power_item_list(rule_set=rule_set, domain=domain, kind=kind, search=search.strip())
    start = (page - 1) * page_size
    return {
        "rule_set": rule_set,
        "count": qs.count(),
        "page": page,
        "page_size": page_size,
        "items": list(qs[start : start + page_size]),
    }


@router.get("/items/{item_id}", response=ItemDetailOut, summary="执法事项详情（含裁量阶次、免罚规则）")
def get_item(request: HttpRequest, item_id: int) -> PowerItem:
    return selectors.access_power_item(actor=request_actor(request), item_id=item_id)


@router.post("/explain", response=ExplanationOut, summary="裁量说明：按行为发生日施行的版本计算阶次和幅度")
def explain(request: HttpRequest, payload: FactsIn) -> dict[str, Any]:
    owner = selectors.access_owner(actor=request_actor(request), owner_id=payload.owner_id)
    result = selectors.discretion_explain(
        owner=owner, item_code=payload.item_code.strip(), facts=payload.facts, on=payload.on
    )
    return _explanation(result)


@router.post("/exemption-check", response=ExemptionResultOut, summary="免罚检查（首违不罚、轻微不罚等）")
def exemption_check(request: HttpRequest, payload: FactsIn) -> dict[str, Any]:
    owner = selectors.access_owner(actor=request_actor(request), owner_id=payload.owner_id)
    item = selectors.item_for_act(owner=owner, item_code=payload.item_code.strip(), on=payload.on)
    return _exemption(selectors.exemption_check(item, payload.facts, on=payload.on))


@router.get("/facts", response=list[FactOut], summary="事实词表（条件表达式和裁量说明可用的事实）")
def list_facts(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "name": f.name,
            "type": f.type.value,
            "unit": f.unit,
            "choices": [list(c) for c in f.choices],
            "aliases": list(f.aliases),
        }
        for f in FACTS
    ]


@router.get("/rule-sets", response=list[RuleSetOut], summary="权责清单版本列表")
def list_rule_sets(request: HttpRequest, owner_id: int | None = None) -> list[RuleSet]:
    owner = selectors.access_owner(actor=request_actor(request), owner_id=owner_id)
    return list(selectors.rule_set_list(owner=owner))


@router.post("/rule-sets/{rule_set_id}/activate", response=RuleSetOut, summary="发布草稿版本")
def activate_rule_set(request: HttpRequest, rule_set_id: int) -> RuleSet:
    rule_set = selectors.access_rule_set(actor=request_actor(request), rule_set_id=rule_set_id)
    return services.rule_set_activate(actor=request_actor(request), rule_set=rule_set)


@router.post("/import", response={201: RuleSetOut}, summary="导入权责清单Excel（有错逐行报告、不导入）")
def import_power_list(
    request: HttpRequest,
    *,
    file: File[UploadedFile],
    version_label: Form[str],
    effective_from: Form[date],
    owner_id: Form[int | None] = None,
    activate: Form[bool] = False,
) -> Status[RuleSet]:
    owner = selectors.access_owner(actor=request_actor(request), owner_id=owner_id)
    rule_set = services.power_list_import(
        actor=request_actor(request),
        owner=owner,
        file=file,
        version_label=version_label,
        effective_from=effective_from,
        filename=file.name or "",
        activate=activate,
    )
    return Status(201, rule_set)


@router.get("/export", summary="导出权责清单Excel（默认今日施行的版本）")
def export_power_list(
    request: HttpRequest,
    *,
    rule_set_id: int | None = None,
    owner_id: int | None = None,
    on: date | None = None,
) -> HttpResponse:
    if rule_set_id is not None:
        actor = request_actor(request)
        rule_set = selectors.access_rule_set(actor=actor, rule_set_id=rule_set_id)
    else:
        owner = selectors.access_owner(actor=request_actor(request), owner_id=owner_id)
        found = selectors.rule_set_in_force(owner=owner, on=on or clock.today())
        if found is None:
            raise NotFoundOrForbidden("施行中的权责清单")
        rule_set = found
    name = f"权责清单_{rule_set.owner.name}_{rule_set.version_label}.xlsx"
    return _xlsx(selectors.power_list_export(rule_set), name)


@router.get("/template", summary="下载权责清单导入模板")
def template(request: HttpRequest) -> HttpResponse:
    return _xlsx(selectors.power_list_template(), "权责清单导入模板.xlsx")


@router.get("/delegations", response=list[DelegationOut], summary="赋权事项列表")
def list_delegations(request: HttpRequest, township_id: int | None = None) -> list[Delegation]:
    township = access_agency(actor=request_actor(request), agency_id=township_id) if township_id else None
    return list(selectors.delegation_list(actor=request_actor(request), township=township)[:1000])


@router.post("/delegations", response={201: DelegationOut}, summary="向乡镇（街道）赋予执法事项")
def grant_delegation(request: HttpRequest, payload: DelegationIn) -> Status[Delegation]:
    township = access_agency(actor=request_actor(request), agency_id=payload.township_id)
    delegation = services.delegation_grant(
        actor=request_actor(request),
        township=township,
        item_code=payload.item_code,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        document_number=payload.document_number,
    )
    return Status(201, delegation)


@router.post("/delegations/{delegation_id}/end", response=DelegationOut, summary="终止赋权")
def end_delegation(request: HttpRequest, delegation_id: int, payload: DelegationEndIn) -> Delegation:
    visible = selectors.delegation_list(actor=request_actor(request))
    delegation = visible.filter(pk=delegation_id).first()
    if delegation is None:
        raise NotFoundOrForbidden("赋权事项")
    return services.delegation_end(
        actor=request_actor(request),
        delegation=delegation,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )
