"""The full-text index's blocks fit an encrypted page, and a bulk-built index is one segment
per table (relocdesk.store.search, migration 0027; docs/encryption.md): what a search finds is
the same before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.store import open_database, search

# The most a row's payload keeps in an encrypted page (4096 bytes less 48 for the IV and the
# HMAC, less SQLite's 35), less the record header of a block of about 4 KB: more spills.
FITS = 4096 - 48 - 35 - 3
TABLES = ("search_name", "search_digits")
QUERIES = ("张", "王芳", "zhang", "zw", "5201", "1380", "3-2-5", "522629")


def blocks(desk: Desk) -> dict[str, tuple[int, int]]:
    """Per full-text table: its largest block and how many segments it has."""
    return {
        t: (
            desk.conn.execute(f"SELECT max(length(block)) FROM {t}_data").fetchone()[0],
            desk.conn.execute(f"SELECT count(DISTINCT segid) FROM {t}_idx").fetchone()[0],
        )
        for t in TABLES
    }


def found(desk: Desk) -> list[list[tuple[str, str, str, str, str]]]:
    return [
        [(h.kind, h.id, h.household_id, h.title, h.detail) for h in desk.search(q, 200)]
        for q in QUERIES
    ]


def test_a_bulk_built_index_fits_encrypted_pages_in_one_segment(tmp_path: Path) -> None:
    with Desk(tmp_path / "c.db") as desk:
        demo.build(desk, 300, seed=2)
        assert desk.conn.execute("PRAGMA cipher_version").fetchone()  # an encrypted file
        for largest, segments in blocks(desk).values():
            assert 3000 < largest <= FITS and segments == 1
        people = [r[0] for r in desk.conn.execute("SELECT id FROM person LIMIT 40")]
        for n, pid in enumerate(people):  # saves add small segments, still fitting
            desk.people.update(pid, phone=f"139{n:08d}")
        assert all(largest <= FITS for largest, _ in blocks(desk).values())
        assert [h.id for h in desk.search("13900000007")] == [people[7]]


def test_migration_27_writes_the_index_again_and_finds_the_same(tmp_path: Path) -> None:
    path = tmp_path / "m27.db"
    with Desk(path) as desk:
        demo.build(desk, 300, seed=3)
    conn = open_database(path)  # as before 0027: FTS5's default blocks, several segments
    for t in TABLES:
        conn.execute(f"INSERT INTO {t} ({t}, rank) VALUES ('pgsz', 4050)")
        conn.execute(f"INSERT INTO {t} ({t}) VALUES ('rebuild')")
        conn.commit()
    for rowid, text in conn.execute("SELECT rowid, digits FROM search_digits LIMIT 12").fetchall():
        conn.execute(  # an edit's own small segment each
            "INSERT OR REPLACE INTO search_digits (rowid, digits) VALUES (?, ?)",
            (rowid, text + " 7qzx7"),
        )
        conn.commit()
    before = {t: _blocks(conn, t) for t in TABLES}
    assert before["search_digits"][0] > FITS and before["search_digits"][1] > 1
    hits = [search.query(conn, q, 200) for q in (*QUERIES, "7qzx7")]
    docs = conn.execute("SELECT * FROM search_doc ORDER BY rowid").fetchall()
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0027_search_blocks_fit_a_page'")
    conn.commit()
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations == ["0027_search_blocks_fit_a_page"]
        for largest, segments in blocks(desk).values():
            assert largest <= FITS and segments == 1
        assert [search.query(desk.conn, q, 200) for q in (*QUERIES, "7qzx7")] == hits
        assert sum(map(bool, hits)) >= 6 and len(hits[-1]) == 12
        rows = desk.conn.execute("SELECT * FROM search_doc ORDER BY rowid").fetchall()
        assert [tuple(r) for r in rows] == [tuple(r) for r in docs]


def _blocks(conn: object, table: str) -> tuple[int, int]:
    c: Any = conn
    return (
        c.execute(f"SELECT max(length(block)) FROM {table}_data").fetchone()[0],
        c.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0],
    )
