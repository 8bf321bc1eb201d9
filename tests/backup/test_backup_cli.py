"""`relocdesk backup` and `relocdesk restore FILE` as county IT would run them: real processes;
also the restore that matters most, of a database file that no longer opens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from relocdesk.desk import Desk
from tests.conftest import add_household, connect


def relocdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def rooms(db: Path) -> list[str]:
    conn = connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT room FROM household"))
    finally:
        conn.close()


def test_backup_list_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "community.db"
    with Desk(db) as desk:
        desk.create_community("锦绣社区", county="惠水县")
        add_household(desk, room="101")
    made = relocdesk("backup", data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    listed = relocdesk("backup", "--list", "--json", data_dir=tmp_path)
    (entry,) = json.loads(listed.stdout)
    assert entry["kind"] == "manual" and Path(entry["file"]).is_file()
    assert entry["file"] in made.stdout
    with Desk(db) as desk:
        add_household(desk, room="202")
    assert rooms(db) == ["101", "202"]

    back = relocdesk("restore", entry["file"], data_dir=tmp_path)
    assert back.returncode == 0, back.stderr
    assert rooms(db) == ["101"]
    assert "ok" in back.stdout
    (aside,) = (tmp_path / "backups").glob("before-restore-*.db")
    assert rooms(aside) == ["101", "202"]
    assert str(aside) in back.stdout


def test_restore_of_a_file_that_is_no_backup_says_so(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区")
    junk = tmp_path / "花名册.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a database")
    out = relocdesk("restore", str(junk), data_dir=tmp_path)
    assert out.returncode == 2
    assert "备份文件无法读取" in out.stderr and "cannot be read" in out.stderr
    assert "Traceback" not in out.stderr


def _damage(db: Path) -> bytes:
    """Zero three pages in the middle of the file, as a failing disk or a cut power would;
    returns the damaged file's bytes."""
    with db.open("r+b") as f:
        f.seek(2 * 4096)
        f.write(b"\0" * 3 * 4096)
    return db.read_bytes()


def _made_with_a_backup(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "community.db"
    with Desk(db) as desk:
        desk.create_community("锦绣社区", county="惠水县")
        for room in ("101", "102", "103"):
            add_household(desk, room=room)
    taken = relocdesk("backup", data_dir=tmp_path)
    (entry,) = json.loads(relocdesk("backup", "--list", "--json", data_dir=tmp_path).stdout)
    assert taken.returncode == 0 and Path(entry["file"]).is_file()
    with Desk(db) as desk:  # work after the backup, which the damaged file then holds
        add_household(desk, room="201")
    return db, Path(entry["file"])


def test_a_damaged_database_is_replaced_by_a_backup_and_kept_aside(tmp_path: Path) -> None:
    import hashlib

    db, saved = _made_with_a_backup(tmp_path)
    damaged = hashlib.sha256(_damage(db)).hexdigest()
    looked = relocdesk("search", "101", data_dir=tmp_path)
    assert looked.returncode == 3 and "已损坏" in looked.stderr
    assert "relocdesk restore" in looked.stderr and "Traceback" not in looked.stderr

    back = relocdesk("restore", str(saved), data_dir=tmp_path)
    assert back.returncode == 0, back.stderr
    assert "已移到" in back.stderr and "moved to" in back.stderr and "ok" in back.stdout
    assert rooms(db) == ["101", "102", "103"]
    (aside,) = (tmp_path / "backups").glob("damaged-*.db")
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged  # kept as it was
    listed = json.loads(relocdesk("backup", "--list", "--json", data_dir=tmp_path).stdout)
    assert [Path(e["file"]) for e in listed] == [saved]  # a damaged file is never offered
    assert relocdesk("search", "101", data_dir=tmp_path).returncode == 0


def test_a_backup_that_does_not_open_moves_nothing(tmp_path: Path) -> None:
    db, _ = _made_with_a_backup(tmp_path)
    before = _damage(db)
    junk = tmp_path / "旧备份.db"
    junk.write_bytes(b"SQLite format 3\0" + b"\1" * 8000)
    out = relocdesk("restore", str(junk), data_dir=tmp_path)
    assert out.returncode == 2 and "备份文件无法读取" in out.stderr
    assert db.read_bytes() == before
    assert not list((tmp_path / "backups").glob("damaged-*"))


def test_backup_to_a_file_never_replaces_another_kind_of_file(tmp_path: Path) -> None:
    """`backup --to` named the office's roster by mistake, or a folder: refused, the file left
    as it was; an earlier backup of the same name is replaced."""
    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        add_household(desk, room="101")
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(b"PK\x03\x04" + b"the office's roster" * 40)
    before = roster.read_bytes()
    refused = relocdesk("backup", "--to", str(roster), data_dir=data)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "花名册.xlsx" in refused.stderr and "not overwritten" in refused.stderr
    assert roster.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))

    folder = tmp_path / "备份 文件夹"
    folder.mkdir()
    into_folder = relocdesk("backup", "--to", str(folder), data_dir=data)
    assert into_folder.returncode == 2 and "folder" in into_folder.stderr
    assert ".partial" not in into_folder.stderr and list(folder.iterdir()) == []

    earlier = tmp_path / "备份 一.db"
    for _ in range(2):  # the second run replaces the first's backup
        made = relocdesk("backup", "--to", str(earlier), data_dir=data)
        assert made.returncode == 0, made.stderr
    assert rooms(earlier) == ["101"]
