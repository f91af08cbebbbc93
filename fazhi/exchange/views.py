"""The administrators' page of the exchange (/exchange/): subscribers and their backlog, dead letters, replay."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.accounts.request import request_actor
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, PermissionDenied
from fazhi.exchange import selectors, services


def _split(value: str) -> list[str]:
    return [p for p in value.replace("，", ",").replace("\n", ",").replace(" ", ",").split(",") if p][:60]


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    try:
        rows = selectors.subscriber_rows(actor=actor)
        dead = list(selectors.dead_letters(actor=actor))
    except PermissionDenied as exc:
        return render(request, "exchange/overview.html", {"refused": exc.message}, status=403)
    return render(request, "exchange/overview.html", {"rows": rows, "dead": dead, "form": {}})


@login_required
@require_POST
def subscriber_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = {k: request.POST.get(k, "")[:600] for k in ("name", "agency", "endpoint", "events", "agencies")}
    try:
        subscriber, secret = services.subscriber_create(
            actor=actor,
            name=form["name"],
            agency=form["agency"],
            endpoint=form["endpoint"],
            events=_split(form["events"]),
            agencies=_split(form["agencies"]),
        )
    except ApplicationError as exc:
        try:
            rows, dead = selectors.subscriber_rows(actor=actor), list(selectors.dead_letters(actor=actor))
        except PermissionDenied as refused:
            return render(request, "exchange/overview.html", {"refused": refused.message}, status=403)
        context = {"rows": rows, "dead": dead, "form": form, "error": exc.message}
        return render(request, "exchange/overview.html", context, status=exc.status_code)
    context = {"subscriber": subscriber, "secret": secret}
    return render(request, "exchange/secret.html", context)  # the secret, this once


@login_required
@require_POST
def subscriber_toggle(request: HttpRequest, subscriber_id: int) -> HttpResponse:
    actor = request_actor(request)
    from fazhi.exchange.models import Subscriber  # noqa: PLC0415 - the view reads one row by id

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not getattr(actor, "is_system_admin", False):
        raise Http404("订阅系统不存在或您无权访问。")
    try:
        services.subscriber_update(actor=actor, subscriber=subscriber, active=not subscriber.active)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"订阅系统「{subscriber.name}」已{'停用' if subscriber.active else '启用'}。")
    return redirect("exchange:overview")


@login_required
@require_POST
def replay(request: HttpRequest, message_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        message = services.access_message(actor=actor, message_id=message_id)
        services.dead_letter_replay(actor=actor, message=message)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"死信 {message.idempotency_key} 已重新排队，下一次投递时发送。")
    return redirect("exchange:overview")
