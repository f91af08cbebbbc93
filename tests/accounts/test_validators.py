"""Passwords built from the username are refused (fazhi.accounts.validators.UsernameDerivedValidator)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from fazhi.accounts.services import user_create
from fazhi.accounts.validators import UsernameDerivedValidator
from fazhi.core.errors import ValidationError as ServiceError

validator = UsernameDerivedValidator()


@pytest.mark.parametrize(
    "password",
    [
        "duiyuan2duiyuan2",
        "duiyuan2",
        "DUIYUAN2duiyuan2",
        "2nauyiud",  # reversed
        "duiyuan2nauyiud",  # with its mirror
        "duiyuan2123456",  # with digits
        "123duiyuan",  # the letters of the username with digits
        "duiyuan2!@#",  # with symbols
        "d1u2i3y4u5a6n7",  # digits threaded through
        "nauyiud2024",
    ],
)
def test_a_password_built_from_the_username_is_refused(password) -> None:
    with pytest.raises(ValidationError, match="不能由用户名"):
        validator.validate(password, SimpleNamespace(username="duiyuan2"))


@pytest.mark.parametrize(
    "password",
    [
        "duiyuan2x",  # one other letter: not built from the username alone (the similarity check still applies)
        "Qingshui-2024",
        "hefa7zhifa9",
    ],
)
def test_a_password_with_other_letters_passes(password) -> None:
    validator.validate(password, SimpleNamespace(username="duiyuan2"))


def test_short_usernames_and_no_user_are_not_checked() -> None:
    validator.validate("ab12ab12ab12", SimpleNamespace(username="ab"))
    validator.validate("duiyuan2duiyuan2", None)


def test_the_policy_refuses_it_when_a_user_is_created(bureau) -> None:
    with pytest.raises(ServiceError, match="不能由用户名"):
        user_create(
            actor=bureau.admin,
            username="duiyuan2",
            password="duiyuan2duiyuan2",
            display_name="队员",
            agency=bureau.squad,
        )
