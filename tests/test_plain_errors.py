"""A full disk is told as a full disk, a database another program holds as that, each with
what to do: on a real small filesystem that fills up, /dev/full, and a real second writer."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.places import database_problem, file_problem
from tests.conftest import connect

ROOT = Path(__file__).resolve().parents[1]


def can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


def on_small_disk(size: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command with its data folder on a tmpfs of ``size`` that it fills up (a
    private mount namespace, gone when the command ends)."""
    folder.mkdir(exist_ok=True)
    cli = shlex.join([sys.executable, "-m", "relocdesk.cli", "--data-dir", str(folder), *args])
    command = f"mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(folder))} && exec {cli}"
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def assert_disk_full(out: subprocess.CompletedProcess[str]) -> None:
    assert out.returncode == 3, out.stdout + out.stderr
    assert "磁盘已满" in out.stderr and "the disk is full" in out.stderr
    assert "腾出空间" in out.stderr and "free some space" in out.stderr.lower()
    assert "check that it is a file" not in out.stderr and "Traceback" not in out.stderr


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs unshare and a tmpfs mount")
@pytest.mark.timeout(300)
def test_a_full_disk_on_opening_and_while_writing(tmp_path: Path) -> None:
    # Too small for the database to be made at all: the failure is in opening it.
    assert_disk_full(on_small_disk("200k", tmp_path / "tiny", "init", "--name", "幸福社区",
                                   "--county", "惠水县"))  # fmt: skip
    # Room to open, not for a demo community: the failure is in the middle of writing.
    assert_disk_full(on_small_disk("2m", tmp_path / "small", "demo", "--households", "3000"))


def test_the_os_says_no_space(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with pytest.raises(OSError) as raised, open("/dev/full", "wb") as full:
        full.write(b"x" * 10)
        full.flush()
    assert raised.value.errno == errno.ENOSPC
    told = file_problem(raised.value, tmp_path / "out.pdf")
    assert "磁盘已满" in told and "the disk is full" in told and "out.pdf" in told


def full_database(tmp_path: Path) -> sqlite3.Error:
    """SQLite's own SQLITE_FULL: the file may not grow past its page limit."""
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    try:
        conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    except sqlite3.Error as e:
        return e
    finally:
        conn.close()
    raise AssertionError("the insert should not fit")


def locked_database(tmp_path: Path) -> sqlite3.Error:
    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("INSERT INTO t VALUES (1)")
    except sqlite3.Error as e:
        return e
    finally:
        other.close()
        holder.close()
    raise AssertionError("the second writer should wait")


def test_database_problems_say_what_to_do(tmp_path: Path) -> None:
    full = database_problem(full_database(tmp_path), "community.db")
    assert full and "磁盘已满" in full and "free some space" in full.lower()
    locked = database_problem(locked_database(tmp_path), "community.db")
    assert locked and "另一个程序" in locked and "close the other" in locked
    assert database_problem(sqlite3.DatabaseError("file is not a database"), "x") is None


@pytest.mark.timeout(120)
def test_the_command_line_tells_a_held_database(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db"):
        pass
    holder = connect(tmp_path / "community.db")
    holder.execute("BEGIN IMMEDIATE")
    try:
        out = subprocess.run(
            [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(tmp_path), "init",
             "--name", "幸福社区", "--county", "惠水县"],
            capture_output=True, text=True, timeout=100, cwd=ROOT,
        )  # fmt: skip
    finally:
        holder.close()
    assert out.returncode == 3, out.stderr
    assert "另一个程序" in out.stderr and "wait a moment and try again" in out.stderr
    assert "Traceback" not in out.stderr
