"""The OpenAPI document tells the truth: each operation is documented with its own classes' fields (no two classes
share a component), every refusal is documented with the body fazhi writes, and the codes have their enums."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI, Router, Schema
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import create_model

from fazhi.accounts.models import Role
from fazhi.site.api import api
from fazhi.site.openapi import FazhiNinjaAPI

BODY_SOURCES = ("body", "form", "file")


def _resolve(schema: Any, components: dict[str, Any], depth: int = 0) -> Any:
    """Every ``$ref`` replaced by what it names, so that two documents compare by content, not by name."""
    assert depth < 40, "a schema nested too deep (a cycle?)"
    if isinstance(schema, list):
        return [_resolve(item, components, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = copy.deepcopy(components[schema["$ref"].rsplit("/", 1)[-1]])
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        return _resolve({**target, **siblings}, components, depth + 1)
    return {k: _resolve(v, components, depth + 1) for k, v in schema.items()}


def _standalone(model: Any, mode: str, by_alias: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model's schema as pydantic gives it in one call, where its own names cannot collide."""
    schema = model.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode, by_alias=by_alias
    )
    return schema, schema.pop("$defs", {})


def _operations(ninja_api: NinjaAPI) -> list[Any]:
    return [
        op
        for router in ninja_api._get_bound_routers()
        for path_view in router.path_operations.values()
        for op in path_view.operations
        if op.include_in_schema
    ]


def mismatches(ninja_api: NinjaAPI) -> list[str]:
    """Each operation's documented request body and responses compared with its own pydantic models."""
    document = ninja_api.get_openapi_schema(path_prefix="")
    components = document["components"]["schemas"]
    documented = {op["operationId"]: op for methods in document["paths"].values() for op in methods.values()}
    problems = []
    for operation in _operations(ninja_api):
        op_id = ninja_api.get_openapi_operation_id(operation)
        doc = documented[op_id]
        bodies = [m for m in operation.models if m.__ninja_param_source__ in BODY_SOURCES]
        if len(bodies) == 1 and bodies[0].__ninja_param_source__ == "body":
            schema, defs = _standalone(bodies[0], "validation")
            ((_, expected),) = schema["properties"].items()
            got = next(iter(doc["requestBody"]["content"].values()))["schema"]
            if _resolve(got, components) != _resolve(expected, defs):
                problems.append(f"{op_id}: request body")
        elif bodies:
            expected_fields = set()
            for model in bodies:  # a form's schema is flattened: its fields are the form's fields
                schema, defs = _standalone(model, "validation")
                for name, field in _resolve(schema, defs)["properties"].items():
                    expected_fields |= set(field["properties"]) if "properties" in field else {name}
            got = next(iter(doc["requestBody"]["content"].values()))["schema"]
            if set(_resolve(got, components)["properties"]) != expected_fields:
                problems.append(f"{op_id}: form fields")
        for status, model in operation.response_models.items():
            if model is None or status is Ellipsis or not hasattr(model, "model_json_schema"):
                continue
            schema, defs = _standalone(model, "serialization", by_alias=bool(operation.by_alias))
            expected = next(iter(schema["properties"].values()))
            got = doc["responses"][status]["content"]["application/json"]["schema"]
            if _resolve(got, components) != _resolve(expected, defs):
                problems.append(f"{op_id}: response {status}")
    return problems


# Two classes of one name in two apps, as cases' and legal affairs' ``DecideIn`` were.
FIRST_IN = create_model("DecideIn", __base__=Schema, __module__="fazhi.cases.api", outcome=(str, ...), fine=(int, 0))
SECOND_IN = create_model("DecideIn", __base__=Schema, __module__="fazhi.legal_affairs.api", decision=(str, ...))


def _two_apps_with_one_class_name(api_class: type[NinjaAPI]) -> NinjaAPI:
    one_api = api_class(urls_namespace=f"collide-{api_class.__name__}")
    first, second = Router(), Router()

    @first.post("/decide", response={200: FIRST_IN})
    def first_decide(request: Any, payload: FIRST_IN) -> Any:  # type: ignore[valid-type]
        return payload

    @second.post("/decide", response={200: SECOND_IN})
    def second_decide(request: Any, payload: SECOND_IN) -> Any:  # type: ignore[valid-type]
        return payload

    one_api.add_router("/cases", first)
    one_api.add_router("/legal", second)
    return one_api


def test_the_check_finds_a_collision_in_a_plain_ninja_document() -> None:
    problems = mismatches(_two_apps_with_one_class_name(NinjaAPI))
    assert any("first_decide" in p for p in problems) or any("second_decide" in p for p in problems), problems


def test_two_classes_of_one_name_get_two_components_named_by_their_apps() -> None:
    one_api = _two_apps_with_one_class_name(FazhiNinjaAPI)
    assert mismatches(one_api) == []
    components = one_api.get_openapi_schema(path_prefix="")["components"]["schemas"]
    assert {"CasesDecideIn", "LegalAffairsDecideIn"} <= set(components)
    assert "DecideIn" not in components
    assert set(components["CasesDecideIn"]["properties"]) == {"outcome", "fine"}


def test_every_operation_is_documented_with_its_own_models() -> None:
    assert len(_operations(api)) > 150
    assert mismatches(api) == []


def test_operation_ids_are_unique() -> None:
    ids = [api.get_openapi_operation_id(op) for op in _operations(api)]
    assert len(ids) == len(set(ids))


def test_the_case_decision_is_documented_with_the_case_decision_fields() -> None:
    document = api.get_openapi_schema()
    body = document["paths"]["/api/cases/{case_id}/decide"]["post"]["requestBody"]["content"]["application/json"]
    fields = set(_resolve(body["schema"], document["components"]["schemas"])["properties"])
    assert {"outcome", "penalty_kinds", "fine"} <= fields


def test_every_operation_documents_the_refusals_with_the_error_body() -> None:
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    assert set(components["Error"]["required"]) == {"code", "message"}
    assert "errors" in components["Invalid"]["required"]
    documented = {op["operationId"]: op for methods in document["paths"].values() for op in methods.values()}
    for operation in _operations(api):
        op_id = api.get_openapi_operation_id(operation)
        responses = documented[op_id]["responses"]
        for status, kind in (
            (400, "Error"),
            (401, "Error"),
            (403, "Error"),
            (404, "Error"),
            (409, "Error"),
            (422, "Invalid"),
        ):
            if status in operation.response_models:
                continue  # the operation documents its own answer (the field sync's 422 lists each item)
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": f"#/components/schemas/{kind}"}, (op_id, status)


@pytest.mark.django_db
def test_a_request_without_credentials_is_refused_in_the_documented_form() -> None:
    response = Client().get("/api/accounts/me")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized"
    assert "登录" in body["message"]


@pytest.mark.django_db
def test_a_422_names_the_field_in_chinese_as_documented(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_user(bureau.squad, Role.OFFICER))
    response = client.get("/api/inspections/tasks", {"offset": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [{"field": "offset", "reason": "须为整数"}]
    assert "「offset」须为整数" in body["message"]
    assert json.dumps(body, ensure_ascii=False).isascii() is False
