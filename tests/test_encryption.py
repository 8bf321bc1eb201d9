"""The database key (keyring or passphrase) and the conversion of a plain database.

Real files throughout: plain databases written by the standard ``sqlite3`` module, the
``sqlite3`` command-line tool to show an encrypted file is unreadable without the key, and a
real keyring backend (keyrings.alt's file keyring) or none at all (``fail.Keyring``).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.store import cipher, conversion, database_key
from relocdesk.validation import ValidationError

SQLITE_CLI = shutil.which("sqlite3")


@pytest.fixture
def key_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh key file location and no key held; the held key is restored afterwards."""
    held = database_key._held
    path = tmp_path / "keys" / "database-key.json"
    monkeypatch.setenv(database_key.KEY_FILE_ENV, str(path))
    database_key.forget()
    yield path
    database_key._held = held


@pytest.fixture
def no_keyring() -> Iterator[None]:
    import keyring
    from keyring.backends import fail

    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[object]:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    old = keyring.get_keyring()
    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(old)


def plain_database(path: Path, households: int = 50) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE household (id TEXT PRIMARY KEY, no TEXT, income REAL, note BLOB)")
    conn.execute("CREATE TABLE person (household_id TEXT, name TEXT, id_number TEXT)")
    conn.execute("CREATE TABLE pairs (a INTEGER, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID")
    for i in range(households):
        conn.execute(
            "INSERT INTO household VALUES (?, ?, ?, ?)",
            (f"h{i}", f"HH{i:05d}", i * 1.5, bytes([i % 256]) * 3),
        )
        conn.execute(
            "INSERT INTO person VALUES (?, ?, ?)", (f"h{i}", f"王{i}", f"52273119800101{i:04d}")
        )
        conn.execute("INSERT INTO pairs VALUES (?, ?)", (i, "x" * (i % 7)))
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    return path


def independent_digest(path: Path, key: bytes | None) -> dict[str, tuple[int, str]]:
    """Counts and an ordered digest per table, computed apart from ``conversion.fingerprint``."""
    conn = cipher.connect(path, key)
    try:
        out = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            rows = sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"')))
            if name == "sqlite_sequence" and not rows:
                continue  # SQLite's empty counters once no table has AUTOINCREMENT: nothing
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return out
    finally:
        conn.close()


def test_passphrase_wraps_the_key_without_a_keyring(key_place: Path, no_keyring: None) -> None:
    assert database_key.state() is database_key.KeyState.NEW_PASSPHRASE
    with pytest.raises(database_key.PassphraseNeeded) as e:
        database_key.database_key()
    assert e.value.new and "口令" in e.value.message_zh and "passphrase" in e.value.message_en
    with pytest.raises(ValidationError) as short:
        database_key.create("short")
    assert short.value.code == "too_short"
    key = database_key.create("门前的石榴树 2024")
    assert len(key) == 32 and key_place.exists()
    assert key.hex() not in key_place.read_text() and "石榴" not in key_place.read_text()
    database_key.forget()
    assert database_key.state() is database_key.KeyState.LOCKED
    with pytest.raises(database_key.PassphraseNeeded) as locked:
        database_key.database_key()
    assert not locked.value.new
    with pytest.raises(database_key.WrongPassphrase):
        database_key.unlock("门前的石榴树 2025")
    assert database_key.state() is database_key.KeyState.LOCKED
    assert database_key.unlock("门前的石榴树 2024") == key
    assert database_key.database_key() == key


def test_changed_passphrase_keeps_the_key(key_place: Path, no_keyring: None) -> None:
    key = database_key.create("first passphrase")
    database_key.change_passphrase("first passphrase", "second passphrase")
    database_key.forget()
    with pytest.raises(database_key.WrongPassphrase):
        database_key.unlock("first passphrase")
    assert database_key.unlock("second passphrase") == key


def test_a_damaged_key_file_is_said_plainly(key_place: Path, no_keyring: None) -> None:
    database_key.create("a passphrase")
    database_key.forget()
    key_place.write_text('{"format": "relocdesk-key/1", "kdf": "scrypt", "salt": "zz"}')
    with pytest.raises(ValidationError) as e:
        database_key.unlock("a passphrase")
    assert e.value.code == "key_file_damaged" and "损坏" in e.value.message_zh


def test_the_keyring_keeps_a_random_key(key_place: Path, file_keyring: object) -> None:
    assert database_key.state() is database_key.KeyState.KEYRING
    key = database_key.database_key()
    assert not key_place.exists()
    database_key.forget()
    assert database_key.database_key() == key  # read back from the keyring, not made anew
    from relocdesk import keystore

    assert keystore.get_database_key() == key.hex()
    database_key.forget()
    other_place = key_place.parent / "other"
    assert other_place != key_place


def test_wrong_key_and_no_key_fail_the_right_key_opens(tmp_path: Path) -> None:
    key, wrong = bytes(range(32)), bytes(range(1, 33))
    path = tmp_path / "community.db"
    conn = cipher.connect(path, key)
    conn.execute("CREATE TABLE person (name TEXT)")
    conn.execute("INSERT INTO person VALUES ('王芳')")
    conn.close()
    assert path.read_bytes()[:16] != cipher.PLAIN_HEADER
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        cipher.connect(path, wrong)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        cipher.connect(path, None)
    std = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        std.execute("SELECT * FROM person").fetchall()
    std.close()
    assert cipher.connect(path, key).execute("SELECT name FROM person").fetchone()[0] == "王芳"


def test_errors_are_sqlite3_errors(tmp_path: Path) -> None:
    conn = cipher.connect(tmp_path / "e.db", bytes(32))
    conn.execute("CREATE TABLE t (a INTEGER UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT nope FROM t")
    conn.close()


@pytest.mark.skipif(SQLITE_CLI is None, reason="Debian's sqlite3 is installed by bootstrap")
def test_converted_file_is_unreadable_to_sqlite3_tool(tmp_path: Path) -> None:
    path = plain_database(tmp_path / "community.db")
    ok = subprocess.run([SQLITE_CLI or "sqlite3", str(path), ".tables"], capture_output=True)
    assert ok.returncode == 0 and b"household" in ok.stdout
    before = independent_digest(path, None)
    fp = conversion.encrypt_in_place(path, bytes(range(32)))
    assert path.read_bytes()[:16] != cipher.PLAIN_HEADER
    bad = subprocess.run([SQLITE_CLI or "sqlite3", str(path), ".tables"], capture_output=True)
    assert bad.returncode != 0 and b"not a database" in bad.stderr
    assert independent_digest(path, bytes(range(32))) == before
    assert fp.counts == {name: n for name, (n, _) in before.items()}
    assert cipher.connect(path, bytes(range(32))).execute("PRAGMA user_version").fetchone()[0] == 7
    assert not list(tmp_path.glob("*.encrypting*"))


def test_conversion_encrypts_the_plain_wal_and_old_copies(tmp_path: Path) -> None:
    path = plain_database(tmp_path / "community.db")
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("INSERT INTO person VALUES ('h1', '只在日志里', '522731198001019999')")
    holder.commit()
    assert Path(f"{path}-wal").stat().st_size > 0
    holder.close()  # closing checkpoints; copy a WAL back to prove the export reads it
    shutil.copy(path, tmp_path / "community.db.before-0006_x.bak")
    (tmp_path / "backups").mkdir()
    shutil.copy(path, tmp_path / "backups" / "daily-20261201-090000.db")
    fp = conversion.encrypt_in_place(path, bytes(32))
    assert fp.counts["person"] == 51
    assert len(conversion.encrypt_copies(path, bytes(32))) == 2
    assert conversion.encrypt_copies(path, bytes(32)) == []  # once only
    for p in tmp_path.rglob("*"):
        if p.is_dir():
            continue
        assert p.read_bytes()[:16] != cipher.PLAIN_HEADER, p.name
        assert "只在日志里".encode() not in p.read_bytes(), p.name
    old = cipher.connect(tmp_path / "community.db.before-0006_x.bak", bytes(32))
    assert old.execute("SELECT count(*) FROM person").fetchone()[0] == 51


def test_cancelled_conversion_leaves_the_plain_file(tmp_path: Path) -> None:
    path = plain_database(tmp_path / "community.db", households=5000)
    before = path.read_bytes()
    asked: list[bool] = []

    def cancel() -> bool:
        asked.append(True)
        return True

    with pytest.raises(conversion.ConversionCancelled):
        conversion.encrypt_in_place(path, bytes(32), cancel=cancel)
    assert len(asked) == 1  # asked once, and stopped there
    assert path.read_bytes() == before and cipher.is_plain(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community.db"]
    done: list[tuple[int, int]] = []
    conversion.encrypt_in_place(path, bytes(32), progress=lambda d, t: done.append((d, t)))
    assert done[-1][0] == done[-1][1] and len(done) >= 2
    assert [d for d, _ in done] == sorted(d for d, _ in done)


def test_an_encrypted_file_is_not_converted_again(tmp_path: Path) -> None:
    path = plain_database(tmp_path / "community.db", households=2)
    conversion.encrypt_in_place(path, bytes(32))
    with pytest.raises(conversion.ConversionFailed) as e:
        conversion.encrypt_in_place(path, bytes(32))
    assert "加密" in e.value.message_zh and "unchanged" in e.value.message_en


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False)),
            st.one_of(st.none(), st.text(max_size=30), st.binary(max_size=30)),
        ),
        max_size=40,
    )
)
def test_any_values_survive_conversion(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[object, object]]
) -> None:
    path = tmp_path_factory.mktemp("any") / "any.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a, b)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    before = independent_digest(path, None)
    conversion.encrypt_in_place(path, bytes(32))
    assert independent_digest(path, bytes(32)) == before


def test_a_plain_file_keyring_is_not_taken_unless_chosen(
    file_keyring: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """keyring falls back to keyrings.alt's plain file when it is installed: that is no place
    for the database key, unless someone chose it (as this test suite does)."""
    from relocdesk import keystore

    assert keystore.available()  # chosen: PYTHON_KEYRING_BACKEND names it
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    assert not keystore.available()
    with pytest.raises(keystore.KeystoreUnavailable) as e:
        keystore.get_database_key()
    assert "PlaintextKeyring" in e.value.en
