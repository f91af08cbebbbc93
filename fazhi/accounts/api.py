from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from fazhi.accounts import selectors, services
from fazhi.accounts.models import ApiToken, User
from fazhi.accounts.request import request_actor

router = Router(tags=["用户"])


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    agency_id: int | None
    roles: list[str]

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(obj.role_set)


class TokenIn(Schema):
    name: str
    expires_at: datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    key: str


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> User:
    return request_actor(request)


@router.post(
    "/tokens",
    response={201: TokenOut},
    auth=SessionAuth(),  # a token cannot mint tokens: a leaked one must die with its own revocation
    summary="为自己签发接口令牌（只显示一次；须登录网页后操作，最长365天）",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    user: User = request_actor(request)
    token, key = services.api_token_issue(actor=user, user=user, name=payload.name, expires_at=payload.expires_at)
    return Status(201, {"id": token.pk, "name": token.name, "key": key})


class TokenRowOut(Schema):
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_username(obj: ApiToken) -> str:
        return obj.user.username


@router.get("/tokens", response=list[TokenRowOut], summary="接口令牌列表（本人的；系统管理员可见全部）")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(selectors.api_token_list(actor=request_actor(request))[:500])


@router.post(
    "/tokens/{token_id}/revoke",
    response=TokenRowOut,
    summary="吊销接口令牌（本人或系统管理员；立即失效，记入审计）",
)
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    actor = request_actor(request)
    token = selectors.access_api_token(actor=actor, token_id=token_id)
    return services.api_token_revoke(actor=actor, token=token)
