"""Code fields of the API: a ``TextChoices`` value, documented as an enum with its Chinese labels.

``state: Annotated[str, CodeOf(CaseState)]`` stays a plain ``str`` for the code that reads it; in the OpenAPI
document it is ``{"type": "string", "enum": [...], "x-enum-descriptions": [labels], "description": "…"}``.

In a request a value outside the choices is refused (422: 「state」应为 lead、… 之一). In a response (ninja
validates it with ``response_status`` in the context) the value is documented, not re-checked: a stored value
never turns an answer into a 500, and schemathesis's response check is what finds a value the enum does not
list. ``blank=True`` adds the empty string, for a field whose model allows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Choices
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema


class CodeOf:
    def __init__(
        self, choices: type[Choices] | Iterable[tuple[str, str]], *, blank: bool = False, check: bool = True
    ) -> None:
        """``choices``: a ``TextChoices`` class, or (value, label) pairs (the power list's ``choices(Domain)``)."""
        pairs = choices.choices if isinstance(choices, type) and issubclass(choices, Choices) else list(choices)
        self.values: list[str] = [str(v) for v, _ in pairs]
        self.labels: list[str] = [str(label) for _, label in pairs]
        if blank and "" not in self.values:
            self.values.insert(0, "")
            self.labels.insert(0, "（未填）")
        self.check = check

    def _validate(self, value: str, info: core_schema.ValidationInfo) -> str:
        answering = isinstance(info.context, dict) and "response_status" in info.context  # ninja's response check
        if value not in self.values and not answering:
            expected = "、".join(v or "（空）" for v in self.values)
            raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        if not self.check:
            return schema
        return core_schema.with_info_after_validator_function(self._validate, schema)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = list(self.values)
        json_schema["x-enum-descriptions"] = list(self.labels)
        json_schema["description"] = "；".join(
            f"{v or '空'}：{label}" for v, label in zip(self.values, self.labels, strict=True)
        )
        return json_schema

    def __hash__(self) -> int:
        return hash((tuple(self.values), self.check))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeOf) and (self.values, self.check) == (other.values, other.check)
