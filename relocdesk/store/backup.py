"""Backups of the community database: its file copied, or SQLite's online backup API, rolling
in the data folder.

Either copies the database from one read snapshot, so a backup taken while the app is
writing (even inside an open write transaction on another connection) is the database as it
was at one commit: never half of a save. The file's bytes are copied when its WAL could be
emptied into it (``_copy_whole_file``), page by page through the backup API otherwise. Both
ends are opened by ``open_database``, the store's one place that opens a file, so an
encrypted database gives encrypted backups under the same key.

Kept in ``<data folder>/backups``: one a day for the last 7 days the app ran, one a week for
the last 4 weeks, and the last few taken by hand (``relocdesk backup``, the Settings page).
"""

from __future__ import annotations

import datetime
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from relocdesk.store.cipher import remove_database
from relocdesk.store.connection import BUSY_TIMEOUT_MS, open_database
from relocdesk.validation import ValidationError

FOLDER = "backups"
KEEP = {"daily": 7, "weekly": 4, "manual": 5}
_NAME = re.compile(
    r"^(?P<kind>daily|weekly|manual|before-restore)-(?P<stamp>[0-9]{8}-[0-9]{6})(-[0-9]+)?\.db$"
)
_STAMP = "%Y%m%d-%H%M%S"
# Tables every community database has: a file without them is not one of ours.
_OURS = ("settings", "household", "person", "outbox")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # daily, weekly, manual, before-restore
    taken_at: datetime.datetime
    size: int


def folder_of(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def take(db_path: Path, target: Path) -> Path:
    """Copy the database at ``db_path`` into ``target`` (a new file) with the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = open_database(db_path)
    try:
        copied = _copy_whole_file(source, db_path, partial)
        dest = open_database(partial)
        try:
            if not copied:
                # One step (-1): the whole copy under one read snapshot of the source.
                source.backup(dest)
            # A single self-contained file: no -wal beside it to lose when it is copied.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        source.close()
    # Only a finished copy gets a backup's name: a crash mid-copy leaves a .partial, never
    # a file the list would offer to restore.
    partial.replace(target)
    return target


def _copy_whole_file(source: sqlite3.Connection, db_path: Path, partial: Path) -> bool:
    """Copy the database file's bytes when they hold the whole database: its WAL emptied
    into it, and a read snapshot held on it while it is copied. The backup API reads every
    page and writes it again, which for an encrypted file is a decryption and an encryption
    of each (about a second of CPU at 10,000 households, as long again as a plain file's);
    the bytes are already the database encrypted under its key.

    False, and nothing copied, when the WAL still holds commits: a reader or a writer kept
    the checkpoint from emptying it (it does not wait for them). While this connection
    reads from the file alone (an empty WAL), SQLite writes nothing into the file: another
    connection's commits go to the WAL, and no checkpoint copies them in before this read
    ends, so the bytes are one commit's database, as the backup API's are."""
    wal = db_path.with_name(db_path.name + "-wal")
    source.execute("PRAGMA busy_timeout = 0")
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot
        if wal.exists() and wal.stat().st_size > 0:
            return False
        shutil.copyfile(db_path, partial)
        return True
    finally:
        source.execute("COMMIT")


def name_for(kind: str, at: datetime.datetime) -> str:
    return f"{kind}-{at.strftime(_STAMP)}.db"


def fresh(folder: Path, kind: str, at: datetime.datetime) -> Path:
    """A new file's path: two backups in one second must not overwrite each other."""
    path = folder / name_for(kind, at)
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{kind}-{at.strftime(_STAMP)}-{n}.db"
    return path


def listing(folder: Path) -> list[BackupFile]:
    """The backups in a folder, newest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if m is None or not path.is_file():
            continue
        at = datetime.datetime.strptime(m["stamp"], _STAMP)
        found.append(BackupFile(path, m["kind"], at, path.stat().st_size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def due(folder: Path, now: datetime.datetime) -> list[str]:
    """Which rolling backups are missing for ``now``: a daily one for the day, a weekly one
    for the ISO week."""
    have = listing(folder)
    kinds = []
    if not any(b.kind == "daily" and b.taken_at.date() == now.date() for b in have):
        kinds.append("daily")
    week = now.isocalendar()[:2]
    if not any(b.kind == "weekly" and b.taken_at.isocalendar()[:2] == week for b in have):
        kinds.append("weekly")
    return kinds


def take_due(db_path: Path, now: datetime.datetime | None = None) -> list[Path]:
    """Take the rolling backups ``now`` is due for, then drop the ones past keeping."""
    now = now or datetime.datetime.now()
    folder = folder_of(db_path)
    made: list[Path] = []
    for kind in due(folder, now):
        target = folder / name_for(kind, now)
        # The second due at once (a week's first start) is the first one's bytes: the same
        # moment, and a file copy instead of reading, decrypting and encrypting every page
        # of the database again (the encrypted copy is valid under the same key as it is).
        made.append(_copy(made[0], target) if made else take(db_path, target))
    prune(folder)
    return made


def _copy(finished: Path, target: Path) -> Path:
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(finished, partial)
    partial.replace(target)
    return target


def take_manual(db_path: Path, now: datetime.datetime | None = None) -> Path:
    now = now or datetime.datetime.now()
    folder = folder_of(db_path)
    made = take(db_path, fresh(folder, "manual", now))
    prune(folder)
    return made


def prune(folder: Path) -> list[Path]:
    """Drop all but the newest ``KEEP[kind]`` backups of each kind; return what went.
    The copies kept aside before a restore are the person's own files: never dropped."""
    dropped: list[Path] = []
    seen: dict[str, int] = {}
    for b in listing(folder):
        if b.kind not in KEEP:
            continue
        seen[b.kind] = seen.get(b.kind, 0) + 1
        if seen[b.kind] > KEEP[b.kind]:
            b.path.unlink(missing_ok=True)
            dropped.append(b.path)
    return dropped


def check(path: Path, shown: Path | None = None) -> None:
    """Refuse a file that is not a sound community database, before anything is replaced.
    ``shown``: the file as the person named it, when ``path`` is a copy of it."""
    if not path.is_file():
        raise ValidationError(
            "backup", "missing", f"找不到备份文件：{path}", f"there is no backup file at {path}"
        )
    name = shown or path
    try:
        conn = open_database(path)
        try:
            # Each page's HMAC first: a damaged page of an encrypted file may otherwise fail
            # the integrity check with a bare "out of memory" from SQLCipher.
            damaged = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
            verdict = (
                "; ".join(damaged[:3])
                if damaged
                else conn.execute("PRAGMA integrity_check").fetchone()[0]
            )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except (sqlite3.DatabaseError, MemoryError) as e:
        raise ValidationError(
            "backup",
            "unreadable",
            f"备份文件无法读取（{e}）：{name}；它已损坏、不是数据库，或加密密钥不同",
            f"the backup {name} cannot be read ({e}): it is damaged, not a database, or"
            " encrypted with another key",
        ) from e
    if verdict != "ok":
        raise ValidationError(
            "backup",
            "damaged",
            f"备份文件已损坏（完整性检查：{verdict}）：{name}",
            f"the backup {name} is damaged (integrity check: {verdict})",
        )
    if not all(t in tables for t in _OURS):
        raise ValidationError(
            "backup",
            "not_ours",
            f"这不是 RelocDesk 社区数据库的备份：{name}",
            f"{name} is not a backup of a RelocDesk community database",
        )


def replace_damaged(db_path: Path, source: Path, now: datetime.datetime | None = None) -> Path:
    """Put a backup in place of a database that no longer opens (a damaged file): the
    restore ``restore_into`` cannot do, having no open database to write through. The backup
    is checked first, and nothing is moved when it fails (the same key opens both, so a
    backup that will not open says the key is wrong, not that the file is damaged). The
    damaged file and its WAL are kept, never deleted, as ``damaged-<time>.db`` in the backups
    folder, which the list of backups does not offer. Returns where they went."""
    folder = folder_of(db_path)
    now = now or datetime.datetime.now()
    readable = working_copy(source, folder, now)
    try:
        check(readable, source)
        folder.mkdir(parents=True, exist_ok=True)
        aside = fresh(folder, "damaged", now)
        for suffix in ("", "-wal", "-shm"):
            found = db_path.with_name(db_path.name + suffix)
            if found.exists():
                found.replace(aside.with_name(aside.name + suffix))
        take(readable, db_path)
    finally:
        if readable != source:
            remove_database(readable)
    return aside


def working_copy(path: Path, folder: Path, at: datetime.datetime) -> Path:
    """A copy of the backup ``path`` in ``folder``, encrypted, to be checked and restored
    from and then removed (``path`` itself when there is no such file, for ``check`` to say
    so). The person's file is only read: opening it as a database writes beside and into it
    (its WAL and shared-memory files, a migration), which a write-protected USB stick, a disc
    of archived backups or a read-only share refuses, and the restore failed there as "cannot
    be read: damaged, not a database, or encrypted with another key". A WAL beside it (a
    database copied while the app ran) comes too. A plain SQLite file (a backup from before
    the database was encrypted) is encrypted in the copy."""
    from relocdesk.store import cipher, conversion, database_key

    if not path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f".restoring-{at.strftime(_STAMP)}.db"  # not a backup: no kind, not listed
    remove_database(copy)
    try:
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        if cipher.is_plain(copy):
            conversion.encrypt_in_place(copy, database_key.database_key())
    except BaseException as e:
        remove_database(copy)
        if isinstance(e, sqlite3.DatabaseError):  # a plain file, but damaged
            raise ValidationError(
                "backup",
                "unreadable",
                f"备份文件无法读取（{e}）：{path}；它已损坏或不是数据库",
                f"the backup {path} cannot be read ({e}): it is damaged or not a database",
            ) from e
        raise
    return copy


def community_of(path: Path) -> tuple[str, str]:
    """(id, name) of the community a checked backup holds."""
    conn = open_database(path)
    try:
        cid = conn.execute("SELECT value FROM settings WHERE key = 'community_id'").fetchone()
        found = cid[0] if cid else ""
        row = conn.execute("SELECT name FROM community WHERE id = ?", (found,)).fetchone()
    finally:
        conn.close()
    return str(found or ""), str(row[0] if row else found or "?")


def restore_into(conn: sqlite3.Connection, backup: Path) -> None:
    """Replace the contents of the open database ``conn`` with a backup, in one step.

    The backup API writes through ``conn`` itself, so other connections of the app (the
    readers) see the restored data at their next read; nothing needs to be closed first.
    """
    source = open_database(backup)
    try:
        source.backup(conn)
    finally:
        source.close()


def replace_keeping_aside(
    conn: sqlite3.Connection, db_path: Path, backup: Path, aside: Path
) -> None:
    """Copy the open database ``conn`` (the file ``db_path``) to ``aside``, then replace its
    contents with ``backup``, with no other program's commit between the two: one made there
    (an import or a demo on the command line, a second window) would be in neither. The copy
    is taken holding the write lock, so a writer at work is waited for first, and the
    replacement takes the lock again the moment it is let go, the backup already open."""
    source = open_database(backup)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            take(db_path, aside)
        finally:
            conn.execute("ROLLBACK")  # nothing was written: the lock only kept writers out
        source.backup(conn)
    finally:
        source.close()


def integrity(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
