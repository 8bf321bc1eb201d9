"""Ctrl+C during ``relocdesk import``. Before the import is saved it is rolled back and the
command says "cancelled"; once it is saved the command says so. Before, a Ctrl+C that came
in the instant after the save also said "cancelled" (about one time in five at that moment),
and the clerk imported again or went looking for rows that were there.

The interrupt is raised where Python would deliver a real one, between two lines of the
import (``sys.settrace``), so each moment is hit every run."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from relocdesk import cli
from relocdesk.desk import Desk
from relocdesk.roster import apply as apply_module
from tests.roster._roster import HEADERS, as_rows, person, write_csv

PEOPLE = [person(10, relation="户主", household=1), person(11, relation="配偶", household=1)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    made = cli.main(["--data-dir", str(data), "init", "--name", "锦绣社区", "--county", "惠水县"])
    assert made == 0
    return data


def _interrupt_at(line: str) -> Callable[[FrameType, str, Any], Any]:
    """A trace that raises KeyboardInterrupt at the first run of ``line`` in apply_import."""
    code = apply_module.apply_import.__wrapped__.__code__  # type: ignore[attr-defined]

    def local(frame: FrameType, event: str, _arg: Any) -> Any:
        if event == "line":
            import linecache

            text = linecache.getline(code.co_filename, frame.f_lineno).strip()
            if text == line:
                sys.settrace(None)
                raise KeyboardInterrupt
        return local

    def trace(frame: FrameType, event: str, _arg: Any) -> Any:
        return local if event == "call" and frame.f_code is code else None

    return trace


@pytest.fixture
def traced() -> Iterator[Callable[[str], None]]:
    yield lambda line: sys.settrace(_interrupt_at(line))
    sys.settrace(None)


def _people(folder: Path) -> int:
    desk = Desk(folder / "community.db")
    try:
        return desk.people.count()
    finally:
        desk.close()


def test_ctrl_c_once_the_import_is_saved_says_it_is_imported(
    folder: Path, tmp_path: Path, traced: Callable[[str], None], capsys: Any
) -> None:
    roster = write_csv(tmp_path / "roster.csv", HEADERS, as_rows(PEOPLE))
    capsys.readouterr()
    traced("result.applied = True")  # the first line after the commit
    code = cli.main(["--data-dir", str(folder), "import", str(roster)])
    err = capsys.readouterr().err
    assert code == 0 and "已导入" in err and "imported" in err and "cancelled" not in err
    assert _people(folder) == len(PEOPLE)


def test_ctrl_c_before_the_import_is_saved_says_cancelled_and_writes_nothing(
    folder: Path, tmp_path: Path, traced: Callable[[str], None], capsys: Any
) -> None:
    roster = write_csv(tmp_path / "roster.csv", HEADERS, as_rows(PEOPLE))
    capsys.readouterr()
    traced("_write(desk, w, plan, result, progress, cancel)")  # inside the transaction
    code = cli.main(["--data-dir", str(folder), "import", str(roster)])
    err = capsys.readouterr().err
    assert code == 130 and "已取消 / cancelled" in err
    assert _people(folder) == 0
