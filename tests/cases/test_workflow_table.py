"""The workflow table is the one place a case's state is declared: services, views and templates read it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

from fazhi.cases import workflow
from fazhi.cases.models import CaseState
from fazhi.core.errors import RuleViolation

FAZHI = Path(workflow.__file__).resolve().parents[1]

#: The codes of /work/briefs/codes.md, fixed for both the page, the API and the table.
CODES = [
    "open",
    "register",
    "decline",
    "simple",
    "file",
    "flags",
    "add_handler",
    "recusal",
    "recusal_decide",
    "extend",
    "suspend",
    "resume",
    "preserve",
    "preserve_decide",
    "seize",
    "seize_extend",
    "seize_release",
    "conclude",
    "case_review",
    "legal_review",
    "discuss",
    "notify",
    "representation",
    "waive",
    "waive_hearing",
    "host_recusal",
    "request_hearing",
    "schedule_hearing",
    "record_hearing",
    "decide",
    "service_consent",
    "service_consent_withdraw",
    "serve",
    "pay",
    "arrangement",
    "remind",
    "apply_court",
    "court_update",
    "close",
    "archive",
    "transfer",
    "transfer_approve",
    "transfer_complete",
    "transfer_refuse",
    "transfer_police_answer",
    "transfer_review_request",
    "transfer_review_answer",
    "transfer_return",
]
#: Transitions that are no page action, named from their service (a 复议 or 诉讼 outcome ends or reopens a case).
SERVICE_CODES = {"remedy_close"}

#: Files outside the cases app that still compare states; their owners move them onto the table.


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (p, ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(FAZHI.rglob("*.py"))
        if "migrations" not in p.parts
    ]


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]


def _state_values(node: ast.expr) -> set[str]:
    """The CaseState values an expression can take (both branches of a conditional)."""
    if isinstance(node, ast.IfExp):
        return _state_values(node.body) | _state_values(node.orelse)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "CaseState":
        return {CaseState[node.attr].value}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    raise AssertionError(f"the target of a transition must be a CaseState, not {ast.unparse(node)}")


def _writes_a_case(call: ast.Call, name: str) -> bool:
    """``Case(state=…)``, ``Case.objects.create(state=…)`` and the like, or any queryset's ``update(state=…)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id == "Case"
    if name == "update":
        return True
    node = call.func
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id == "Case" and name in {"create", "get_or_create", "update_or_create"}


def test_every_function_that_changes_a_case_state_is_the_service_of_its_code_in_the_table() -> None:
    advanced: dict[str, set[str]] = {}
    for path, tree in _modules():
        for fn in _functions(tree):
            for node in ast.walk(fn):
                where = f"{path.relative_to(FAZHI)}:{getattr(node, 'lineno', '?')} {fn.name}"
                if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Attribute) and t.attr == "state":
                            assert path.name == "workflow.py" and fn.name == "advance", f"{where} assigns .state"
                elif isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    states = [k for k in node.keywords if k.arg == "state"]
                    if states and _writes_a_case(node, name):
                        assert fn.name == "case_open", f"{where} creates or updates a case with a state"
                        assert _state_values(states[0].value) == {CaseState.LEAD}
                    if name != "advance" or (path.name == "workflow.py" and fn.name == "advance"):
                        continue
                    assert len(node.args) >= 2 and isinstance(node.args[1], ast.Constant), f"{where}: literal code"
                    code = node.args[1].value
                    assert code in workflow.TABLE, f"{where}: {code} is not in the table"
                    row = workflow.TABLE[code]
                    assert fn.name == row.service, f"{where}: advance({code!r}) outside its service {row.service}"
                    target = node.args[2] if len(node.args) > 2 else None
                    for k in node.keywords:
                        if k.arg == "target":
                            target = k.value
                    declared = set(row.targets)
                    assert (_state_values(target) if target else declared) <= declared, f"{where}: undeclared target"
                    if target is None:
                        assert len(row.targets) == 1, f"{where}: {code} has several targets, name one"
                    advanced.setdefault(code, set()).update(_state_values(target) if target else declared)
    changing = {a.code for a in workflow.ACTIONS if a.targets and a.code != "open"}
    assert set(advanced) == changing
    assert all(advanced[c] == set(workflow.TABLE[c].targets) for c in changing)


def _service_functions() -> dict[str, object]:
    import fazhi.cases.services as package

    found: dict[str, object] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.update(
            {k: v for k, v in vars(module).items() if callable(v) and getattr(v, "__module__", "") == module.__name__}
        )
    return found


def test_every_code_of_the_table_maps_to_an_existing_service_and_is_a_fixed_code() -> None:
    services = _service_functions()
    for row in workflow.ACTIONS:
        assert row.service in services, f"{row.code}: no service {row.service}"
    table = [a.code for a in workflow.ACTIONS]
    assert len(table) == len(set(table))
    assert set(table) == set(CODES) | SERVICE_CODES


def test_the_listed_actions_are_those_the_page_api_and_todo_offered() -> None:
    listed = [a.code for a in workflow.ACTIONS if a.listed]
    assert listed == [
        "conclude", "case_review", "legal_review", "discuss", "notify", "request_hearing",
        "decide", "serve", "remind", "apply_court", "close", "archive",
    ]  # fmt: skip


_TEMPLATE_STATE = re.compile(r"{%[^%]*\bstate\s*(==|!=|\bin\b|\bnot in\b)[^%]*%}")


def test_no_template_compares_a_case_state() -> None:
    offending = [
        str(p.relative_to(FAZHI))
        for p in FAZHI.rglob("*.html")
        if _TEMPLATE_STATE.search(p.read_text(encoding="utf-8"))
    ]
    assert offending == []


def _compares_state(node: ast.Compare) -> bool:
    sides = [node.left, *node.comparators]
    return any(
        (isinstance(s, ast.Attribute) and s.attr == "state") or (isinstance(s, ast.Name) and s.id == "state")
        for s in sides
    )


def test_no_view_module_compares_a_case_state() -> None:
    offending = set()
    for path, tree in _modules():
        if path.name != "views.py" and "views" not in path.parts:
            continue
        if any(isinstance(n, ast.Compare) and _compares_state(n) for n in ast.walk(tree)):
            offending.add(str(path.relative_to(FAZHI)))
    assert offending == set()


def test_the_case_page_offers_the_forms_of_the_codes_open_in_its_state() -> None:
    assert {"register", "decline", "flags"} <= workflow.codes_open_in(CaseState.LEAD)
    assert "pay" in workflow.codes_open_in(CaseState.EXECUTING)
    assert "pay" not in workflow.codes_open_in(CaseState.DECIDED)
    assert "register" not in workflow.codes_open_in(CaseState.INVESTIGATING)


@pytest.mark.django_db
@pytest.mark.parametrize("code", [a.code for a in workflow.ACTIONS if a.sources and set(a.sources) != set(CaseState)])
def test_the_guard_refuses_an_action_outside_its_source_states_with_the_tables_reason(code, open_case, head) -> None:  # type: ignore[no-untyped-def]
    row = workflow.TABLE[code]
    case = open_case()
    allowed = "、".join(CaseState(s).label for s in row.sources)
    for state in set(CaseState) - set(row.sources):
        case.state = state  # in memory: the guard reads the state and never writes
        expected = (row.refusal or "案件当前为「{state}」，须在「{allowed}」时办理").format(
            state=CaseState(state).label, allowed=allowed
        )
        with pytest.raises(RuleViolation) as refused:
            workflow.guard(code, case, head, date(2026, 3, 10))
        assert str(refused.value).startswith(expected), (code, state, str(refused.value))


@pytest.mark.django_db
def test_advance_refuses_a_target_the_table_does_not_declare(open_case) -> None:  # type: ignore[no-untyped-def]
    case = open_case()
    with pytest.raises(ValueError, match="not a target"):
        workflow.advance(case, "decide", CaseState.ARCHIVED)
    with pytest.raises(ValueError, match="name the target"):
        workflow.advance(case, "decide")
    case.refresh_from_db()
    assert case.state == CaseState.LEAD
