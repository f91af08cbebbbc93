"""The OpenAPI document, made correct: one component per schema class, and every refusal documented.

django-ninja names a component after its class's ``__name__`` and asks pydantic for one model at a time, so two
classes of the same name in two apps (``DecideIn`` of cases and of legal affairs) silently became one component:
``POST /api/cases/{id}/decide`` was documented with the other class's two fields. A model used both in a request and
in a response had the same trouble when its two forms differ (a ``Decimal`` is ``number | string`` on the way in
and a ``string`` on the way out).

:class:`FazhiNinjaAPI` builds the document in two passes. The first gives every class (and every mode, request or
response) a provisional name of its own and records what each became; the second names each component:

- the class's ``__qualname__`` (``DecideIn``, ``CaseState``) when no other class of the document has it;
- else prefixed by its app (``CasesDecideIn``, ``LegalAffairsDecideIn``);
- else by its whole module path; two classes of one module and name (made by a factory) are numbered;
- with ``-Input``/``-Output`` when the class's request form and response form differ.

So a new app's ``DecideIn`` cannot take another's place, whoever merges it. Every operation also documents the
refusals fazhi answers (400, 401, 403, 404, 409, 422) with the body the exception handlers of ``fazhi.site.api``
write: ``{"code", "message"}`` in Chinese, and for 422 the fields named in ``errors``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from typing import Any, ClassVar

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import CoreModeRef, DefsRef, JsonSchemaMode

COMPONENTS = "#/components/schemas/"


class Error(BaseModel):
    """A refusal: the same Chinese message the page shows."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="拒绝的类别：invalid、rule_violation、forbidden、not_found、unauthorized 等")
    message: str = Field(description="中文说明：哪里不对、该怎么办")


class FieldError(BaseModel):
    field: str = Field(description="出错的字段（嵌套字段以 . 连接）")
    reason: str = Field(description="中文原因，如「须为整数」")


class Invalid(BaseModel):
    """A request whose parameters or body do not fit the schema (422): each field named."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="invalid")
    message: str = Field(description="中文说明，逐一点名字段：「year」须为整数。")
    errors: list[FieldError] = Field(description="每个出错的字段及原因")


class _ErrorModels(BaseModel):
    """Carries the error schemas through the same naming as every other model of the document."""

    error: Error
    invalid: Invalid


REFUSALS: dict[int, tuple[str, str]] = {
    400: ("error", "请求无效（中文说明在 message）"),
    401: ("error", "未登录或 API 令牌无效、已撤销、已过期，或账户已停用、锁定"),
    403: ("error", "无权执行此操作"),
    404: ("error", "记录不存在或您无权访问"),
    409: ("error", "法律规则或当前状态不允许此操作（message 说明依据）"),
    413: ("error", "上传的文件过大或过多（message 说明限度）"),
    422: ("invalid", "参数或请求体不符合接口定义（errors 逐一点名字段）"),
}


def _split_ref(ref: str) -> tuple[str, str, str]:
    """``fazhi.cases.models.case.CaseState:1234`` → (module, qualname, id), the module being the longest prefix
    that is an imported module (a class's module is always imported)."""
    path, _, ident = ref.rpartition(":")
    if not path:
        path, ident = ref, ""
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:i])
        if module in sys.modules:
            return module, ".".join(parts[i:]), ident
    return "", path, ident


def _app_prefix(module: str) -> str:
    parts = module.split(".")
    app = parts[1] if parts[0] == "fazhi" and len(parts) > 1 else parts[0]
    return "".join(word.capitalize() for word in app.split("_"))


def _names(core_ref: str) -> tuple[str, str, str, str]:
    """The candidate names of a core ref, shortest first: qualname, app + qualname, module + qualname, with id.
    A generic (``Page[CaseOut]``) is named component by component."""
    short: list[str] = []
    app: list[str] = []
    full: list[str] = []
    exact: list[str] = []
    for piece in re.split(r"([\][,])", core_ref):
        if piece in ("[", "]", ",", ""):
            for out in (short, app, full, exact):
                out.append("_" if piece else "")
            continue
        module, qualname, ident = _split_ref(piece)
        flat = qualname.replace(".", "")
        short.append(flat)
        app.append(_app_prefix(module) + flat if module else flat)
        full.append((module.replace(".", "_") + "_" + flat) if module else flat)
        exact.append(f"{full[-1]}_{ident}" if ident else full[-1])
    return tuple(re.sub(r"[^a-zA-Z0-9_\-]", "_", "".join(x)).strip("_") for x in (short, app, full, exact))  # type: ignore[return-value]


class _Naming:
    """Pass one: a provisional name per (core ref, mode). Then :meth:`settle` gives the final names."""

    def __init__(self) -> None:
        self.refs: dict[str, int] = {}
        self.final: dict[CoreModeRef, str] = {}

    def provisional(self, core_ref: str, mode: JsonSchemaMode) -> str:
        index = self.refs.setdefault(core_ref, len(self.refs))
        return f"r{index}-{mode}"

    def settle(self, components: dict[str, Any]) -> None:
        by_ref = {index: ref for ref, index in self.refs.items()}
        modes: dict[str, dict[str, Any]] = defaultdict(dict)
        for key, schema in components.items():
            index, _, mode = key.partition("-")
            if index.startswith("r") and index[1:].isdigit() and mode:
                modes[by_ref[int(index[1:])]][mode] = schema

        def modeless(schema: Any) -> str:
            return re.sub(r'(#/components/schemas/r\d+)-\w+"', r'\1"', json.dumps(schema, sort_keys=True))

        def nested(schema: Any) -> set[str]:
            return {by_ref[int(i)] for i in re.findall(r"#/components/schemas/r(\d+)-", json.dumps(schema))}

        both = {ref for ref, forms in modes.items() if len(forms) == 2}
        differs = {ref for ref in both if modeless(modes[ref]["validation"]) != modeless(modes[ref]["serialization"])}
        changed = True
        while changed:  # a class whose nested class differs between the two forms differs too
            changed = False
            for ref in both - differs:
                if any(n in differs for form in modes[ref].values() for n in nested(form)):
                    differs.add(ref)
                    changed = True

        candidates = {ref: _names(ref) for ref in self.refs}
        groups: dict[str, list[str]] = defaultdict(list)
        for ref, names in candidates.items():
            groups[names[0]].append(ref)
        base: dict[str, str] = {}
        for refs in groups.values():
            for level in range(4):
                chosen = [candidates[r][level] for r in refs]
                if len(set(chosen)) == len(chosen):
                    base.update(zip(refs, chosen, strict=True))
                    break
            else:  # pragma: no cover - the id makes the last level unique
                base.update((r, f"{candidates[r][3]}_{i}") for i, r in enumerate(refs))
        for ref in self.refs:
            for mode, suffix in (("validation", "-Input"), ("serialization", "-Output")):
                self.final[(ref, mode)] = base[ref] + (suffix if ref in differs else "")  # type: ignore[index]


def _generator(naming: _Naming, settled: bool) -> type[NinjaGenerateJsonSchema]:
    class Generator(NinjaGenerateJsonSchema):
        names: ClassVar[_Naming] = naming

        def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
            core_ref, mode = core_mode_ref
            if settled and core_mode_ref in self.names.final:
                name = DefsRef(self.names.final[core_mode_ref])
            else:  # pass one, or a class met only now (it cannot be: both passes walk the same operations)
                name = DefsRef(self.names.provisional(core_ref, mode))
            self._prioritized_defsref_choices[name] = [name]
            return name

    return Generator


class _Model:
    """A model class that asks pydantic for its schema with the document's generator (ninja hard-codes its own)."""

    def __init__(self, model: Any, generator: type[NinjaGenerateJsonSchema]) -> None:
        self._model = model
        self._generator = generator

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def model_json_schema(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["schema_generator"] = self._generator
        schema: dict[str, Any] = self._model.model_json_schema(**kwargs)
        return schema


class FazhiOpenAPISchema(OpenAPISchema):
    generator: type[NinjaGenerateJsonSchema] = NinjaGenerateJsonSchema

    def __init__(self, api: NinjaAPI, path_prefix: str, generator: type[NinjaGenerateJsonSchema]) -> None:
        self.generator = generator
        super().__init__(api, path_prefix)

    def _wrap(self, model: Any) -> Any:
        return model if isinstance(model, _Model) else _Model(model, self.generator)

    def _extract_parameters(self, model: Any) -> list[dict[str, Any]]:
        return super()._extract_parameters(self._wrap(model))

    def _create_schema_from_model(self, model: Any, *args: Any, **kwargs: Any) -> tuple[dict[str, Any], bool]:
        return super()._create_schema_from_model(self._wrap(model), *args, **kwargs)

    def _error_refs(self) -> dict[str, dict[str, str]]:
        schema = _ErrorModels.model_json_schema(ref_template=COMPONENTS + "{model}", schema_generator=self.generator)
        self.add_schema_definitions(schema.get("$defs", {}))
        return {name: schema["properties"][name] for name in ("error", "invalid")}

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        refs = self._error_refs()
        for status, (kind, description) in REFUSALS.items():
            result.setdefault(
                status,
                {"description": description, "content": {self.api.renderer.media_type: {"schema": refs[kind]}}},
            )
        return dict(sorted(result.items()))


def _no_such_operation(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"code": "not_found", "message": "接口地址不存在，或其中的编号不是整数。"}, status=404)


class FazhiNinjaAPI(NinjaAPI):
    """A NinjaAPI whose document names every component uniquely and documents the refusals (module docstring).

    A path under ``/api/`` that matches no operation (``/api/cases/abc``: the id is not an integer) answers the
    documented JSON 404, not Django's HTML page."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        return [*super()._get_urls(), re_path(r"^(?P<rest>.*)$", csrf_exempt(_no_such_operation))]

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        """Built once per process and prefix: the document depends on the code only, and two passes over 180
        operations take seconds (a client that times out at 10 s, as schemathesis does, must not wait for it)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        documents: dict[str, OpenAPISchema] = self.__dict__.setdefault("_fazhi_documents", {})
        if path_prefix not in documents:
            naming = _Naming()
            first = FazhiOpenAPISchema(self, path_prefix, _generator(naming, settled=False))
            naming.settle(first["components"]["schemas"])
            documents[path_prefix] = FazhiOpenAPISchema(self, path_prefix, _generator(naming, settled=True))
        return documents[path_prefix]
