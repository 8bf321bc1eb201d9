"""Backups that come from elsewhere: one made before the database was encrypted (kept on a
USB stick since), and one of another community. The plain one restores from an encrypted
copy, the file on the stick untouched and no copy left behind; another community's backup is
refused unless asked for, and always on an enrolled device, nothing changed by a refusal."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.store import cipher
from relocdesk.validation import ValidationError
from tests.backup.test_backup import digest
from tests.conftest import add_household


def _plain_backup(folder: Path, name: str, rooms: int) -> Path:
    """A community database as the app wrote it before it encrypted (plain SQLite)."""
    path = folder / f"{name}.db"
    old = Desk(path, encrypted=False)
    old.create_community(name, county="惠水县")
    for room in range(rooms):
        add_household(old, room=f"{room + 101}")
    old.close()
    assert cipher.is_plain(path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(desk: Desk) -> list[str]:
    return [p.name for p in desk.backups.folder.glob(".restoring-*")]


def test_a_backup_from_before_encryption_restores_and_stays_as_it_was(tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    old = _plain_backup(stick, "锦绣社区", rooms=4)
    on_stick = _sha(old)
    desk = Desk(tmp_path / "data" / "community.db")  # a new laptop: no community yet
    done = desk.backups.restore(old)
    assert done.integrity == "ok" and done.source == old
    assert desk.households.count() == 4 and desk.community_id
    assert not cipher.is_plain(desk.path)  # the data stays encrypted on this laptop
    assert _sha(old) == on_stick
    assert _leftovers(desk) == []
    # the same community's old backup restores again over later edits
    add_household(desk, room="999")
    desk.backups.restore(old)
    assert desk.households.count() == 4
    desk.close()


def test_another_communitys_backup_is_refused_unless_asked_for(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("同心社区", county="惠水县")
    add_household(desk, room="101")
    other = Desk(tmp_path / "other" / "community.db")
    other.create_community("新民社区", county="惠水县")
    add_household(other, room="201")
    add_household(other, room="202")
    theirs = other.backups.take_now()
    before = digest(desk.path)
    with pytest.raises(ValidationError) as refused:
        desk.backups.restore(theirs)
    assert refused.value.code == "other_community"
    assert "新民社区" in refused.value.message_zh and "同心社区" in refused.value.message_en
    assert "--other-community" in refused.value.message_en
    assert digest(desk.path) == before
    assert not [b for b in desk.backups.kept() if b.kind == "before-restore"]

    desk.set_setting("sync_enrolled", "1")  # an enrolled device: never, even when asked
    with pytest.raises(ValidationError) as enrolled:
        desk.backups.restore(theirs, other_community=True)
    assert "enrolled" in enrolled.value.message_en and digest(desk.path) == before

    desk.set_setting("sync_enrolled", None)
    desk.backups.restore(theirs, other_community=True)
    assert desk.households.count() == 2 and desk.community_id == other.community_id
    desk.close()
    other.close()


@pytest.mark.parametrize("kind", ["not ours", "truncated"])
def test_a_plain_file_that_is_no_backup_is_named_as_given(tmp_path: Path, kind: str) -> None:
    import sqlite3

    bad = tmp_path / "旧备份.db"
    if kind == "not ours":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:
        full = _plain_backup(tmp_path, "锦绣社区", rooms=40)
        bad.write_bytes(full.read_bytes()[: 4096 * 3])
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("锦绣社区", county="惠水县")
    before = digest(desk.path)
    with pytest.raises(ValidationError) as refused:
        desk.backups.restore(bad)
    assert str(bad) in refused.value.message_zh and str(bad) in refused.value.message_en
    assert ".restoring" not in refused.value.message_en
    assert digest(desk.path) == before and _leftovers(desk) == []
    desk.close()


def _encrypted_backup(desk: Desk, stick: Path) -> Path:
    """A backup the app made onto a stick, then the data changed since."""
    add_household(desk, room="101")
    add_household(desk, room="102")
    made = desk.backups.take_now(stick / "备份.db")
    add_household(desk, room="103")
    return made


def test_restoring_only_reads_the_backup_file(tmp_path: Path) -> None:
    """Opening the backup as a database wrote beside and into it (its WAL and shared memory):
    the person's file is now only read, and nothing is left beside it."""
    stick = tmp_path / "usb"
    stick.mkdir()
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("锦绣社区", county="惠水县")
    made = _encrypted_backup(desk, stick)
    before, when = _sha(made), made.stat().st_mtime_ns
    assert desk.backups.restore(made).integrity == "ok"
    assert desk.households.count() == 2
    assert sorted(p.name for p in stick.iterdir()) == ["备份.db"]
    assert _sha(made) == before and made.stat().st_mtime_ns == when
    assert _leftovers(desk) == []
    desk.close()


@pytest.fixture
def read_only_stick(tmp_path: Path) -> Any:
    """A folder on a file system mounted read-only once filled, as a write-protected USB stick
    or a disc is (root would write through file modes); skipped where mounting is not allowed."""
    import subprocess

    folder = tmp_path / "stick"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a file system is not allowed here")

    def protect() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)

    yield folder, protect
    subprocess.run(["umount", "--lazy", str(folder)], check=False)  # a file left open: still


def test_a_backup_on_a_write_protected_stick_restores(tmp_path: Path, read_only_stick: Any) -> None:
    stick, protect = read_only_stick
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("锦绣社区", county="惠水县")
    made = _encrypted_backup(desk, stick)
    protect()
    with pytest.raises(OSError):
        (stick / "probe").write_text("x")
    assert desk.backups.restore(made).integrity == "ok"
    assert desk.households.count() == 2
    desk.close()
