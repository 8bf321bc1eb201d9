"""Every file the device writes is encrypted: the database, its WAL, a backup and a copy kept
before a migration. Read back with Debian's ``sqlite3`` tool and the standard ``sqlite3``
module (both fail), and with the key (which opens them).

And a plain community database made the way the app made them before encryption is
converted at its first opening with every row kept (counts and a digest computed here,
apart from the conversion's own check).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlite_utils import Database

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.store import cipher, migrations, open_database
from tests.bench._plain import use_plain
from tests.conftest import DATABASE_KEY, add_household, connect
from tests.test_encryption import independent_digest

SQLITE_CLI = shutil.which("sqlite3")
NAME = "独一无二的名字"


def unreadable(path: Path) -> None:
    assert path.read_bytes()[:16] != b"SQLite format 3\x00", path.name
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        cipher.connect(path, bytes(32))  # another key
    if SQLITE_CLI:
        tool = subprocess.run([SQLITE_CLI, str(path), ".tables"], capture_output=True, text=True)
        assert tool.returncode != 0 and "not a database" in tool.stderr, tool.stdout
    assert NAME.encode() not in path.read_bytes()


@pytest.mark.skipif(SQLITE_CLI is None, reason="Debian's sqlite3 is installed by bootstrap")
def test_database_wal_and_backup_are_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "community.db"
    desk = Desk(path)
    desk.create_community("锦绣社区", county="惠水县")
    h = add_household(desk)
    desk.people.create(household_id=h["id"], name=NAME, relation="head")
    wal = path.with_name("community.db-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the row is still in the WAL
    unreadable(path)
    assert NAME.encode() not in wal.read_bytes()
    made = desk.backups.take_now()
    unreadable(made)
    desk.close()
    for p in (path, made):
        conn = connect(p)
        assert conn.execute("SELECT count(*) FROM person WHERE name = ?", (NAME,)).fetchone()[0]
        conn.close()


def test_the_copy_before_a_migration_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before=migrations.STEPS[-1][0])
    conn.execute("INSERT INTO settings (key, value) VALUES ('note', ?)", (NAME,))
    conn.close()
    Desk(path).close()
    (copy,) = tmp_path.glob("old.db.before-*.bak")
    unreadable(copy)
    old = connect(copy)
    assert old.execute("SELECT value FROM settings WHERE key = 'note'").fetchone()[0] == NAME
    old.close()


def test_without_the_key_nothing_opens_with_it_everything_does(tmp_path: Path) -> None:
    path = tmp_path / "community.db"
    with Desk(path) as desk:
        desk.create_community("锦绣社区")
    with pytest.raises(sqlite3.DatabaseError):
        open_database(path, key=bytes(range(32)))
    with pytest.raises(sqlite3.DatabaseError):
        cipher.connect(path, None)
    conn = open_database(path, key=DATABASE_KEY)
    assert conn.execute("SELECT name FROM community").fetchone()[0] == "锦绣社区"
    conn.close()


def test_a_plain_community_is_converted_at_first_opening(tmp_path: Path) -> None:
    path = tmp_path / "data" / "community.db"
    path.parent.mkdir()
    with use_plain(), Desk(path) as desk:  # as the app made it before encryption
        demo.build(desk, 120, seed=4)
        desk.backups.take_now()
        desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert cipher.is_plain(path)
    (plain_backup,) = (path.parent / "backups").iterdir()
    assert cipher.is_plain(plain_backup)
    before = independent_digest(path, None)
    backup_before = independent_digest(plain_backup, None)
    with Desk(path) as desk:
        assert desk.households.count() == 120
    unreadable(path)
    assert independent_digest(path, DATABASE_KEY) == before
    assert not cipher.is_plain(plain_backup)
    assert independent_digest(plain_backup, DATABASE_KEY) == backup_before
    assert not list(path.parent.rglob("*.encrypting*"))


def test_the_conversion_looks_for_backups_where_they_are_kept() -> None:
    from relocdesk.store import backup, conversion

    assert conversion.BACKUP_FOLDER == backup.FOLDER


# The pragmas both sides of the encryption benchmark share (tests/bench/bench_encryption.py):
# a plain baseline with another journal, sync or cache would measure more than the encryption.
SHARED_PRAGMAS = (
    "journal_mode",
    "synchronous",
    "cache_size",
    "page_size",
    "mmap_size",
    "temp_store",
    "foreign_keys",
    "busy_timeout",
    "wal_autocheckpoint",
)


def test_encrypted_and_plain_connections_differ_only_in_the_cipher(tmp_path: Path) -> None:
    with Desk(tmp_path / "encrypted.db") as enc, use_plain(), Desk(tmp_path / "plain.db") as plain:
        assert not cipher.is_plain(tmp_path / "encrypted.db")
        for pragma in SHARED_PRAGMAS:
            mine = enc.conn.execute(f"PRAGMA {pragma}").fetchone()[0]
            baseline = plain.conn.execute(f"PRAGMA {pragma}").fetchone()[0]
            assert str(mine) == str(baseline), pragma
        cipher_settings = {
            p: str(enc.conn.execute(f"PRAGMA {p}").fetchone()[0])
            for p in (
                "cipher_page_size",
                "cipher_use_hmac",
                "cipher_hmac_algorithm",
                "cipher_memory_security",
            )
        }
        assert cipher_settings == {
            "cipher_page_size": "4096",  # the page size the plain file has too
            "cipher_use_hmac": "1",
            "cipher_hmac_algorithm": "HMAC_SHA256",
            "cipher_memory_security": "0",
        }
        assert str(plain.conn.execute("PRAGMA page_size").fetchone()[0]) == "4096"
        assert (tmp_path / "plain.db").read_bytes()[:16] == cipher.PLAIN_HEADER
