"""Code fields are documented as enums with their Chinese labels, refused outside their choices in a request, and
never re-checked in a response."""

from __future__ import annotations

from typing import Annotated

import pydantic
import pytest
from ninja import Schema

from fazhi.cases.models import CaseState
from fazhi.core.codes import CodeOf
from fazhi.site.api import api

# (component, field, one value, its label): a sample from every app whose API has code fields.
DOCUMENTED = (
    ("CaseOut", "state", "investigating", "调查取证"),
    ("CaseOut", "procedure", "general", None),
    ("CasesDecideIn", "outcome", "penalty", "给予行政处罚"),
    ("LegalAffairsDecideIn", "outcome", "pending", None),
    ("ComplaintOut", "status", "received", None),
    ("TaskOut", "result", "pending", "待检查"),
    ("PublicationOut", "status", "pending", None),
    ("AgencyOut", "kind", "bureau", None),
    ("CertificateOut", "status", "valid", None),
    ("DeliveryOut", "status", "pending", None),
    ("AlertOut", "severity", None, None),
    ("EvidenceOut", "gps_source", "", None),
    ("DocumentOut", "kind", None, None),
    ("ItemOut", "domain", "city_appearance", None),
    ("LitigationOut", "stage", "first_instance", None),
)


def _property(component: str, field: str) -> dict[str, object]:
    components = api.get_openapi_schema(path_prefix="")["components"]["schemas"]
    schema = components[component]["properties"][field]
    return schema if "enum" in schema else next(s for s in schema.get("anyOf", []) if "enum" in s)


@pytest.mark.parametrize(("component", "field", "value", "label"), DOCUMENTED)
def test_a_code_field_is_an_enum_with_its_chinese_labels(
    component: str, field: str, value: str | None, label: str | None
) -> None:
    schema = _property(component, field)
    values, labels = schema["enum"], schema["x-enum-descriptions"]
    assert isinstance(values, list) and isinstance(labels, list) and len(values) == len(labels) > 0
    if value is not None:
        assert value in values
    if label is not None:
        assert labels[values.index(value)] == label
        assert f"{value}：{label}" in str(schema["description"])


class _StateIn(Schema):
    state: Annotated[str, CodeOf(CaseState)]


def test_a_request_value_outside_the_choices_is_refused_naming_the_choices() -> None:
    assert _StateIn.model_validate({"state": "closed"}).state == "closed"
    with pytest.raises(pydantic.ValidationError) as refused:
        _StateIn.model_validate({"state": "open"})
    error = refused.value.errors()[0]
    assert error["type"] == "enum" and "、closed、" in error["ctx"]["expected"]


def test_a_stored_value_outside_the_choices_is_answered_not_refused() -> None:
    """ninja validates a response with ``response_status`` in the context: no 500 for an old stored code."""
    answered = _StateIn.model_validate({"state": "legacy"}, context={"response_status": 200})
    assert answered.state == "legacy"


def test_blank_adds_the_empty_string() -> None:
    code = CodeOf(CaseState, blank=True)
    assert code.values[0] == "" and len(code.values) == len(CaseState.values) + 1
