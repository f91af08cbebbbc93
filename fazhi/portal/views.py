"""The public portal under /public/: no login, rate-limited per client address, cached for anonymous readers.

Every page reads through ``fazhi.portal.selectors``, whose "not found" is one and the same for a record that does
not exist and one that is not public. Personal data is shown only as the owning app masked it (the publication's
snapshot) or masked here (``mask_text`` on free text).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_page, never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from fazhi.complaints import public
from fazhi.complaints.models import PublicChannel, Satisfaction
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.forms import parse_id
from fazhi.core.middleware import client_ip
from fazhi.portal import index, selectors
from fazhi.powers.domain import Domain, choices
from fazhi.rules.masking import mask_text

View = Callable[..., HttpResponse]
PER_PAGE = 20
QUERY_MAX = 60


def _ip_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def public_page(view: View) -> View:
    """No login; ``FAZHI_PORTAL_RATE`` requests per client address (a Chinese 429 beyond); anonymous GETs cached
    for ``FAZHI_PORTAL_CACHE_SECONDS``; a refusal of the selectors rendered as the one Chinese "not found"."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as exc:
            return render(request, "portal/error.html", {"message": exc.message}, status=exc.status_code)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_ratelimited(
            request, group="portal", key=_ip_key, rate=settings.FAZHI_PORTAL_RATE, method=ALL, increment=True
        ):
            return render(request, "portal/error.html", {"message": "访问过于频繁，请稍后再试。"}, status=429)
        seconds = settings.FAZHI_PORTAL_CACHE_SECONDS
        if seconds > 0 and request.method == "GET" and not request.user.is_authenticated:
            return cache_page(seconds, key_prefix="portal")(guarded)(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return require_GET(wrapper)


def _id(value: str) -> int:
    """A path id; anything not a plain number is the same "not found" as a hidden record."""
    try:
        return parse_id(value, "编号")
    except ApplicationError as exc:
        raise selectors.PublicNotFound from exc


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:QUERY_MAX]


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


@public_page
def home(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    return render(
        request,
        "portal/home.html",
        {
            "decisions": list(selectors.public_decisions(today=today)[:5]),
            "typical_cases": list(selectors.public_typical_cases()[:5]),
            "figures": list(selectors.public_figures_list()[:3]),
        },
    )


@public_page
def search(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    source = request.GET.get("source", "")
    if source not in index.SOURCES:
        source = ""
    result = index.search(query=query, page=page, per_page=PER_PAGE, source=source) if query else None
    kinds = [(name, s.label) for name, s in index.SOURCES.items()]
    return render(request, "portal/search.html", {"query": query, "result": result, "source": source, "kinds": kinds})


@public_page
def powers(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    return render(request, "portal/powers.html", {"owners": selectors.public_power_owners(today=today), "today": today})


@public_page
def rule_set(request: HttpRequest, rule_set_id: str) -> HttpResponse:
    today = clock.today()
    rs = selectors.public_rule_set(rule_set_id=_id(rule_set_id), today=today)
    domain = request.GET.get("domain", "")
    domains = dict(choices(Domain))
    if domain not in domains:
        domain = ""
    query = _query(request)
    items = selectors.public_power_items(rule_set=rs, domain=domain, search=query)
    return render(
        request,
        "portal/rule_set.html",
        {
            "rule_set": rs,
            "in_force": selectors.rule_set_in_force_on(rs, today),
            "page": _page(request, items),
            "domains": list(domains.items()),
            "domain": domain,
            "query": query,
        },
    )


@public_page
def power_item(request: HttpRequest, item_id: str) -> HttpResponse:
    item = selectors.public_power_item(item_id=_id(item_id), today=clock.today())
    return render(
        request,
        "portal/power_item.html",
        {
            "item": item,
            "tiers": list(item.discretion_rules.all().order_by("position")),
            "exemptions": list(item.exemption_rules.all().order_by("position")),
        },
    )


@public_page
def officers(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    page = _page(request, selectors.public_officers(today=clock.today(), search=query))
    return render(request, "portal/officers.html", {"page": page, "query": query})


@public_page
def decisions(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    today = clock.today()
    page = _page(request, selectors.public_decisions(today=today, search=query))
    withdrawn = list(selectors.public_withdrawals(today=today)[:20])
    return render(request, "portal/decisions.html", {"page": page, "query": query, "withdrawn": withdrawn})


@public_page
def decision(request: HttpRequest, publication_id: str) -> HttpResponse:
    p = selectors.public_decision(publication_id=_id(publication_id), today=clock.today())
    return render(request, "portal/decision.html", {"p": p, "s": p.snapshot})


@public_page
def withdrawals(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.public_withdrawals(today=clock.today()))
    return render(request, "portal/withdrawals.html", {"page": page})


@public_page
def typical_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/typical_cases.html", {"page": _page(request, selectors.public_typical_cases())})


@public_page
def typical_case(request: HttpRequest, typical_case_id: str) -> HttpResponse:
    tc = selectors.public_typical_case(typical_case_id=_id(typical_case_id))
    return render(
        request, "portal/typical_case.html", {"tc": tc, "facts": mask_text(tc.facts), "lesson": mask_text(tc.lesson)}
    )


@public_page
def figures_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/figures_list.html", {"rows": list(selectors.public_figures_list()[:100])})


@public_page
def figures(request: HttpRequest, figures_id: str) -> HttpResponse:
    row = selectors.public_figures(figures_id=_id(figures_id))
    return render(request, "portal/figures.html", {"row": row, "items": selectors.figure_rows(row)})


# --- 群众诉求: submit, follow by the receipt code, rate, reopen (fazhi.complaints.public) ---------------------------


def complaint_page(view: View) -> View:
    """A complaint page: no login, never cached (it carries a form and, once looked up, one complaint); each client
    address gets ``FAZHI_PORTAL_RATE`` pages and ``FAZHI_PUBLIC_COMPLAINT_RATE`` writes and look-ups (POSTs, 30 an
    hour by default, so that codes cannot be tried at speed); a wrong code is the portal's one "not found"."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limited = is_ratelimited(
            request, group="portal", key=_ip_key, rate=settings.FAZHI_PORTAL_RATE, method=ALL, increment=True
        )
        if not limited and request.method == "POST":
            rate = getattr(settings, "FAZHI_PUBLIC_COMPLAINT_RATE", "30/h")
            limited = is_ratelimited(
                request, group="portal-complaints", key=_ip_key, rate=rate, method=ALL, increment=True
            )
        if limited:
            return render(request, "portal/error.html", {"message": "访问过于频繁，请稍后再试。"}, status=429)
        try:
            return view(request, *args, **kwargs)
        except NotFoundOrForbidden:
            not_found = selectors.PublicNotFound()
            return render(request, "portal/error.html", {"message": not_found.message}, status=404)
        except ApplicationError as exc:
            return render(request, "portal/error.html", {"message": exc.message}, status=exc.status_code)

    return never_cache(require_http_methods(["GET", "POST"])(wrapper))


def _form_values(request: HttpRequest) -> dict[str, str]:
    names = ("category", "description", "address", "latitude", "longitude", "contact_name", "contact_phone")
    return {name: request.POST.get(name, "")[:3000] for name in names}


@complaint_page
def complaint_new(request: HttpRequest) -> HttpResponse:
    categories = list(public.public_categories())
    context: dict[str, Any] = {"categories": [(public.service_code(c), c) for c in categories], "values": {}}
    if request.method == "GET":
        return render(request, "portal/complaint_new.html", context)
    values = _form_values(request)
    context["values"] = values
    try:
        try:
            category = public.public_category(values["category"]) if values["category"] else None
        except NotFoundOrForbidden:
            category = None
        receipt, code = public.public_complaint_submit(
            actor=public.PORTAL_ACTOR,
            agency=public.public_agency(),
            channel=PublicChannel.PORTAL,
            category=category,
            fields=values,
            photo=request.FILES.get("photo"),
        )
    except ApplicationError as exc:
        context["error"] = exc.message
        return render(request, "portal/complaint_new.html", context, status=exc.status_code)
    return render(request, "portal/complaint_receipt.html", {"code": code, "number": receipt.complaint.number})


@complaint_page
def complaint_track(request: HttpRequest) -> HttpResponse:
    """The code comes in a POST body, never in the address (which logs, caches and referrers would keep)."""
    if request.method == "GET":
        return render(request, "portal/complaint_track.html", {})
    code = request.POST.get("code", "")[:40]
    action = request.POST.get("action", "")
    message = ""
    error = ""
    if action in ("rate", "reopen"):
        try:
            if action == "rate":
                rating = request.POST.get("rating", "")
                public.public_complaint_rate(actor=public.TRACKER_ACTOR, code=code, rating=rating)
                message = "感谢您的评价。"
            else:
                reason = request.POST.get("reason", "")[:2000]
                public.public_complaint_reopen(actor=public.TRACKER_ACTOR, code=code, reason=reason)
                message = "已为您申请重办，承办单位将重新处置。"
        except NotFoundOrForbidden:
            raise
        except ApplicationError as exc:
            error = exc.message
    tracking = public.public_track(code=code)
    context = {
        "t": tracking,
        "code": public.receipt_code_normalize(code),
        "ratings": [(r, Satisfaction(r).label) for r in public.RATINGS],
        "message": message,
        "error": error,
    }
    return render(request, "portal/complaint_track.html", context, status=400 if error else 200)
