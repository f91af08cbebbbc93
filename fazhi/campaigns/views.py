"""Pages of 专项行动 (list and start; one page per campaign with its targets, actions and linked records) and of
柔性执法 (list and record; link the case that followed). A refusal is shown with what was typed kept in the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, access_officer, agency_list, officer_list
from fazhi.campaigns import selectors, services
from fazhi.campaigns.models import CampaignActionKind, SoftMeasureKind
from fazhi.cases.selectors import access_case
from fazhi.complaints.selectors import access_complaint
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.inspections.selectors import access_inspection_task
from fazhi.waste import forms


def _writable_agencies(actor: User) -> list[object]:
    return list(agency_list(actor=actor)) if not scope_for(actor).read_only else []


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    data = request.POST
    if request.method == "POST":
        try:
            campaign = services.campaign_create(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(data.get("agency"), "牵头机构")),
                name=forms.text(data, "name"),
                starts_on=forms.required_date(data, "starts_on", "开始日期"),
                ends_on=forms.required_date(data, "ends_on", "结束日期"),
                description=forms.text(data, "description"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已开展专项行动「{campaign.name}」。")
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    search = request.GET.get("q", "").strip()[:60]
    page = Paginator(selectors.campaign_list(actor=actor, search=search), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/list.html",
        {
            "page": page,
            "search": search,
            "agencies": _writable_agencies(actor),
            "default_agency": actor.agency_id,
            "form": data if request.method == "POST" else {},
        },
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    posted = request.session.pop("campaign_form", None)
    return render(
        request,
        "campaigns/detail.html",
        {
            "c": campaign,
            **selectors.campaign_detail(actor=actor, campaign=campaign),
            "action_kinds": CampaignActionKind.choices,
            "posted": (posted or {}).get("step", ""),
            "form": (posted or {}).get("data", {}),
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def campaign_step(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """One form of the campaign page: ``step`` = target, achieve, action, case, complaint or inspection."""
    actor = request_actor(request)
    data = request.POST
    step = data.get("step", "")
    try:
        campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
        if step == "target":
            achieved_raw = forms.text(data, "achieved").strip()
            services.campaign_target_add(
                actor=actor,
                campaign=campaign,
                kind=forms.text(data, "kind"),
                unit=forms.text(data, "unit"),
                number=forms.decimal(data, "number", "目标数"),
                achieved=forms.decimal(data, "achieved", "完成数") if achieved_raw else None,
            )
        elif step == "achieve":
            target = selectors.access_target(actor=actor, target_id=parse_id(data.get("target"), "行动目标"))
            if target.campaign_id != campaign.pk:
                raise ValidationError("请选择本行动的目标。")
            services.campaign_target_achieve(
                actor=actor, target=target, achieved=forms.decimal(data, "achieved", "完成数")
            )
        elif step == "action":
            services.campaign_action_record(
                actor=actor,
                campaign=campaign,
                kind=forms.text(data, "kind"),
                taken_on=forms.required_date(data, "taken_on", "日期"),
                count=forms.integer(data, "count", "数量"),
                note=forms.text(data, "note"),
            )
        elif step == "case":
            case = access_case(actor=actor, case_id=parse_id(data.get("id"), "案件"))
            services.campaign_case_link(actor=actor, campaign=campaign, case=case)
        elif step == "complaint":
            complaint = access_complaint(actor=actor, complaint_id=parse_id(data.get("id"), "群众诉求"))
            services.campaign_complaint_link(actor=actor, campaign=campaign, complaint=complaint)
        elif step == "inspection":
            task = access_inspection_task(actor=actor, task_id=parse_id(data.get("id"), "检查任务"))
            services.campaign_inspection_link(actor=actor, campaign=campaign, task=task)
        else:
            raise ValidationError("未知的操作。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        # kept for the next page, so the form shows what was typed (post/redirect/get)
        request.session["campaign_form"] = {
            "step": step,
            "data": {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"},
        }
    else:
        messages.success(request, "已登记。")
    return redirect("campaigns:detail", campaign_id=campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def soft_measure_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    data = request.POST
    if request.method == "POST":
        try:
            campaign_id = forms.optional_id(data, "campaign", "专项行动")
            services.soft_measure_record(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(data.get("agency"), "实施机构")),
                kind=forms.text(data, "kind"),
                target_name=forms.text(data, "target_name"),
                place=forms.text(data, "place"),
                taken_on=forms.required_date(data, "taken_on", "日期"),
                officer=access_officer(actor=actor, officer_id=parse_id(data.get("officer"), "执法人员")),
                content=forms.text(data, "content"),
                campaign=selectors.access_campaign(actor=actor, campaign_id=campaign_id) if campaign_id else None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记柔性执法。")
            return redirect("campaigns:soft_measures")
    kind = request.GET.get("kind", "")
    if kind not in SoftMeasureKind.values:
        kind = ""
    page = Paginator(selectors.soft_measure_list(actor=actor, kind=kind), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/soft_measures.html",
        {
            "page": page,
            "kind": kind,
            "kinds": SoftMeasureKind.choices,
            "campaigns": list(selectors.campaign_list(actor=actor)[:200]),
            "officers": list(officer_list(actor=actor).filter(is_active=True)[:500]),
            "agencies": _writable_agencies(actor),
            "default_agency": actor.agency_id,
            "default_officer": actor.officer_id,
            "form": data if request.method == "POST" else {},
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def soft_measure_case(request: HttpRequest, measure_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        measure = selectors.access_soft_measure(actor=actor, measure_id=measure_id)
        case = access_case(actor=actor, case_id=parse_id(request.POST.get("case"), "案件"))
        services.soft_measure_link_case(actor=actor, measure=measure, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已关联后续立案。")
    return redirect("campaigns:soft_measures")
