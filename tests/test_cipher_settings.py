"""Files encrypted before the page MAC became HMAC-SHA256 (they have SQLCipher 4's default,
HMAC-SHA512) keep opening, and the community database and its copies are converted once,
nothing lost: counts and a digest computed here, apart from the conversion's own check."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.store import cipher
from tests.conftest import DATABASE_KEY
from tests.test_encryption import independent_digest


@contextlib.contextmanager
def old_settings() -> Iterator[None]:
    """The app as it wrote files before: every new file gets the old page MAC."""
    current = cipher.HMAC
    cipher.HMAC = "HMAC_SHA512"
    cipher.use_by_default(cipher.HMAC)
    try:
        yield
    finally:
        cipher.HMAC = current
        cipher.use_by_default(current)


def opens_with(path: Path, hmac: str) -> bool:
    """Opened with the driver alone, the key and one page MAC."""
    conn = dbapi2.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{DATABASE_KEY.hex()}'\"")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except dbapi2.DatabaseError:
        return False
    finally:
        conn.close()


def old_community(path: Path, households: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with old_settings(), Desk(path) as desk:
        demo.build(desk, households, seed=4)
        desk.backups.take_now()
        desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert opens_with(path, "HMAC_SHA512") and not opens_with(path, "HMAC_SHA256")
    return path


def test_new_files_have_the_sha256_page_mac(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区")
        made = desk.backups.take_now()
    for path in (tmp_path / "community.db", made):
        assert opens_with(path, "HMAC_SHA256") and not opens_with(path, "HMAC_SHA512")


def test_an_old_community_is_converted_once_at_first_opening(tmp_path: Path) -> None:
    path = old_community(tmp_path / "data" / "community.db", 120)
    (old_backup,) = (path.parent / "backups").iterdir()
    assert opens_with(old_backup, "HMAC_SHA512")
    before = independent_digest(path, DATABASE_KEY)
    backup_before = independent_digest(old_backup, DATABASE_KEY)
    assert Desk.encryption.needs_encrypting(path)  # the app converts it with progress

    with Desk(path) as desk:
        assert desk.households.count() == 120
    for p in (path, old_backup):
        assert opens_with(p, "HMAC_SHA256") and not opens_with(p, "HMAC_SHA512"), p.name
    assert independent_digest(path, DATABASE_KEY) == before
    assert independent_digest(old_backup, DATABASE_KEY) == backup_before
    assert not Desk.encryption.needs_encrypting(path)
    assert not list(path.parent.rglob("*.encrypting*"))


def test_a_backup_from_before_still_restores(tmp_path: Path) -> None:
    path = tmp_path / "data" / "community.db"
    path.parent.mkdir()
    with old_settings(), Desk(path) as desk:
        demo.build(desk, 40, seed=5)
        kept = desk.backups.take_now(tmp_path / "usb" / "before.db")  # not converted
        household = desk.conn.execute("SELECT id FROM household LIMIT 1").fetchone()[0]
    tables = ("household", "person", "building")
    backup_digest = {t: independent_digest(kept, DATABASE_KEY)[t] for t in tables}
    with Desk(path) as desk:  # converted; then the data moves on
        desk.households.delete(household)
        assert desk.households.count() == 39
        desk.backups.restore(kept)
        assert desk.households.count() == 40
    restored = independent_digest(path, DATABASE_KEY)
    assert {t: restored[t] for t in tables} == backup_digest
    assert opens_with(path, "HMAC_SHA256") and opens_with(kept, "HMAC_SHA512")
    conn = cipher.connect(path, DATABASE_KEY)
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_another_key_opens_neither_kind(tmp_path: Path) -> None:
    path = old_community(tmp_path / "community.db", 3)
    for key in (bytes(32), bytes(range(32))):
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            cipher.connect(path, key)
        assert not cipher.written_with_old_settings(path, key)
    assert cipher.written_with_old_settings(path, DATABASE_KEY)
