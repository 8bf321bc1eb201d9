"""Where the commands write: a file named for its kind, and never over another kind of file.
Before, `relocdesk print card -o 花名册.xlsx` put a PDF in place of the office's roster. Run
as real processes on a real community; each refusal names the file and leaves it as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.test_cli import data_dir, relocdesk

__all__ = ["data_dir"]  # the fixture, shared

ROSTER_BYTES = b"PK\x03\x04" + b"roster kept by the office" * 40
PDF_BYTES = b"%PDF-1.4\n" + b"an earlier printout\n" * 40


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COMMANDS = {
    "print": ("print", "card", "--household", "3-2-501", "-o"),
    "export": ("export",),
    "audit": ("audit", "--xlsx"),
    "report": ("report", "monthly", "--month", "2026-11", "-o"),
}


@pytest.mark.parametrize(
    ("command", "name", "content", "said"),
    [
        ("print", "花名册.xlsx", ROSTER_BYTES, "must end in .pdf"),
        ("print", "名单.txt", b"", "must end in .pdf"),
        ("export", "上月打印.pdf", PDF_BYTES, "must end in .xlsx"),
        ("export", "花名册.xlsx", PDF_BYTES, "is not a .xlsx file"),
        ("audit", "审计.xlsx", PDF_BYTES, "is not a .xlsx file"),
        ("report", "月报.xlsx", b"\xd0\xcf\x11\xe0 an old .xls", "is not a .xlsx file"),
        ("print", "户情卡.pdf", ROSTER_BYTES, "is not a .pdf file"),
    ],
)
def test_an_output_of_the_wrong_kind_is_refused_and_left_alone(
    data_dir: Path, tmp_path: Path, command: str, name: str, content: bytes, said: str
) -> None:
    target = tmp_path / "out" / name
    target.parent.mkdir()
    if content:
        target.write_bytes(content)
        before = _sha(target)
    out = relocdesk(*COMMANDS[command], str(target), data_dir=data_dir)
    assert out.returncode == 2, out.stderr
    assert said in out.stderr and name in out.stderr and "Traceback" not in out.stderr
    if content:
        assert _sha(target) == before
    else:
        assert not target.exists()


def test_a_folder_is_no_output_and_a_printout_is_printed_again(
    data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "卡.pdf"
    folder.mkdir()
    out = relocdesk(*COMMANDS["print"], str(folder), data_dir=data_dir)
    assert out.returncode == 2 and "folder" in out.stderr
    card = tmp_path / "card.pdf"
    for _ in range(2):  # the second run prints over the first's PDF
        out = relocdesk(*COMMANDS["print"], str(card), data_dir=data_dir)
        assert out.returncode == 0, out.stderr
        assert card.read_bytes().startswith(b"%PDF")
