"""The one family of refusals.

A service that refuses raises an ``ApplicationError`` subclass whose message, in Chinese, says what is wrong and
what to do. The API answers it as JSON (status from the class), the UI shows it as a message; both say the same.
Raising inside ``transaction.atomic`` rolls everything back, so nothing is half-saved.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


class ValidationError(ApplicationError):
    code = "invalid"


class RuleViolation(ApplicationError):
    """A legal rule forbids the action; the message names the rule and its article."""

    status_code = 409
    code = "rule_violation"


class NotFoundOrForbidden(ApplicationError):
    """The object does not exist *or* the actor may not see it: the two answer the same (Zulip's access_*)."""

    status_code = 404
    code = "not_found"

    def __init__(self, what: str = "记录") -> None:
        super().__init__(f"{what}不存在或您无权访问。")


class PermissionDenied(ApplicationError):
    """The actor can see the object but may not do this with it (e.g. a read-only supervisor)."""

    status_code = 403
    code = "forbidden"
