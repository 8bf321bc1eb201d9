"""Server rows written into the device's tables: new rows whole, rows already here only in
the columns whose values differ, neighbouring writes of one statement in one executemany."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from relocdesk.store import rows as store_rows
from relocdesk.sync import held, protocol
from relocdesk.sync.local import chunks


def upsert(
    conn: sqlite3.Connection,
    table: str,
    names: Sequence[str],
    values: list[list[Any]],
    group: list[Sequence[Any]],
) -> list[str]:
    """Insert the new rows and write, in rows already here, the columns whose values differ;
    returns the ids of those the schema refused, now held.

    A row stored again whole rewrote every index of its table, whatever changed: a pulled
    phone also wrote the person's pages of the ID-number, name and household indexes, each
    page encrypted (docs/encryption.md). The rows end the same either way.
    """
    marks = ", ".join([store_rows.NULLABLE] * len(names))  # bound through store_rows.bindable
    full = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"
        f" ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in names[1:])
    )
    reals = store_rows.real_columns(conn, table)
    as_stored = [i for i, n in enumerate(names) if n in reals]
    writes = _writes(_stored(conn, table, names, values), table, names, values, full, as_stored)
    refused: list[str] = []
    try:
        for sql, batch in _runs(writes):
            conn.executemany(sql, batch)
    except sqlite3.IntegrityError:
        # One row the schema refuses must not stop the others: store them one by one (each
        # write is idempotent, so those already made are made again harmlessly).
        for (sql, args), s in zip(writes, group, strict=True):
            try:
                if sql:
                    conn.execute(sql, args)
            except sqlite3.IntegrityError as e:
                held.hold(conn, table, s, str(e))
                refused.append(s[protocol.ROW_ID])
    return refused


Write = tuple[str, Sequence[Any]]  # a statement and its arguments ("": nothing to write)


def _stored(
    conn: sqlite3.Connection, table: str, names: Sequence[str], values: list[list[Any]]
) -> dict[str, Sequence[Any]]:
    """The rows of ``values`` this device has, as ``names`` in order."""
    cur = conn.cursor()
    cur.row_factory = None
    found: dict[str, Sequence[Any]] = {}
    for chunk in chunks([v[0] for v in values]):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {', '.join(names)} FROM {table} WHERE id IN ({marks})"
        found.update((r[0], r) for r in cur.execute(sql, chunk))
    return found


def _writes(
    stored: dict[str, Sequence[Any]],
    table: str,
    names: Sequence[str],
    values: list[list[Any]],
    full: str,
    reals: Sequence[int] = (),
) -> list[Write]:
    """Each row's write, in order: the whole row when it is new (or its id came before in
    this page, so what is stored is no longer what was read), else its differing columns.
    ``reals``: the places of REAL columns, where an integer is compared as the float that
    SQLite would store (a wage of 3000 read back as 3000.0 was written again on every pull,
    and a page's writes then alternated between two statements)."""
    out: list[Write] = []
    seen: set[str] = set()
    for v in values:
        old = None if v[0] in seen else stored.get(v[0])
        seen.add(v[0])
        if old is None:
            out.append((full, store_rows.bindable(v)))
            continue
        new = _as_stored(v, reals) if reals else v
        # The same type and value: SQLite stores it as it is. Anything else is written.
        cols = [
            i for i in range(1, len(names)) if type(old[i]) is not type(new[i]) or old[i] != new[i]
        ]
        if not cols:
            out.append(("", ()))
            continue
        sets = ", ".join(f"{names[i]} = ?" for i in cols)
        out.append((f"UPDATE {table} SET {sets} WHERE id = ?", [*(v[i] for i in cols), v[0]]))
    return out


def _as_stored(values: Sequence[Any], reals: Sequence[int]) -> Sequence[Any]:
    """``values`` as SQLite would read them back: integers of REAL columns as floats."""
    kinds = (int, bool)
    if not any(type(values[i]) in kinds for i in reals):
        return values
    out = list(values)
    for i in reals:
        if type(out[i]) in kinds:
            out[i] = float(out[i])
    return out


def _runs(writes: list[Write]) -> Iterator[tuple[str, list[Sequence[Any]]]]:
    """Neighbouring writes of one statement together, in order (a page's changes mostly
    share their columns)."""
    sql, batch = "", list[Sequence[Any]]()
    for next_sql, args in writes:
        if next_sql != sql:
            if sql:
                yield sql, batch
            sql, batch = next_sql, []
        batch.append(args)
    if sql:
        yield sql, batch
