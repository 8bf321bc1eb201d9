"""The SQLite the store runs on: SQLCipher (the ``sqlcipher3`` wheels), keyed with a raw key.

``sqlcipher3`` is Python's ``sqlite3`` module built against SQLCipher: same connection,
cursor and row API, but its own exception classes. Every ``except sqlite3.IntegrityError``
in this code and in sqlite-utils (which catches ``sqlite3.OperationalError`` to detect
features and to release its savepoints) must keep catching what the database raises, so on
import each SQLCipher error class is given its ``sqlite3`` counterpart as a second base.
The layouts are the same (plain exception classes), so this changes nothing but ``except``
and ``isinstance``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

from sqlcipher3 import dbapi2

# The first 16 bytes of every plain SQLite file; an SQLCipher file starts with a random salt.
PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
# Each page's MAC. HMAC-SHA256 rather than SQLCipher 4's default HMAC-SHA512: a 256-bit tag
# is as unforgeable for a page as a 512-bit one, and it costs less per page on every CPU
# with SHA extensions (docs/encryption.md, "What encryption costs"). AES-256 is unchanged.
HMAC = "HMAC_SHA256"
# What files written before this choice have (SQLCipher 4's default): they still open with
# it, and the community database and its copies are converted once (store.conversion).
OLD_HMAC = "HMAC_SHA512"

# Not the two roots (Warning, Error): their only base is Exception, which must come after
# sqlite3's classes in the order Python looks them up, and a root cannot be given a new first
# base. Nothing raises them directly; every real error is one of these.
_ERRORS = (
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
)


def _share_error_classes() -> None:
    for name in _ERRORS:
        ours, std = getattr(dbapi2, name), getattr(sqlite3, name)
        if not issubclass(ours, std):
            ours.__bases__ = (*ours.__bases__, std)


_share_error_classes()


def use_by_default(hmac: str) -> None:
    """The page MAC of files SQLCipher makes beside a connection's own (``VACUUM INTO``, as the
    copy before a migration is made, and ``ATTACH``): the library's default, process-wide."""
    conn = dbapi2.connect(":memory:")
    try:
        conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {hmac}")
    finally:
        conn.close()


use_by_default(HMAC)

Row: Any = dbapi2.Row


def is_plain(path: str | Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (an empty or missing file is not)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except (FileNotFoundError, IsADirectoryError):
        return False


def key_pragma(key: bytes) -> str:
    """``x'..'``: a raw 256-bit key, used as is (no PBKDF2 at each open: the key is random)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"\"x'{key.hex()}'\""


def connect(
    path: str | Path,
    key: bytes | None,
    *,
    check_same_thread: bool = True,
    timeout: float = 5.0,
    isolation_level: str | None = None,
) -> sqlite3.Connection:
    """An SQLCipher connection opened with ``key`` (``None``: a plain file, for conversion).

    A file of the old settings (``OLD_HMAC``) opens with them. Raises
    ``sqlite3.DatabaseError`` ("file is not a database") when the key does not open the
    file, at once rather than at the first query.
    """
    kw: dict[str, Any] = {
        "check_same_thread": check_same_thread,
        "timeout": timeout,
        "isolation_level": isolation_level,
    }
    try:
        return _connect(path, key, HMAC, kw)
    except sqlite3.DatabaseError:
        if key is None or not Path(path).is_file():
            raise
        try:
            return _connect(path, key, OLD_HMAC, kw)
        except sqlite3.DatabaseError:
            pass
        raise  # the first error: the key does not open it with either setting


def written_with_old_settings(path: str | Path, key: bytes) -> bool:
    """Whether ``path`` is encrypted with ``key`` under ``OLD_HMAC`` (False for a plain file,
    a file of the current settings, another key's or a missing one)."""
    if not Path(path).is_file() or is_plain(path):
        return False
    try:
        _connect(path, key, HMAC, {}).close()
        return False
    except sqlite3.DatabaseError:
        pass
    try:
        _connect(path, key, OLD_HMAC, {}).close()
        return True
    except sqlite3.DatabaseError:
        return False


class StoreConnection(dbapi2.Connection):  # type: ignore[misc]
    """A SQLCipher connection that can carry what is learnt of its schema
    (``relocdesk.store.rows``): kept on the connection, it goes when the connection goes,
    where a cache keyed by ``id()`` would give a new connection at a freed connection's
    address the columns of another file."""


def _connect(
    path: str | Path, key: bytes | None, hmac: str, kw: dict[str, Any]
) -> sqlite3.Connection:
    conn: Any = dbapi2.connect(str(path), factory=StoreConnection, **kw)
    try:
        # SQLCipher would also print each failed page check on stderr; the error raised
        # says it, and a person at the terminal must not see a log.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Said, not left to the library's default (off since SQLCipher 4.5): memory security
        # wipes every allocation SQLite frees, a cost on every query, and protects nothing
        # here. The pages in SQLite's cache are decrypted while the app runs, and whoever can
        # read this process's memory can read the key too. Encryption is unchanged: AES-256,
        # an HMAC on every page.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        if key is not None:
            conn.execute(f"PRAGMA key = {key_pragma(key)}")
            conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def attach_new_encrypted(conn: sqlite3.Connection, path: str | Path, name: str, key: bytes) -> None:
    """Attach a new file to ``conn``, encrypted with ``key`` under the current settings (an
    attached file starts with SQLCipher's defaults, whatever ``conn`` has)."""
    conn.execute(f"ATTACH DATABASE ? AS {name} KEY {key_pragma(key)}", (str(path),))
    conn.execute(f"PRAGMA {name}.cipher_hmac_algorithm = {HMAC}")


def remove_database(path: Path) -> None:
    """A database file and its WAL and shared-memory files, each if it is there."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
