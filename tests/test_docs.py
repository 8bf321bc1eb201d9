"""Tests that keep the docs honest: every command the README shows exists and parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from relocdesk.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _commands(prefix: str) -> list[list[str]]:
    found = []
    for line in README.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith(prefix):
            found.append(shlex.split(line)[1:])
    return found


def test_the_two_setup_commands_are_what_ci_runs() -> None:
    setup = _commands("bash installer/bootstrap.sh")
    assert [c[1] for c in setup] == ["app", "test"]
    script = (ROOT / "installer" / "bootstrap.sh").read_text("utf-8")
    assert re.search(r"^\s*app\)", script, re.M) and re.search(r"^\s*test\)", script, re.M)
    assert "installer/bootstrap.sh test" in (ROOT / ".ci" / "run").read_text("utf-8")


@pytest.mark.parametrize("argv", _commands(".venv/bin/relocdesk "), ids=" ".join)
def test_every_readme_command_parses(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert callable(args.func)


@pytest.mark.parametrize("argv", _commands(".venv/bin/relocdesk-server "), ids=" ".join)
def test_every_readme_server_command_parses(argv: list[str]) -> None:
    from relocdesk.server.cli import build_parser as server_parser

    args = server_parser().parse_args(argv)
    assert args.db


def test_design_commands_exist() -> None:
    """The stable command line of DESIGN §5: each command is registered."""
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    names = set(sub.choices)  # type: ignore[arg-type]
    expected = {"demo", "search", "show", "import", "export", "warnings", "print", "report"}
    expected |= {"enroll", "sync"}
    assert expected <= names, expected - names
