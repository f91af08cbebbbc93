"""The pages outside the case page, as URLs over the demo's records (for the read-only and the label tests)."""

from __future__ import annotations

from django.urls import reverse

from fazhi.agencies.models import Officer
from fazhi.complaints.models import Complaint
from fazhi.inspections.models import Draw
from fazhi.legal_affairs.views import KINDS
from fazhi.powers.models import PowerItem
from fazhi.supervision.models import FileReviewDraw

LIST_PAGES = (
    "core:home",
    "cases:todo",
    "complaints:list",
    "inspections:index",
    "inspections:tasks",
    "legal_affairs:index",
    "powers:item_list",
    "powers:rule_set_list",
    "powers:import",
    "powers:delegation_list",
    "publicity:staff",
    "portal:home",
    "portal:decisions",
    "portal:officers",
    "portal:powers",
    "portal_staff:index",
    "supervision:board",
    "supervision:alert_list",
    "supervision:bulletin",
    "supervision:ranking",
    "supervision:review_draws",
    "supervision:review_results",
    "agencies:agency_list",
    "agencies:officer_list",
    "agencies:officer_new",
    "reports:dashboard",
    "reports:records",
    "reports:annual",
    "imports:upload",
)


def _first(model: type, name: str) -> list[str]:
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()  # type: ignore[attr-defined]
    return [reverse(name, args=[pk])] if pk is not None else []


def demo_pages() -> list[str]:
    """Every listed page, each legal-affairs register, and one record of each kind that has a page."""
    urls = [reverse(name) for name in LIST_PAGES]
    urls += [reverse("legal_affairs:records", args=[slug]) for slug in KINDS]
    urls += _first(Complaint, "complaints:detail")
    urls += _first(Draw, "inspections:draw")
    urls += _first(PowerItem, "powers:item_detail")
    urls += _first(Officer, "agencies:officer_detail")
    urls += _first(FileReviewDraw, "supervision:review_draw")
    return urls
