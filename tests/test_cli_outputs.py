"""Where the commands write: a file named for its kind, and never over another kind of file.
Before, `relocdesk print card -o 花名册.xlsx` put a PDF in place of the office's roster. Run
as real processes on a real community; each refusal names the file and leaves it as it was."""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from tests.test_cli import data_dir, relocdesk
from tests.test_plain_errors import ROOT, can_mount_tmpfs

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


NAMES = {
    "print": "户情卡.pdf",
    "export": "花名册.xlsx",
    "audit": "审计.xlsx",
    "report": "月报.xlsx",
}


def _audit_rows(data_dir: Path) -> int:
    with Desk(data_dir / "community.db") as desk:
        return int(desk.conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def _told_plainly(out: subprocess.CompletedProcess[str], target: Path) -> None:
    """Exit 3 (a folder that cannot be used), one line in each language naming the file the
    person chose, never a side file's name or a traceback."""
    assert out.returncode == 3, out.stdout + out.stderr
    assert str(target) in out.stderr and "/ " in out.stderr
    assert ".part" not in out.stderr and ".printing" not in out.stderr
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_in_a_missing_folder(data_dir: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "没有 这个文件夹" / NAMES[command]
    before = _audit_rows(data_dir)
    out = relocdesk(*COMMANDS[command], str(target), data_dir=data_dir)
    _told_plainly(out, target)
    assert "找不到" in out.stderr and not target.parent.exists()
    assert _audit_rows(data_dir) == before  # nothing printed or exported is recorded


def _on_a_mount(how: str, target: Path, data_dir: Path, *args: str) -> Any:
    """The real command, writing ``target`` in a folder mounted as a tiny tmpfs in a private
    mount namespace (gone when the command ends): read-only, or full with an earlier file of
    the kind already there. What the folder holds afterwards is printed after the command's
    own output, each file with its digest."""
    folder = target.parent
    folder.mkdir()
    cli = shlex.join([sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args])
    place, earlier = shlex.quote(str(folder)), shlex.quote(str(target))
    setup = f"mount -t tmpfs -o size=4k tmpfs {place}"
    if how == "read-only":
        setup += f" && mount -o remount,ro {place}"
    else:
        head = "%%PDF" if target.suffix == ".pdf" else "PK\\003\\004"  # printf's format
        setup += f" && printf '{head} an earlier one' > {earlier}"
    after = f"echo; echo HOLDS; cd {place} && sha256sum * 2>/dev/null; ls -A"
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"{setup} && {{ {cli}; rc=$?; {after}; exit $rc; }}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs unshare and a tmpfs mount")
@pytest.mark.parametrize("how", ["read-only", "full"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_on_a_read_only_or_full_disk(
    data_dir: Path, tmp_path: Path, command: str, how: str
) -> None:
    target = tmp_path / "盘" / NAMES[command]
    before = _audit_rows(data_dir)
    out = _on_a_mount(how, target, data_dir, *COMMANDS[command], str(target))
    _told_plainly(out, target)
    assert _audit_rows(data_dir) == before
    holds = out.stdout.split("HOLDS\n", 1)[1].split()
    if how == "read-only":
        assert holds == []
        return
    assert "磁盘已满" in out.stderr and "the disk is full" in out.stderr
    head = b"%PDF" if target.suffix == ".pdf" else b"PK\x03\x04"
    kept = hashlib.sha256(head + b" an earlier one").hexdigest()
    assert holds == [kept, target.name, target.name]  # the earlier file, whole, and no other
