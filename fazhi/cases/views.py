from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import (
    access_agency,
    access_officer,
    agency_list,
    officer_certificate_problem,
    officer_list,
)
from fazhi.cases import actions, deadlines, page, selectors, services, workflow
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
from fazhi.core.oneread import forget, kept_rows, rows_of
from fazhi.powers.search import power_item_choice, power_item_search
from fazhi.rules import (
    ON_THE_SPOT_COLLECTION_CAP,
    SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
    SIMPLE_PROCEDURE_FINE_CAP_PERSON,
    PenaltyKind,
)


class CappedPaginator(Paginator):
    """A paginator that counts at most ``settings.FAZHI_LIST_COUNT_CAP`` + 1 rows (``COUNT`` over a ``LIMIT``):
    past the cap the page says "10,000+ 件" instead of counting a million rows on every page. The pages beyond the
    cap are not offered; a filter narrows the list to reach them."""

    @property
    def cap(self) -> int:
        return int(settings.FAZHI_LIST_COUNT_CAP)

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list  # a QuerySet: its slice counts with COUNT over a LIMIT
        return min(rows.order_by()[: self.cap + 1].count(), self.cap + 1)  # no ORDER BY: stop at the cap

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if not self.capped else max(1, self.cap // self.per_page)

    @property
    def count_label(self) -> str:
        return f"{self.cap:,}+" if self.capped else str(self.count)


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
    page = CappedPaginator(cases, 50).get_page(q.get("page"))
    query = q.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "q": q,
            "query": query.urlencode(),
            "search_note": selectors.case_search_note(filters["search"]),
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
            "item_choice": _item_choice(actor, form) if form.get("power_item_code") else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page. A refused action answers with the page itself (status 200, not a redirect): the Chinese
    reason on top and the refused form open with what the user typed (``refused``, read by ``{% kept %}``)."""
    actor = request_actor(request)
    try:
        case = selectors.access_case_for_page(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    refused: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        forget(case)  # the panels' rows read with the page: a service reads the database
        try:
            done = _page_action(actor, case, action, request.POST)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            refused = {"action": action, "item": request.POST.get("item", ""), "form": request.POST}
        else:
            messages.success(request, done)
            return redirect("cases:case_detail", case_id=case.pk)
        case = selectors.access_case_for_page(actor=actor, case_id=case_id)
    context = _detail_context(actor, case, refused_action=refused.get("action", ""))
    return render(request, "cases/case_detail.html", {**context, "refused": refused})


def _page_action(actor: User, case: Case, code: str, form: QueryDict) -> str:
    """The action ``code`` from the case page's form: the API's schema and service call (``fazhi.cases.actions``)."""
    action = actions.PAGE_ACTIONS.get(code)
    if action is None:
        raise ApplicationError("未知操作。")
    item = form.get("item", "").strip()
    payload = action.schema.from_form(form)
    return action.done(action.run(actor, case, payload, parse_id(item, "记录") if item else None))


def _detail_context(actor: User, case: Case, *, refused_action: str = "") -> dict[str, Any]:
    today = clock.today()
    open_codes = workflow.codes_open_in(case.state)
    plan = page.page_plan(case, actor, today, refused_action=refused_action)
    wanted = plan.may & {"schedule_hearing", "add_handler", "recusal_decide"}
    candidates = page.case_officers(case, today) if wanted else []
    events = rows_of(case, "cases.timeline", selectors.timeline_rows)
    context: dict[str, Any] = {
        "case": case,
        "plan": plan,
        "may": plan.may,
        "stages": {s.code: s for s in plan.stages},
        "handlers": case.handlers.all(),
        "handler_officer_ids": {h.officer_id for h in case.handlers.all()},
        "candidates": candidates,
        "officer_groups": page.officer_groups(case, actor, today) if "register" in plan.may else [],
        "fact_fields": page.discretion_fields(case) if "conclude" in plan.may else [],
        "today": today,
        "events": events,
        "actions": plan.listed,
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
        "recusals": case.recusals.all(),
        "preservations": case.preservations.all(),
        "seizures": case.seizures.all(),
        "extension_provisions": selectors.extension_provisions_in_force(on=today, case=case),
        "service_consents": list(case.service_consents.all()),
        "open_codes": open_codes,
        "service_channels": ServiceChannel.choices,
        "consent_evidence": (_consent_evidence(case) if "service_consent" in plan.may else []),
        "extensions": case.extensions.all(),
        "suspensions": case.suspensions.all(),
        "suspension_kinds": SuspensionKind.choices,
        "flag_fields": FLAG_FIELDS,
        "case_flags": [f for f, _ in FLAG_FIELDS if getattr(case, f)],
        "legal_review_required": workflow.legal_review_required(case),
        "discussion_required": workflow.discussion_required(case),
    }
    context.update(_panels(actor, case))
    return context


def _consent_evidence(case: Case) -> list[Any]:
    """The case's current evidence, one of which may be the signed 送达地址确认书: from the page's rows when the
    evidence panel read them (``evidence.evidence``), else from the database."""
    kept = kept_rows(case, "evidence.evidence")
    if kept is None:
        return list(case.evidence.filter(is_excluded=False, superseded_by__isnull=True))
    superseded = {e.supersedes_id for e in kept}  # every version of the case's evidence is kept
    current = [e for e in kept if not e.is_excluded and e.pk not in superseded]
    return sorted(current, key=lambda e: (e.uploaded_at, e.pk))  # Evidence's own order


FLAG_FIELDS = (
    ("is_major", "重大案件（本局重大执法决定清单）"),
    ("is_complex", "案件情况疑难复杂、涉及多个法律关系"),
    ("major_public_interest", "涉及重大公共利益"),
    ("major_rights", "直接关系当事人或者第三人重大权益"),
    ("review_required_by_law", "法律、法规规定应当进行法制审核"),
)


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
                handler_ids=[i for i in form.getlist("handlers") if i.isascii() and i.isdigit()],
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
            "handler_ids": form.getlist("handlers"),
            "penalty_kinds_chosen": form.getlist("penalty_kinds"),
            "item_choice": _item_choice(actor, form) if form.get("power_item_code") else None,
        },
    )


# --- choosing the 执法事项: the search over the items the agency may act on, and the township's warning ---

#: Ids above this are no row of ours (and would overflow SQLite's integer): answered as "not found".
_MAX_ID = 2**31 - 1


def _form_agency(actor: User, form: QueryDict) -> Agency | None:
    """The agency chosen on the form (if the actor may see it), else the actor's own; None when neither."""
    raw = form.get("agency", "").strip()
    if raw:
        try:
            agency_id = parse_id(raw, "承办机构")
            return access_agency(actor=actor, agency_id=agency_id) if agency_id <= _MAX_ID else None
        except ApplicationError:
            return None
    return actor.agency


def _form_act_date(form: QueryDict) -> date:
    """The date of the act on the form (the list in force that day applies), else today."""
    try:
        return parse_date(form.get("act_date", ""), "违法行为发生日期")
    except ApplicationError:
        return clock.today()


def _item_choice(actor: User, form: QueryDict) -> dict[str, Any]:
    agency = _form_agency(actor, form)
    code = form.get("power_item_code", "").strip()[:40]
    if agency is None or not code:
        return {"code": code, "item": None, "warning": ""}
    item, warning = power_item_choice(agency=agency, code=code, on=_form_act_date(form))
    return {"code": code, "item": item, "warning": warning}


@login_required
def item_search(request: HttpRequest) -> HttpResponse:
    """htmx: the options of the 执法事项 list for the text typed (code or name), the agency and the date chosen."""
    actor = request_actor(request)
    agency = _form_agency(actor, request.GET)
    # The case forms post ``power_item_code``; the case list filters by ``item``.
    search = (request.GET.get("power_item_code") or request.GET.get("item") or request.GET.get("q", ""))[:50]
    options = power_item_search(agency=agency, on=_form_act_date(request.GET), search=search) if agency else []
    return render(request, "cases/_item_options.html", {"options": options})


@login_required
def item_check(request: HttpRequest) -> HttpResponse:
    """htmx: the chosen item's name, or the warning that the agency (a township) may not act on it."""
    actor = request_actor(request)
    return render(request, "cases/_item_note.html", {"item_choice": _item_choice(actor, request.GET)})
