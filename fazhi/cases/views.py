from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.models import Role, User
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import (
    access_agency,
    access_officer,
    agency_list,
    officer_certificate_problem,
    officer_list,
)
from fazhi.cases import actions, deadlines, selectors, services, workflow
from fazhi.cases import schemas as s
from fazhi.cases.models import (
    CRIMINAL_TRANSFER_ATTACHMENTS,
    Case,
    CaseSource,
    CaseState,
    DecisionOutcome,
    Opinion,
    PartyKind,
    PartyResponse,
    PoliceDecision,
    Procedure,
    ServiceChannel,
    ServiceMethod,
    SuspensionKind,
)
from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.core.extensions import extensions
from fazhi.core.forms import parse_date, parse_id
from fazhi.core.models import AuditEvent
from fazhi.rules import (
    ON_THE_SPOT_COLLECTION_CAP,
    SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
    SIMPLE_PROCEDURE_FINE_CAP_PERSON,
    PenaltyKind,
)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    q = request.GET
    filters: dict[str, Any] = {
        "state": q.get("state") or None,
        "search": q.get("q", "").strip(),
        "procedure": q.get("procedure") or None,
        "source": q.get("source") or None,
        "power_item_code": q.get("item", "").strip(),
    }
    try:
        if q.get("agency"):
            filters["agency"] = access_agency(actor=actor, agency_id=parse_id(q.get("agency"), "机构"))
        for key, label in (("registered_from", "立案日期自"), ("registered_to", "立案日期至")):
            if q.get(key):
                filters[key] = parse_date(q.get(key, ""), label)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    cases = selectors.case_list(actor=actor, **filters)
    page = Paginator(cases, 50).get_page(q.get("page"))
    query = q.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "q": q,
            "query": query.urlencode(),
            "states": CaseState.choices,
            "procedures": Procedure.choices,
            "sources": CaseSource.choices,
            "agencies": [a for a in agency_list(actor=actor) if a.kind != "justice_bureau"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = request.POST
    if request.method == "POST":
        try:
            data = s.CaseOpenIn.from_form(form, agency_id=form.get("agency") or None).dict()
            agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
            case = services.case_open(actor=actor, agency=agency, **data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记案源 {case.lead_number}。")
            return redirect("cases:case_detail", case_id=case.pk)
    agencies = [a for a in agency_list(actor=actor) if a.kind != "justice_bureau"]
    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "agencies": agencies,
            "sources": CaseSource.choices,
            "party_kinds": PartyKind.choices,
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = selectors.access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    refused: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _page_action(actor, case, action, request.POST)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            refused = {"action": action, "item": request.POST.get("item", ""), "form": request.POST}
        else:
            messages.success(request, done)
            return redirect("cases:case_detail", case_id=case.pk)
        case = selectors.access_case(actor=actor, case_id=case_id)
    return render(request, "cases/case_detail.html", {**_detail_context(actor, case), "refused": refused})


def _page_action(actor: User, case: Case, code: str, form: QueryDict) -> str:
    """The action ``code`` from the case page's form: the API's schema and service call (``fazhi.cases.actions``)."""
    action = actions.PAGE_ACTIONS.get(code)
    if action is None:
        raise ApplicationError("未知操作。")
    item = form.get("item", "").strip()
    payload = action.schema.from_form(form)
    return action.done(action.run(actor, case, payload, parse_id(item, "记录") if item else None))


def _detail_context(actor: User, case: Case) -> dict[str, Any]:

    today = clock.today()
    open_codes = workflow.codes_open_in(case.state)
    can_approve = (
        "register" in open_codes
        and actor.has_role(Role.HEAD)
        and workflow.in_legal_subject(actor, case)
        and not scope_for(actor).read_only
    )
    candidates = []
    if "flags" in open_codes:  # lead to notified: the states handlers can still be chosen in
        for officer in officer_list(actor=actor, agency=case.legal_subject):
            if officer.agency.legal_subject().pk == case.legal_subject_id:
                candidates.append((officer, officer_certificate_problem(officer=officer, on=today)))
    actions = {a.code: a for a in workflow.available_actions(case, actor, today)}
    events = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")
    context: dict[str, Any] = {
        "case": case,
        "handlers": case.handlers.select_related("officer", "certificate"),
        "candidates": candidates,
        "can_approve": can_approve,
        "today": today,
        "events": events,
        "actions": actions,
        "deadlines": [(d, d.status(today)) for d in deadlines.case_deadlines(case, today)],
        "money": deadlines.money_status(case, today) if hasattr(case, "decision") else None,
        "report": workflow.latest_report(case),
        "notice": workflow.latest_notice(case),
        "hearings": case.hearings.all(),
        "transfers": case.transfers.all(),
        "court_enforcements": case.court_enforcements.all(),
        "decision": getattr(case, "decision", None),
        "opinions": Opinion.choices,
        "outcomes": DecisionOutcome.choices,
        "methods": ServiceMethod.choices,
        "penalty_kinds": [(k.value, k.label) for k in PenaltyKind if k.value in case.power_item.penalty_kinds],
        "attachments": CRIMINAL_TRANSFER_ATTACHMENTS.items(),
        "police_decisions": PoliceDecision.choices,
        "recusals": case.recusals.select_related("officer"),
        "preservations": case.preservations.all(),
        "seizures": case.seizures.all(),
        "extension_provisions": selectors.extension_provisions_in_force(on=today),
        "service_consents": list(case.service_consents.all()),
        "open_codes": open_codes,
        "service_channels": ServiceChannel.choices,
        "consent_evidence": list(case.evidence.filter(is_excluded=False, superseded_by__isnull=True)),
        "extensions": case.extensions.all(),
        "suspensions": case.suspensions.all(),
        "suspension_kinds": SuspensionKind.choices,
        "flag_fields": [
            ("is_major", "重大案件（本局重大执法决定清单）"),
            ("is_complex", "案件情况疑难复杂、涉及多个法律关系"),
            ("major_public_interest", "涉及重大公共利益"),
            ("major_rights", "直接关系当事人或者第三人重大权益"),
            ("review_required_by_law", "法律、法规规定应当进行法制审核"),
        ],
        "case_flags": [
            f
            for f in ("is_major", "is_complex", "major_public_interest", "major_rights", "review_required_by_law")
            if getattr(case, f)
        ],
        "legal_review_required": workflow.legal_review_required(case),
        "discussion_required": workflow.discussion_required(case),
    }
    context.update(_panels(actor, case))
    return context


def _panels(actor: User, case: Case) -> dict[str, Any]:
    """Evidence and document panels, from the installed apps that fill the ``case.panels`` slot."""
    panels: dict[str, Any] = {}
    for panel in extensions("case.panels"):
        panels.update(panel(actor=actor, case=case))
    return panels


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """待办: only what this user may do now, overdue first, with a count of each kind of action."""
    actor, today = request_actor(request), clock.today()
    items = [(i, i.status(today)) for i in selectors.todo_list(actor=actor, today=today)]
    overdue = sum(1 for _, status in items if status == "overdue")
    by_action: dict[str, int] = {}
    for item, _ in items:
        for _, label in item.actions:
            by_action[label] = by_action.get(label, 0) + 1
    context = {"items": items, "today": today, "overdue": overdue, "by_action": sorted(by_action.items())}
    return render(request, "cases/todo.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def simple_new(request: HttpRequest) -> HttpResponse:
    """简易程序：当场处罚. Caps and on-the-spot collection are checked by the service; the form says them first."""

    actor = request_actor(request)
    form = request.POST
    if request.method == "POST":
        try:
            data = s.SimpleCaseIn.from_form(
                form,
                agency_id=form.get("agency") or None,
                handler_ids=[i for i in form.getlist("handlers") if i.isdigit()],
                act_date=clock.today(),
            ).dict()
            agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
            handlers = [access_officer(actor=actor, officer_id=i) for i in data.pop("handler_ids")]
            case = services.simple_case_decide(actor=actor, agency=agency, handlers=handlers, **data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已当场作出处罚决定 {case.simple_form_number}。")
            return redirect("cases:case_detail", case_id=case.pk)
    agencies = [a for a in agency_list(actor=actor) if a.kind != "justice_bureau"]
    officers = []
    if actor.agency is not None:
        today = clock.today()
        for officer in officer_list(actor=actor, agency=actor.agency.legal_subject()):
            officers.append((officer, officer_certificate_problem(officer=officer, on=today)))
    return render(
        request,
        "cases/simple_new.html",
        {
            "form": form,
            "agencies": agencies,
            "officers": officers,
            "party_kinds": PartyKind.choices,
            "cap_person": SIMPLE_PROCEDURE_FINE_CAP_PERSON,
            "cap_org": SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
            "collection_cap": ON_THE_SPOT_COLLECTION_CAP,
            "party_responses": PartyResponse.choices,
        },
    )
