from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from fazhi.accounts import services
from fazhi.accounts.models import User
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
