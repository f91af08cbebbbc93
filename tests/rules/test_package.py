"""Tests of the package itself: purity, exports, and that every legal number is cited and documented."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import fazhi.rules

RULES_DIR = Path(fazhi.rules.__file__).parent
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
MODULES = sorted(p for p in RULES_DIR.glob("*.py") if p.name != "__init__.py")
ALLOWED_IMPORTS = {
    "__future__",
    "bisect",
    "hashlib",
    "hmac",
    "itertools",
    "json",
    "calendar",
    "chinese_calendar",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "contextlib",
    "contextvars",
    "enum",
    "functools",
    "lunar_python",
    "re",
    "string",
    "typing",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_rules_core_imports_only_the_stdlib_and_chinese_calendar() -> None:
    for path in [*MODULES, RULES_DIR / "__init__.py"]:
        assert _imports(path) <= ALLOWED_IMPORTS, path.name


def test_every_public_name_of_every_module_is_re_exported() -> None:
    exported = set(fazhi.rules.__all__)
    for path in MODULES:
        module = importlib.import_module(f"fazhi.rules.{path.stem}")
        assert set(module.__all__) <= exported, path.name
        for name in module.__all__:
            assert getattr(fazhi.rules, name) is getattr(module, name)


def _constants(path: Path) -> list[tuple[str, int, str]]:
    """Module-level UPPER_CASE assignments with the source around them."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.parse(source).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id.isupper() and not target.id.startswith("_"):
            context = "\n".join(lines[max(0, node.lineno - 3) : node.end_lineno])
            found.append((target.id, node.lineno, context))
    return found


#: Public constants that are presentation choices, not legal numbers.
NOT_LEGAL_NUMBERS = {
    "MASK_CHAR",
    "ALGORITHM_VERSION",
    "COMPOUND_SURNAMES",
    "CASE_NUMBER_PLACEHOLDERS",
    "PACKAGE_FIRST_YEAR",
    "PACKAGE_LAST_YEAR",
    "AMOUNT_IN_WORDS_MAX",
}


def test_every_legal_constant_cites_its_source() -> None:
    markers = ("第", "GB", "RULES.md")
    uncited = [
        f"{path.name}:{lineno} {name}"
        for path in MODULES
        for name, lineno, context in _constants(path)
        if name not in NOT_LEGAL_NUMBERS and not any(m in context for m in markers)
    ]
    assert not uncited, f"constants without a cited source: {uncited}"


def test_every_public_constant_and_function_is_in_the_docs() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    missing = [name for name in fazhi.rules.__all__ if f"`{name}" not in docs]
    assert not missing, f"not documented in docs/rules.md: {missing}"
