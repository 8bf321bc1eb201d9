"""The full-text index is written in blocks that each fit one encrypted page, in one segment per
table after a bulk build, and migration 0027 brings an index written at FTS5's default
block size (every block spilling into an overflow page) to that layout, entries unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.store import migrations, search
from tests.conftest import connect

PAGE = 4096
# What SQLCipher keeps at the end of each page: a 16-byte IV and an HMAC-SHA256 of 32.
RESERVED = 16 + 32
# The most payload SQLite keeps in a table's leaf page before spilling into an overflow page
# (usable size − 35), less the record header of a ``*_data`` row (its id and block).
LARGEST_BLOCK = PAGE - RESERVED - 35 - 4
QUERIES = ("张", "王", "wang", "zs", "5227", "139", "1-1-101")


def blocks(conn: object, table: str) -> tuple[int, int]:
    """(number of blocks, length of the largest) of ``table``'s index."""
    row = conn.execute(  # type: ignore[attr-defined]
        f"SELECT count(*), max(length(block)) FROM {table}_data WHERE id > 10"
    ).fetchone()
    return int(row[0]), int(row[1])


def structure(conn: object, table: str) -> list[int]:
    """The head of ``table``'s structure record (FTS5's row 10: a 4-byte cookie, then
    varints: the number of levels, of segments, and of leaf pages ever written)."""
    sql = f"SELECT block FROM {table}_data WHERE id = 10"
    record = conn.execute(sql).fetchone()[0]  # type: ignore[attr-defined]
    values: list[int] = []
    value, at = 0, 4
    while len(values) < 3:
        byte = record[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(value)
            value = 0
    return values


def segments(conn: object, table: str) -> int:
    return structure(conn, table)[1]


def built(tmp_path: Path) -> Path:
    path = tmp_path / "community.db"
    with Desk(path) as desk:
        demo.build(desk, 300, seed=3, today=dt.date(2024, 5, 1))
    return path


def hits(path: Path) -> dict[str, list[str]]:
    with Desk(path) as desk:
        return {q: [h.id for h in desk.search(q, 30)] for q in QUERIES}


def test_a_bulk_build_writes_blocks_that_fit_an_encrypted_page(tmp_path: Path) -> None:
    conn = connect(built(tmp_path))
    for table in search.TEXT_TABLES:
        count, largest = blocks(conn, table)
        assert count > 10  # long doclists: blocks filled to the size FTS5 is given
        assert search.BLOCK_BYTES - 100 < largest <= LARGEST_BLOCK, table
        assert segments(conn, table) == 1, table
    conn.close()


def test_migration_27_rewrites_an_index_of_default_blocks(tmp_path: Path) -> None:
    path = built(tmp_path)
    before = hits(path)
    conn = connect(path)
    for table in search.TEXT_TABLES:  # the index as the versions before 0027 wrote it
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('pgsz', 4050)")
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        assert blocks(conn, table)[1] > LARGEST_BLOCK
    conn.execute(f"DELETE FROM {migrations.TABLE} WHERE name = '0027_search_blocks_fit_a_page'")
    entries = conn.execute("SELECT * FROM search_doc ORDER BY rowid").fetchall()
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations == ["0027_search_blocks_fit_a_page"]
        now = desk.conn.execute("SELECT * FROM search_doc ORDER BY rowid").fetchall()
        assert [tuple(r) for r in now] == entries
        for table in search.TEXT_TABLES:
            assert blocks(desk.conn, table)[1] <= LARGEST_BLOCK
            assert segments(desk.conn, table) == 1
            desk.conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    assert hits(path) == before
    assert all(before.values()), before


def test_one_transaction_re_indexing_many_entries_writes_them_together(tmp_path: Path) -> None:
    """Entries updated out of rowid order (as a page of pulled changes comes) are written as
    one segment at commit, not flushed one by one."""
    with Desk(built(tmp_path)) as desk:
        people = [r[0] for r in desk.conn.execute("SELECT id FROM person WHERE deleted = 0")]
        chosen = random.Random(1).sample(people, 60)
        before = structure(desk.conn, "search_digits")[2]
        with desk.transaction():
            for n, pid in enumerate(chosen):
                desk.people.update(pid, phone=f"1390077{n:04d}")
        assert structure(desk.conn, "search_digits")[2] - before <= 3
        assert [h.id for h in desk.search("13900770007")] == [chosen[7]]
