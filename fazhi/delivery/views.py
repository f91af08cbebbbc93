from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.accounts.request import request_actor
from fazhi.cases.selectors import access_case
from fazhi.core.errors import ApplicationError
from fazhi.core.forms import parse_id
from fazhi.delivery import services


@login_required
@require_POST
def delivery_send(request: HttpRequest, case_id: int) -> HttpResponse:
    """The panel's form: send the chosen document to the consented address, back to the case page."""
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    try:
        delivery = services.delivery_send(
            actor=actor,
            case=case,
            document=request.POST.get("document", "decision"),
            consent_id=parse_id(request.POST.get("consent"), "电子送达确认书"),
            late_reason=request.POST.get("late_reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        text = f"已电子送达至 {delivery.address_masked}：{delivery.get_status_display()}。"
        if delivery.service_error:
            messages.warning(request, text + f"未能登记送达：{delivery.service_error}")
        else:
            messages.success(request, text)
    return redirect("cases:case_detail", case_id=case.pk)
