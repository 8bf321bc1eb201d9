"""`relocdesk backup` and `relocdesk restore FILE` as county IT would run them: real processes."""

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
