"""The house's rules, checked: screens never read the database, units stay small, the contracts
in pyproject.toml cover the whole core and are the ones docs/layers.md describes."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
CONTRACTS = PYPROJECT["tool"]["importlinter"]["contracts"]

# What a screen may not do: hold a connection, run a statement, or carry SQL text.
DATABASE_TOUCH = re.compile(r"\.conn\b|\.execute\(|\bSELECT\b")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _sources(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


def test_no_screen_touches_the_database() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _sources("ui")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if DATABASE_TOUCH.search(line)
    ]
    assert found == [], "screens ask the façade, never the database:\n" + "\n".join(found)


def test_the_check_would_see_a_screen_reading_the_database() -> None:
    for line in ('rows = desk.conn.execute("SELECT id FROM person")', "c.execute(sql)"):
        assert DATABASE_TOUCH.search(line)
    assert not DATABASE_TOUCH.search("self.connect(button.clicked, self.select_all)")


def test_no_screen_takes_an_untyped_desk() -> None:
    untyped = [
        str(p.relative_to(ROOT))
        for p in _sources("ui")
        if re.search(r"\bdesk: Any\b", p.read_text("utf-8"))
    ]
    assert untyped == []


@pytest.mark.parametrize("folder", ["relocdesk", "ui"])
def test_modules_stay_small(folder: str) -> None:
    big = {
        str(p.relative_to(ROOT)): n
        for p in _sources(folder)
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert big == {}, f"split these by job (over {MAX_MODULE_LINES} lines): {big}"


@pytest.mark.parametrize("folder", ["relocdesk", "ui"])
def test_functions_stay_short(folder: str) -> None:
    long = []
    for path in _sources(folder):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == [], "split these into named steps:\n" + "\n".join(long)


def _contract(name_part: str) -> dict[str, object]:
    found = [c for c in CONTRACTS if name_part in c["name"]]
    assert len(found) == 1, f"one contract named like {name_part!r}"
    return found[0]


def test_the_screens_contract_names_every_part_of_the_core() -> None:
    """A new core module is either open to the screens or forbidden to them: never forgotten."""
    contract = _contract("only the façade")
    forbidden = {str(m) for m in contract["forbidden_modules"]}  # type: ignore[attr-defined]
    allowed = {"relocdesk.desk", "relocdesk.enums", "relocdesk.fields", "relocdesk.validation"}
    allowed |= {"relocdesk.queries"}
    core = {
        f"relocdesk.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "relocdesk").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    assert core - allowed == forbidden
    assert allowed <= core


def test_at_least_five_contracts_and_each_is_documented() -> None:
    doc = (ROOT / "docs" / "layers.md").read_text("utf-8")
    names = [str(c["name"]) for c in CONTRACTS]
    assert len(names) >= 5
    assert [n for n in names if n not in doc] == []


def test_mypy_covers_the_screens() -> None:
    files = PYPROJECT["tool"]["mypy"]["files"]
    assert "ui" in files and "relocdesk" in files
