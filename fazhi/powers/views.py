"""Web pages of the power list. Thin: parse the request, call selectors/services, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.core import clock
from fazhi.core.downloads import XLSX, attachment
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_date
from fazhi.powers import selectors, services
from fazhi.powers.domain import Domain, PowerKind, RuleSetStatus, choices
from fazhi.powers.facts import FACTS, Fact, FactType, find_fact
from fazhi.powers.models import SAMPLE_NOTICE, Delegation, PowerItem
from fazhi.powers.services import PowerListImportError

# Facts the 裁量说明 form always offers: the statutory grounds of 第三十条、第三十二条、第三十三条.
_ALWAYS = (
    "age",
    "harm",
    "corrected",
    "prior_violations",
    "prior_violation_date",
    "eliminated_harm",
    "coerced",
    "confessed",
    "meritorious",
    "no_fault",
)


def _error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


def _owner(request: HttpRequest) -> Agency:
    raw = request.GET.get("owner") or request.POST.get("owner")
    owner_id = int(raw) if raw and raw.isascii() and raw.isdigit() else None
    return selectors.access_owner(actor=request_actor(request), owner_id=owner_id)


def _day(value: str | None, label: str) -> date:
    return parse_date(value, label) if value else clock.today()


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    try:
        owner = _owner(request)
        on = _day(request.GET.get("on"), "查询日期")
    except ApplicationError as exc:
        return _error_page(request, exc)
    rule_set = selectors.rule_set_in_force(owner=owner, on=on)
    domain = request.GET.get("domain", "")
    kind = request.GET.get("kind", "")
    search = request.GET.get("q", "").strip()
    page = None
    if rule_set is not None:
        qs = selectors.power_item_list(rule_set=rule_set, domain=domain, kind=kind, search=search)
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "powers/item_list.html",
        {
            "owner": owner,
            "owners": selectors.power_list_owners(actor=request_actor(request)),
            "on": on,
            "rule_set": rule_set,
            "page": page,
            "domain": domain,
            "kind": kind,
            "search": search,
            "domains": choices(Domain),
            "kinds": choices(PowerKind),
            "sample_notice": SAMPLE_NOTICE,
        },
    )


def _form_facts(item: PowerItem) -> list[Fact]:
    codes: list[str] = []
    if item.base_fact:
        codes.append(item.base_fact)
    for tier in item.discretion_rules.all():
        codes.extend(c.fact for c in tier.parsed_conditions())
    for exemption in item.exemption_rules.all():
        codes.extend(c.fact for c in exemption.parsed_conditions())
    codes.extend(_ALWAYS)
    facts = []
    for code in dict.fromkeys(codes):
        fact = find_fact(code)
        if fact is not None:
            facts.append(fact)
    return facts


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = selectors.access_power_item(actor=request_actor(request), item_id=item_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    spec = selectors.item_spec(item)
    return render(
        request,
        "powers/item_detail.html",
        {
            "item": item,
            "rule_set": item.rule_set,
            "form_facts": _form_facts(item),
            "today": clock.today(),
            "legal_text": spec.fine.legal_text(),
            "sample_notice": SAMPLE_NOTICE,
            "tiers": [
                (rule, spec_tier.range_text(spec.fine))
                for rule, spec_tier in zip(item.discretion_rules.all(), spec.tiers, strict=True)
            ],
            "bool_type": FactType.BOOL,
            "choice_type": FactType.CHOICE,
            "date_type": FactType.DATE,
        },
    )


@login_required
@require_POST
def item_explain(request: HttpRequest, item_id: int) -> HttpResponse:
    """The htmx target of the 裁量说明 form: renders the explanation and the exemption check."""
    context: dict[str, Any] = {}
    try:
        item = selectors.access_power_item(actor=request_actor(request), item_id=item_id)
        on = parse_date(request.POST.get("on", ""), "违法行为发生日")
        facts = {
            f.code: request.POST.get(f"fact_{f.code}", "")
            for f in FACTS
            if request.POST.get(f"fact_{f.code}", "").strip()
        }
        owner = item.rule_set.owner
        # The version in force on the date of the act decides, not the one on screen.
        in_force = selectors.item_for_act(owner=owner, item_code=item.code, on=on)
        context["explanation"] = selectors.explain(in_force, facts, on=on)
        context["exemption"] = selectors.exemption_check(in_force, facts, on=on)
        context["other_version"] = in_force.rule_set_id != item.rule_set_id
    except ApplicationError as exc:
        context["error"] = exc.message
    return render(request, "powers/_explanation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    try:
        owner = _owner(request)
    except ApplicationError as exc:
        return _error_page(request, exc)
    errors = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError("请选择要导入的Excel文件。")
            rule_set = services.power_list_import(
                actor=request_actor(request),
                owner=owner,
                file=upload,
                version_label=request.POST.get("version_label", ""),
                effective_from=parse_date(request.POST.get("effective_from", ""), "施行日期"),
                filename=upload.name or "",
                note=request.POST.get("note", ""),
                activate=request.POST.get("activate") == "on",
            )
        except PowerListImportError as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            state = "已发布" if rule_set.status == RuleSetStatus.ACTIVE else "已导入为草稿，核对后请发布"
            messages.success(request, f"权责清单 {rule_set.version_label} {state}。")
            return redirect(f"{_url('powers:rule_set_list')}?owner={owner.pk}")
    return render(
        request,
        "powers/import.html",
        {
            "owner": owner,
            "owners": selectors.power_list_owners(actor=request_actor(request)),
            "errors": errors,
            "form": request.POST,
        },
    )


def _url(name: str) -> str:
    return reverse(name)


@login_required
@require_http_methods(["GET", "POST"])
def rule_set_list(request: HttpRequest) -> HttpResponse:
    try:
        owner = _owner(request)
    except ApplicationError as exc:
        return _error_page(request, exc)
    if request.method == "POST":
        try:
            rule_set = selectors.access_rule_set(
                actor=request_actor(request),
                rule_set_id=int(request.POST.get("rule_set") or 0),
            )
            if request.POST.get("action") == "copy":
                copy = services.rule_set_copy_as_draft(
                    actor=request_actor(request),
                    rule_set=rule_set,
                    version_label=request.POST.get("version_label", ""),
                    effective_from=parse_date(request.POST.get("effective_from", ""), "施行日期"),
                )
                messages.success(request, f"已复制为草稿版本 {copy.version_label}。")
            else:
                services.rule_set_activate(actor=request_actor(request), rule_set=rule_set)
                messages.success(request, f"已发布 {rule_set.version_label}。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(f"{_url('powers:rule_set_list')}?owner={owner.pk}")
    return render(
        request,
        "powers/rule_set_list.html",
        {
            "owner": owner,
            "rule_sets": selectors.rule_set_list(owner=owner),
            "sample_notice": SAMPLE_NOTICE,
            "today": clock.today(),
        },
    )


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename, XLSX)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    try:
        raw = request.GET.get("rule_set", "")
        if raw.isascii() and raw.isdigit():
            rule_set = selectors.access_rule_set(actor=request_actor(request), rule_set_id=int(raw))
        else:
            owner = _owner(request)
            found = selectors.rule_set_in_force(owner=owner, on=_day(request.GET.get("on"), "日期"))
            if found is None:
                raise ValidationError(f"{owner.name}今日没有施行中的权责清单。")
            rule_set = found
    except ApplicationError as exc:
        return _error_page(request, exc)
    name = f"权责清单_{rule_set.owner.name}_{rule_set.version_label}.xlsx"
    return _xlsx(selectors.power_list_export(rule_set), name)


@login_required
def template(request: HttpRequest) -> HttpResponse:
    return _xlsx(selectors.power_list_template(), "权责清单导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def delegation_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = clock.today()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                visible = selectors.delegation_list(actor=actor)
                delegation = visible.filter(pk=int(request.POST.get("delegation") or 0)).first()
                if delegation is None:
                    raise ValidationError("赋权事项不存在或您无权访问。")
                services.delegation_end(
                    actor=actor,
                    delegation=delegation,
                    valid_until=parse_date(request.POST.get("valid_until", ""), "终止日期"),
                    reason=request.POST.get("reason", ""),
                )
                name = f"{delegation.township.name}「{delegation.item_name}」"
                messages.success(request, f"已终止{name}的赋权。")
            else:
                township = access_agency(
                    actor=actor,
                    agency_id=int(request.POST.get("township") or 0),
                )
                until = request.POST.get("valid_until", "").strip()
                created: Delegation = services.delegation_grant(
                    actor=actor,
                    township=township,
                    item_code=request.POST.get("item_code", ""),
                    valid_from=parse_date(request.POST.get("valid_from", ""), "赋权起始日"),
                    valid_until=parse_date(until, "赋权截止日") if until else None,
                    document_number=request.POST.get("document_number", ""),
                )
                messages.success(request, f"已赋予{township.name}办理「{created.item_name}」。")
        except (ApplicationError, ValueError) as exc:
            messages.error(request, exc.message if isinstance(exc, ApplicationError) else "输入有误。")
        return redirect("powers:delegation_list")

    townships = agency_list(actor=actor, kind=AgencyKind.TOWNSHIP)
    delegations = selectors.delegation_list(actor=actor)
    rows = [(d, d.covers(today), d.valid_until is not None and d.valid_until < today) for d in delegations]
    return render(
        request,
        "powers/delegation_list.html",
        {
            "rows": rows,
            "townships": townships,
            "today": today,
        },
    )
