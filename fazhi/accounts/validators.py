from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """A password must mix letters and digits (the bureau's 等保 policy asks for at least two classes)."""

    def validate(self, password: str, user: Any = None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_digit = any(c.isdigit() for c in password)
        if not (has_letter and has_digit):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_character_classes")

    def get_help_text(self) -> str:
        return "密码必须同时包含字母和数字。"


class MinimumLengthValidator:
    """At least ``min_length`` characters (Django's own message is not translated in 5.2)."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要{self.min_length}个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"


class UsernameDerivedValidator:
    """Refuse a password built from the username: the username itself, repeated, reversed, or either with digits
    or punctuation around it (``duiyuan2duiyuan2``, ``2nauyiud``, ``duiyuan2123``, ``Duiyuan2!``) — the first guesses
    of anyone who knows the username. Case is ignored; digits and symbols are stripped before comparing, so
    ``duiyuan2`` is checked both as written and as ``duiyuan``. Usernames under 3 letters are not checked (every
    password would contain them)."""

    @staticmethod
    def _letters(text: str) -> str:
        return "".join(c for c in text if c.isalpha())

    @classmethod
    def _built_from(cls, password: str, stem: str) -> bool:
        if len(stem) < 3:
            return False
        rest = password
        for part in (stem, stem[::-1]):
            rest = rest.replace(part, "")
        return rest == "" or not any(c.isalpha() for c in rest)

    def validate(self, password: str, user: Any = None) -> None:
        username = str(getattr(user, "username", "") or "").lower()
        if not username:
            return
        lowered = password.lower()
        stems = {username, self._letters(username)}
        if any(self._built_from(lowered, stem) for stem in stems) or (
            len(self._letters(username)) >= 3 and self._built_from(self._letters(lowered), self._letters(username))
        ):
            raise ValidationError("密码不能由用户名（重复、倒序或加数字、符号）构成。", code="password_from_username")

    def get_help_text(self) -> str:
        return "密码不能由用户名（重复、倒序或加数字、符号）构成。"
