"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.accounts.models import ApiToken, User
from fazhi.core.errors import NotFoundOrForbidden


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    """A user's own tokens; an administrator sees everyone's."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return tokens if actor.is_system_admin else tokens.filter(user=actor)


def access_api_token(*, actor: User, token_id: int) -> ApiToken:
    """A token its owner or an administrator may manage; others get the same answer as for a missing one."""
    token = api_token_list(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise NotFoundOrForbidden("接口令牌")
    return token
