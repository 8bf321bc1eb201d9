"""``relocdesk print`` never leaves a PDF behind and then fails: the file appears only once
the forms are complete and their printing audited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import connect
from tests.forms.conftest import Town, page_count


def print_card(town: Town, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(town.desk.path.parent),
         "print", "card", "--household", town.big_household, "-o", str(out)],
        capture_output=True, text=True, timeout=100,
    )  # fmt: skip


def audited(town: Town) -> int:
    return int(town.desk.conn.execute("SELECT count(*) FROM audit").fetchone()[0])


@pytest.mark.timeout(120)
def test_no_pdf_when_the_audit_cannot_be_written(town: Town, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    before = audited(town)
    # Another program holds the database: the forms render, the audit row cannot be written.
    holder = connect(town.desk.path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        failed = print_card(town, folder / "card.pdf")
    finally:
        holder.close()
    assert failed.returncode == 3, failed.stdout + failed.stderr
    assert "另一个程序" in failed.stderr and "Traceback" not in failed.stderr
    assert list(folder.iterdir()) == []  # neither the PDF nor a part of it
    assert audited(town) == before

    printed = print_card(town, folder / "card.pdf")
    assert printed.returncode == 0, printed.stderr
    assert [p.name for p in folder.iterdir()] == ["card.pdf"]
    assert page_count(folder / "card.pdf") >= 1
    assert audited(town) == before + 1


def test_a_folder_that_is_not_there_is_named(town: Town, tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "card.pdf"
    failed = print_card(town, out)
    assert failed.returncode == 3, failed.stderr  # a folder that cannot be used (README)
    assert str(out.parent) in failed.stderr and ".printing" not in failed.stderr
