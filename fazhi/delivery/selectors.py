"""Reads of 电子送达, always through the case's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.oneread import rows_of
from fazhi.delivery.models import Delivery, DeliveryDocument

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case


def deliveries_for_case(*, actor: User, case: Case) -> list[Delivery]:
    """The case's deliveries, newest first (``case`` was fetched with ``access_case``)."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return rows_of(case, "delivery.deliveries", delivery_rows)


def delivery_rows(case: Case) -> QuerySet[Delivery]:
    return Delivery.objects.filter(case=case).select_related("consent", "sent_by", "service")


def case_rows(case: Case) -> dict[str, QuerySet[Any]]:
    """What the 电子送达 panel of the case page reads (``cases.selectors.PAGE_ROWS_SLOT``)."""
    return {"delivery.deliveries": delivery_rows(case)}


def access_delivery(*, actor: User, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.select_related("case", "case__agency").filter(pk=delivery_id).first()
    if delivery is None or not scope_for(actor).sees(delivery.case.agency):
        raise NotFoundOrForbidden("电子送达记录")
    return delivery


def delivery_panel(*, actor: User, case: Case) -> dict[str, Any]:
    """The context of ``delivery/_case_delivery.html`` (the ``case.panels`` slot)."""
    consents = [c for c in case.service_consents.all() if c.withdrawn_on is None]
    return {
        "deliveries": deliveries_for_case(actor=actor, case=case),
        "delivery_consents": consents,
        "delivery_documents": DeliveryDocument.choices,
        "delivery_can_send": bool(consents) and not scope_for(actor).read_only,
    }
