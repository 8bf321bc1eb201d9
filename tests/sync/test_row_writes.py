"""A pulled row is written only in the columns whose stored value would change: the rows end
as if every row had been written whole, whatever the types sent (an integer into a REAL
column is read back as a float and is no change)."""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.sync import row_writes

NAMES = ("id", "wage", "notes", "floor", "extra")
TABLE = "CREATE TABLE t (id TEXT PRIMARY KEY, wage REAL, notes TEXT, floor INTEGER, extra)"

# Mostly a few values, so that a page often sends what is stored, in its type or another.
few = st.sampled_from([None, True, False, 0, 1, 3000, 2**63 - 1, 0.0, 1.0, 3000.0, 2.5, "1", "x"])
scalars = st.one_of(few, few, few, st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False))
rows = st.lists(st.tuples(st.sampled_from("ab"), scalars, scalars, scalars, scalars), max_size=8)


def stored(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    cols = ", ".join(f"{n}, typeof({n})" for n in NAMES)
    return conn.execute(f"SELECT {cols} FROM t ORDER BY id").fetchall()


def spellings(value: Any) -> list[Any]:
    """``value`` and what a server may send for it in another type."""
    out = [value, None, 1, "x"]
    if isinstance(value, (int, float)) and abs(value) < 2**63:
        out += [int(value), float(value), str(value), bool(value)]
    return out


@st.composite
def pages(draw: st.DrawFn) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows stored, and a page that sends them again, each value in some spelling."""
    before = draw(rows)
    page = [
        (r[0], *(draw(st.sampled_from(spellings(v))) for v in r[1:]))
        for r in draw(st.lists(st.sampled_from(before), max_size=8) if before else st.just([]))
    ]
    return before, page + draw(rows)


@settings(max_examples=300, deadline=None)
@given(case=pages())
def test_only_changed_columns_written_ends_as_writing_every_row(
    case: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]],
) -> None:
    before, page = case
    whole, changed = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for conn in (whole, changed):
        conn.execute(TABLE)
        conn.executemany("INSERT OR REPLACE INTO t VALUES (?, ?, ?, ?, ?)", before)
    whole.executemany("INSERT OR REPLACE INTO t VALUES (?, ?, ?, ?, ?)", page)
    refused = row_writes.upsert(changed, "t", NAMES, [list(r) for r in page], list(page))
    assert refused == []
    assert stored(changed) == stored(whole)


def test_an_integer_wage_read_back_as_a_float_is_not_written_again() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    conn.execute("INSERT INTO t VALUES ('a', 3000, 'x', 1, NULL)")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    row_writes.upsert(conn, "t", NAMES, [["a", 3000, "x", 1, None]], [["a"]])
    assert not [s for s in statements if s.startswith(("UPDATE", "INSERT"))]
