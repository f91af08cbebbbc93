"""重办 of a complaint by a complainant who is not satisfied: the limit is a setting, tested at its boundary."""

from __future__ import annotations

from fazhi.rules import PUBLIC_REOPEN_LIMIT, public_reopen_refusal


def test_the_limit_is_one_reopen() -> None:
    assert PUBLIC_REOPEN_LIMIT == 1


def test_a_complaint_never_reopened_may_be_reopened() -> None:
    assert public_reopen_refusal(0) == ""


def test_a_complaint_reopened_once_is_refused_with_the_reason() -> None:
    reason = public_reopen_refusal(1)
    assert "只能申请重办1次" in reason
    assert "已重办1次" in reason


def test_the_boundary_follows_the_limit_given() -> None:
    assert public_reopen_refusal(1, limit=2) == ""
    assert public_reopen_refusal(2, limit=2) != ""
