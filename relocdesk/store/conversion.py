"""A plain community database turned into an encrypted one in place, losing nothing.

The plain file is exported (``sqlcipher_export``) into an encrypted file beside it, that copy
is opened with the key and its row counts and content digest compared with the plain
file's, and only then does it replace the plain file. A cancel or a failure leaves the plain
file as it was and no copy behind. ``encrypt_copies`` does the same to its plain
pre-migration copies and backups.

A file encrypted under the old settings (``cipher.OLD_HMAC``) is converted the same way, once:
opened with its own settings, exported into a file of the current ones, checked, swapped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from relocdesk.store import cipher
from relocdesk.validation import ValidationError

Progress = Callable[[int, int], None]  # bytes written so far, bytes to write
Cancel = Callable[[], bool]
# VM instructions between two progress calls: a few hundred a second on a 10k-household file.
PROGRESS_EVERY = 20_000
CHUNK = 2048
# backup.FOLDER (backup opens files through connection, which uses this module: the name is
# repeated rather than imported, and a test holds the two equal).
BACKUP_FOLDER = "backups"


class ConversionCancelled(Exception):
    """Cancelled by the person: the plain file is untouched."""


class ConversionFailed(ValidationError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            "database",
            "encryption_failed",
            f"数据库加密失败，原文件未改动：{path}（{detail}）",
            f"encrypting the database failed and the original file is unchanged: {path} ({detail})",
        )


@dataclass(frozen=True)
class Fingerprint:
    """Rows per table and one digest of every row's values (order-independent)."""

    counts: dict[str, int]
    digest: str
    user_version: int

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    """Counts, and a digest of every value of every table in scan order.

    The export writes each table in the order it reads it, so the copy scans the same. Each
    chunk of rows is reduced by Python's own hash (SipHash of every text and blob, computed in
    C: a ``repr`` of every value would take longer than the export itself) and the chunk
    hashes go into SHA-256. Python's hash of text is salted per process, so two fingerprints
    compare only within one run, which is all the conversion needs.
    """
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    if "sqlite_sequence" in tables and _empty(conn, "sqlite_sequence"):
        # Left behind, empty, once no table has AUTOINCREMENT (migration 0026): the export
        # makes no such table, and an empty one holds nothing to lose.
        tables.remove("sqlite_sequence")
    total = hashlib.sha256()
    counts: dict[str, int] = {}
    for name in tables:
        cur = conn.cursor()
        cur.row_factory = None
        cur.execute(f'SELECT * FROM "{name}"')
        n = 0
        total.update(f"{name}\0".encode())
        while rows := cur.fetchmany(CHUNK):
            n += len(rows)
            total.update(hash(tuple(rows)).to_bytes(8, "little", signed=True))
        counts[name] = n
        total.update(f"\0{n}\0".encode())
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return Fingerprint(counts, total.hexdigest(), version)


def _empty(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is None


def encrypt_in_place(
    path: str | Path,
    key: bytes,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Fingerprint:
    """Encrypt the plain database at ``path`` with ``key`` (or re-encrypt one of the old
    settings under the current ones); return the verified fingerprint.

    Raises ``ConversionCancelled`` when ``cancel`` says so, ``ConversionFailed`` when the
    copy does not match; in both cases the original file is unchanged.
    """
    path = Path(path)
    if cipher.is_plain(path):
        source_key = None
    elif cipher.written_with_old_settings(path, key):
        source_key = key
    else:
        raise ConversionFailed(path, "not a plain SQLite database / 不是未加密的数据库")
    copy = path.with_name(path.name + ".encrypting")
    _remove(copy)
    try:
        before = _export(path, source_key, copy, key, progress, cancel)
        check = cipher.connect(copy, key)
        try:
            after = fingerprint(check)
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        if cipher.written_with_old_settings(copy, key):  # it opened, but as the old kind
            raise ConversionFailed(path, f"not {cipher.HMAC}")
        if after != before:
            raise ConversionFailed(path, _difference(before, after))
        _remove(path.with_name(path.name + "-wal"))
        _remove(path.with_name(path.name + "-shm"))
        os.replace(copy, path)
    except BaseException:
        cipher.remove_database(copy)
        raise
    return after


def encrypt_copies(path: str | Path, key: bytes) -> list[Path]:
    """Encrypt the plain copies of the database at ``path`` (and re-encrypt those of the old
    settings): the ones kept before a migration (``<name>.before-<migration>.bak``) and the
    backups in ``backups/``."""
    path = Path(path)
    found = [
        *path.parent.glob(f"{path.name}.before-*.bak"),
        *(path.parent / BACKUP_FOLDER).glob("*.db"),
    ]
    done = []
    for old in sorted(found):
        if needs_conversion(old, key):
            encrypt_in_place(old, key)
            done.append(old)
    return done


def needs_conversion(path: str | Path, key: bytes) -> bool:
    """A plain file, or one encrypted with ``key`` under the old settings."""
    return cipher.is_plain(path) or cipher.written_with_old_settings(path, key)


def _export(
    path: Path,
    source_key: bytes | None,
    copy: Path,
    key: bytes,
    progress: Progress | None,
    cancel: Cancel | None,
) -> Fingerprint:
    conn = cipher.connect(path, source_key, check_same_thread=False)
    try:
        # Whatever the plain WAL holds goes into the file first, so the export and the
        # fingerprint see it and no plain WAL outlives the conversion.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        # The plain file's fingerprint is read on a second connection while this one
        # exports: both mostly wait on SQLite, which runs without the GIL.
        reader = _Fingerprinter(path, source_key)
        reader.start()
        try:
            _export_into(conn, path, copy, key, progress, cancel)
        finally:
            reader.join()
        before = reader.result()
        conn.execute(f"PRAGMA encrypted.user_version = {version}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    _fsync(copy)
    if progress is not None:
        total = max(path.stat().st_size, 1)
        progress(total, total)
    return before


def _export_into(
    conn: sqlite3.Connection,
    path: Path,
    copy: Path,
    key: bytes,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    total = max(path.stat().st_size, 1)
    cancelled = False

    def tick() -> int:
        nonlocal cancelled
        if cancel is not None and cancel():
            cancelled = True
            return 1  # interrupts sqlcipher_export
        if progress is not None:
            with contextlib.suppress(OSError):
                progress(min(copy.stat().st_size, total - 1), total)
        return 0

    cipher.attach_new_encrypted(conn, copy, "encrypted", key)
    # No journal and no syncs while the copy is written: it is not the database until it
    # has been read back and matched, and it is synced to disk before it replaces the file.
    conn.execute("PRAGMA encrypted.journal_mode = OFF")
    conn.execute("PRAGMA encrypted.synchronous = OFF")
    conn.execute("PRAGMA encrypted.cache_size = -200000")
    conn.set_progress_handler(tick, PROGRESS_EVERY)
    try:
        conn.execute("SELECT sqlcipher_export('encrypted')")
    except sqlite3.OperationalError:
        if cancelled:
            raise ConversionCancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


class _Fingerprinter(threading.Thread):
    def __init__(self, path: Path, key: bytes | None) -> None:
        super().__init__(name="fingerprint", daemon=True)
        self.path = path
        self.key = key
        self._result: Fingerprint | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            conn = cipher.connect(self.path, self.key, check_same_thread=False)
            try:
                self._result = fingerprint(conn)
            finally:
                conn.close()
        except BaseException as e:  # handed to the converting thread
            self._error = e

    def result(self) -> Fingerprint:
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _difference(before: Fingerprint, after: Fingerprint) -> str:
    for name in sorted(set(before.counts) | set(after.counts)):
        if before.counts.get(name) != after.counts.get(name):
            return f"{name}: {before.counts.get(name)} -> {after.counts.get(name)} rows"
    return "digest differs"


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
