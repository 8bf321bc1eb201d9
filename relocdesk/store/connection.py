"""The one place that opens the local database: encrypted with the device's key (SQLCipher)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relocdesk.store import cipher

BUSY_TIMEOUT_MS = 5000
# Pages of the in-memory temporary database (the evaluation's copies of every person and
# household), set while it is still empty: the indicators read those copies whole, one pass
# each, and a pass over 16 times fewer pages costs less (at 100,000 households about 0.5 s
# of CPU, docs/scaling.md). The file's own pages stay 4 KiB.
TEMP_PAGE_SIZE = 65536


def open_database(
    path: str | Path,
    *,
    check_same_thread: bool = True,
    key: bytes | None = None,
    convert_plain: bool = False,
    plain: bool = False,
) -> sqlite3.Connection:
    """Open (or create) a community database with the pragmas every connection needs.

    The file is encrypted with ``key``, by default the device's key (the keyring's, or the
    one a passphrase unlocked: ``database_key``). With ``convert_plain`` (the community
    database itself) a plain file from before encryption is converted first, verified and
    nothing lost, and so are its plain copies (before migrations, backups); the app and the
    command line convert before, with progress; a file encrypted under the old settings
    (``cipher.OLD_HMAC``) is converted the same way, once. Any other plain file (a backup
    someone picked) fails to open like a file of another key; any other file of the old
    settings opens with them.

    WAL lets readers run beside the one writer (SQLCipher encrypts the WAL's pages too);
    foreign keys keep members with their households; the busy timeout rides out a
    concurrent writer instead of failing.
    """
    if plain:  # the county server's working copies (Desk's ``encrypted=False``)
        key = None
    elif key is None:
        from relocdesk.store import database_key

        key = database_key.database_key()
    if convert_plain and key is not None:
        from relocdesk.store import conversion

        if conversion.needs_conversion(path, key):
            conversion.encrypt_in_place(path, key)
        # Checked at each opening (a glob of a few files): a conversion stopped between the
        # database and its copies finishes here.
        conversion.encrypt_copies(path, key)
    conn = cipher.connect(path, key, check_same_thread=check_same_thread)
    conn.row_factory = cipher.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA temp.page_size = {TEMP_PAGE_SIZE}")
    conn.execute("PRAGMA cache_size = -32000")
    return conn


@contextmanager
def closed_on_error(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``conn``, closed if the block fails: the error may be kept a while (a damaged file's,
    to offer a backup in its place) and must not keep the file open meanwhile."""
    try:
        yield conn
    except BaseException:
        conn.close()
        raise
