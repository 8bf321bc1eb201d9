"""The journal that keeps the device's sync digest up to date (store migration 0015).

The digest (``relocdesk.sync.protocol.digest``) is an XOR of per-row hashes, so it can be
kept row by row, as the county server keeps its own. Here the database does the keeping:
triggers on every synced table note, in ``sync_digest_log``, each row whose digest
contribution (``id``, ``community_id``, ``updated_at``, ``deleted``) changes, with its state as
the stored digest last counted it. Sync folds the journal into ``sync_digest`` when it
checks (``relocdesk.sync.digest``): that costs what the changes cost, not a pass over every
row.

Triggers rather than calls in each writer: every write path is covered the same way — the
Desk's writer, applied pages, scope removals, restores, migrations, a repair by hand in the
sqlite3 shell — in the same transaction as the write, and in plain SQL (the row hash is
blake2b, which SQLite lacks, so the hashing is left to the fold). The first change of a row
since the last fold wins (a later one finds it noted): that is the state the stored digest holds.

The triggers exist only while ``sync_digest`` holds a kept figure: the first count puts them
in, and a download of the whole community takes them out (``set_aside``) until the count at
its end. Even a trigger that notes nothing costs 1.5–2.5 µs a row on this machine; a first
download of 140,000 rows pays none of it, and a journal nobody reads is never written.
"""

from __future__ import annotations

import sqlite3

from relocdesk.catalogue import SYNCED_TABLES

STATE = "sync_digest"
LOG = "sync_digest_log"
_PREFIX = "sync_digest_"
# The columns whose change changes a row's part of the digest.
_KEY = ("id", "community_id", "updated_at", "deleted")


def create(conn: sqlite3.Connection) -> None:
    """The two tables (idempotent); the first count puts the triggers in."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {STATE} ("
        " one INTEGER PRIMARY KEY CHECK (one = 1), community_id TEXT NOT NULL,"
        " n_rows INTEGER NOT NULL, digest INTEGER NOT NULL, valid INTEGER NOT NULL)"
    )
    # version NULL: the row was not there when the digest was last counted.
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {LOG} ("
        " tbl TEXT NOT NULL, row_id TEXT NOT NULL, community_id TEXT, version TEXT,"
        " deleted INTEGER, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID"
    )


def _triggers(table: str) -> list[str]:
    def note(row: str, values: str) -> str:
        # A guarded plain INSERT, not INSERT OR IGNORE: inside a trigger the conflict policy
        # of the statement that fired it wins, and a page's upsert would abort on the repeat.
        return (
            f"INSERT INTO {LOG} SELECT {values} WHERE NOT EXISTS"
            f" (SELECT 1 FROM {LOG} WHERE tbl = '{table}' AND row_id = {row}.id);"
        )

    old = note("OLD", f"'{table}', OLD.id, OLD.community_id, OLD.updated_at, OLD.deleted")
    new = note("NEW", f"'{table}', NEW.id, NULL, NULL, NULL")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _KEY)
    name = f"{_PREFIX}{table}"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_ins AFTER INSERT ON {table} BEGIN {new} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_upd AFTER UPDATE OF {', '.join(_KEY)} ON {table}"
        f" WHEN {changed} BEGIN {old} {new} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_del AFTER DELETE ON {table} BEGIN {old} END",
    ]


def _tables(conn: sqlite3.Connection) -> list[str]:
    """The synced tables this file has (a table a later migration adds is not there yet)."""
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in SYNCED_TABLES if t in have]


def install_triggers(conn: sqlite3.Connection) -> None:
    for table in _tables(conn):
        for sql in _triggers(table):
            conn.execute(sql)


def triggers_missing(conn: sqlite3.Connection) -> bool:
    """True when a synced table lacks its triggers: a later migration added the table, or
    rebuilt one (dropping a table drops its triggers). The digest must then be counted anew."""
    have = {
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        if r[0].startswith(_PREFIX)
    }
    wanted = {f"{_PREFIX}{t}_{k}" for t in _tables(conn) for k in ("ins", "upd", "del")}
    return not wanted <= have


def set_aside(conn: sqlite3.Connection) -> None:
    """Stop keeping the digest until it is next counted in full (before a first download):
    the triggers go, and the next count puts them back."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        if name.startswith(_PREFIX):
            conn.execute(f"DROP TRIGGER {name}")
    conn.execute(f"UPDATE {STATE} SET valid = 0")
    conn.execute(f"DELETE FROM {LOG}")
