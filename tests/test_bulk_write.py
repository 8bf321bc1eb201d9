"""The bulk writer (``RowWriter.insert_many``): each row with its own clock and one outbox op,
in row order, carrying every column of the row (what ``insert`` leaves out is null), whatever
the batch's size against the number of ops the writer puts in one statement."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.store import ops as ops_form
from relocdesk.store import rows
from relocdesk.store.rows import RowWriter

STEP = rows._OPS_PER_STATEMENT


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.one_of(
        st.sampled_from([0, 1, STEP - 1, STEP, STEP + 1, 2 * STEP, 3 * STEP - 1]),
        st.integers(0, 3 * STEP + 7),
    )
)
def test_each_row_gets_its_op_in_order_with_every_column(desk: Desk, n: int) -> None:
    desk.conn.execute("BEGIN")
    try:
        w = RowWriter(desk.conn, desk.clock, desk.community_id)
        single = w.insert("building", {"number": "单独"})
        mark = desk.conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]
        # One row names an id of its own and one a key that is no column: neither is written.
        values = [{"number": f"{i}号楼", "units": i % 5 or None} for i in range(n)]
        if n:
            values[0]["id"] = "given-id"
            values[-1]["not_a_column"] = "x"
        assert w.insert_many("building", values) == n
        written = desk.conn.execute(
            "SELECT * FROM building WHERE created_at > ? ORDER BY rowid", (single["created_at"],)
        ).fetchall()
        ops = desk.conn.execute(
            "SELECT * FROM outbox WHERE seq > ? ORDER BY seq", (mark,)
        ).fetchall()
        assert [r["number"] for r in written] == [v["number"] for v in values]
        assert [op["row_id"] for op in ops] == [r["id"] for r in written]
        if n:
            assert written[0]["id"] == "given-id"
        single_op = desk.conn.execute(
            "SELECT fields FROM outbox WHERE row_id = ?", (single["id"],)
        ).fetchone()
        columns = [*rows.data_columns(desk.conn, "building"), "community_id"]
        assert set(orjson.loads(single_op["fields"])) <= set(columns)
        stamps = [op["op_id"] for op in ops]
        assert stamps == sorted(set(stamps)) and all(s > single["created_at"] for s in stamps)
        for row, op in zip(written, ops, strict=True):
            assert op["op_id"] == op["hlc"] == row["created_at"] == row["updated_at"]
            assert op["tbl"] == "building" and op["base"] == "{}"
            known = ops_form.shapes(desk.conn)
            fields = ops_form.fields_of(op["fields"], known)
            assert list(fields) == columns  # in column order, as the bytes always were
            assert fields == {k: row[k] for k in columns}
            assert isinstance(op["fields"], bytes)  # stored as insert stores it
            # stored compact (values and a shape, no names); the server is sent the object
            assert ops_form.is_compact(op["fields"]) and b'"number"' not in op["fields"]
            assert orjson.loads(ops_form.wire_fields(op["fields"], known)) == fields
    finally:
        desk.conn.execute("ROLLBACK")


def test_bulk_rows_store_what_insert_stores_blanks_included(desk: Desk) -> None:
    """insert_many binds a column nobody filled as a marker it turns into NULL in SQL (binding
    None is slow in the driver): every column must still hold what ``insert`` would have
    written, NULL where nothing was given, the types as given, the defaults as the schema
    says, and a value that merely looks blank ('' or 0) kept as such."""
    given: list[dict[str, object]] = [
        {"household_no": "1"},
        {"household_no": "2", "room": "", "unit": 0, "income_last_year": 1234.5, "phone": None},
        {"household_no": "3", "notes": "x'00'", "income_wages": 7, "dibao": "rural"},
    ]
    desk.conn.execute("BEGIN")
    try:
        w = RowWriter(desk.conn, desk.clock, desk.community_id)
        one_by_one = [w.insert("household", v)["id"] for v in given]
        w.insert_many("household", given)
        bulk = [
            r[0]
            for r in desk.conn.execute(
                "SELECT id FROM household WHERE id NOT IN (?, ?, ?) ORDER BY rowid", one_by_one
            )
        ]
        names = rows.data_columns(desk.conn, "household")
        typed = ", ".join(f"typeof({n}), {n}" for n in names)

        def stored(row_id: str) -> tuple[object, ...]:
            sql = f"SELECT {typed} FROM household WHERE id = ?"
            return tuple(desk.conn.execute(sql, (row_id,)).fetchone())

        def op(row_id: str) -> dict[str, object]:
            got = desk.conn.execute(
                "SELECT typeof(fields), fields FROM outbox WHERE row_id = ?", (row_id,)
            ).fetchone()
            assert got[0] == "blob"
            return ops_form.fields_of(got[1], ops_form.shapes(desk.conn))

        assert len(bulk) == 3
        for a, b in zip(one_by_one, bulk, strict=True):
            assert stored(a) == stored(b)
            # insert's op leaves out the columns it did not write; the bulk op names them null
            single, many = op(a), op(b)
            assert {k: single.get(k) for k in many} == many and set(single) <= set(many)
        first = dict(zip(names, stored(bulk[0])[1::2], strict=True))
        assert first["room"] is None and first["dibao"] == "none" and first["income_wages"] == 0
        second = dict(zip(names, stored(bulk[1])[1::2], strict=True))
        assert second["room"] == "" and second["unit"] == 0 and second["phone"] is None
    finally:
        desk.conn.execute("ROLLBACK")


def test_a_compact_op_reads_as_written_after_the_table_gains_a_column(desk: Desk) -> None:
    """A shape keeps the names an op was written with: a migration that adds a column (or a
    rebuilt table with another order) does not shift an unsent bulk op's values."""
    desk.conn.execute("BEGIN")
    try:
        w = RowWriter(desk.conn, desk.clock, desk.community_id)
        w.insert_many("building", [{"number": "7号楼", "units": 3}])
        (stored,) = desk.conn.execute("SELECT fields FROM outbox ORDER BY seq DESC").fetchone()
        before = ops_form.fields_of(stored, ops_form.shapes(desk.conn))
        desk.conn.execute("ALTER TABLE building ADD COLUMN later_column TEXT")
        rows.forget(desk.conn)  # as migrate() does after its steps
        assert ops_form.fields_of(stored, ops_form.shapes(desk.conn)) == before
        assert before["number"] == "7号楼" and before["units"] == 3
        w.insert_many("building", [{"number": "8号楼"}])
        (second,) = desk.conn.execute("SELECT fields FROM outbox ORDER BY seq DESC").fetchone()
        after = ops_form.fields_of(second, ops_form.shapes(desk.conn))
        assert "later_column" in after and after["number"] == "8号楼"
        with pytest.raises(ValueError, match="unknown shape"):
            ops_form.fields_of(b"[999, 1]", ops_form.shapes(desk.conn))
    finally:
        desk.conn.execute("ROLLBACK")
        rows.forget(desk.conn)


def test_an_op_stored_in_the_first_compact_form_still_reads(desk: Desk) -> None:
    """Ops written before shapes held fixed values (a shape of names alone, an op of every
    value) and waiting in an outbox read back as they were written, beside the new form."""
    desk.conn.execute("BEGIN")
    try:
        names = ["number", "name", "units", "community_id"]
        old = ops_form.shape_id(desk.conn, names)
        stored = orjson.dumps([old, "9号楼", None, 4, "c-1"])
        known = ops_form.shapes(desk.conn)
        assert ops_form.fields_of(stored, known) == {
            "number": "9号楼",
            "name": None,
            "units": 4,
            "community_id": "c-1",
        }
        new = ops_form.shape_id(desk.conn, names, {"name": None, "community_id": "c-1"})
        assert new != old and new == ops_form.shape_id(
            desk.conn, names, {"community_id": "c-1", "name": None}
        )
        known = ops_form.shapes(desk.conn)
        read = ops_form.fields_of(orjson.dumps([new, "9号楼", 4]), known)
        assert list(read) == names  # the column order of the first form
        assert read == ops_form.fields_of(stored, known)
        with pytest.raises(ValueError, match="unknown shape"):  # a value short
            ops_form.fields_of(orjson.dumps([new, "9号楼"]), known)
    finally:
        desk.conn.execute("ROLLBACK")


def test_new_ids_are_version_4_uuids_unique_across_the_pool_and_a_fork() -> None:
    import os
    import uuid

    made = [rows.new_id() for _ in range(3 * rows._POOL_IDS + 5)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # A child forked with part of the pool left must not hand out what the parent will.
    rows.new_id()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent, then gone without cleanup
        os.write(write, " ".join(rows.new_id() for _ in range(8)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as pipe:
        child = set(pipe.read().split())
    parent = {rows.new_id() for _ in range(8)}
    assert len(child) == 8 and not child & parent


def test_ids_made_many_at_once_are_version_4_uuids_as_new_id_makes() -> None:
    import uuid

    made = rows.new_ids(5000) + rows.new_ids(1) + rows.new_ids(0)
    assert len(made) == 5001 and len(set(made)) == 5001
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # every bit but the six fixed ones is drawn: each character of the text varies
    for place in range(36):
        seen = {text[place] for text in made}
        if place in (8, 13, 18, 23):
            assert seen == {"-"}
        elif place == 14:
            assert seen == {"4"}
        elif place == 19:
            assert seen == set("89ab")
        else:
            assert seen == set("0123456789abcdef")


def test_what_is_learnt_of_a_schema_stays_with_its_connection(tmp_path: Path) -> None:
    """A connection opened where a closed one was (CPython reuses the address often) learns
    its own file's columns, not the closed connection's."""
    from relocdesk.store import cipher, database_key

    key = database_key.database_key()
    narrow, wide = tmp_path / "narrow.db", tmp_path / "wide.db"
    for path, sql in ((narrow, "CREATE TABLE t (a)"), (wide, "CREATE TABLE t (a, b, c)")):
        conn = cipher.connect(path, key)
        conn.execute(sql)
        conn.close()
    reused = 0
    for _ in range(40):
        first = cipher.connect(narrow, key)
        assert rows.columns(first, "t") == ("a",)
        address = id(first)
        first.close()
        del first
        second = cipher.connect(wide, key)
        reused += id(second) == address
        assert rows.columns(second, "t") == ("a", "b", "c")
        second.close()
        del second
    assert reused, "no connection address was reused: the case was not exercised"


_HOUSEHOLD_VALUES = {
    "room": st.one_of(st.none(), st.sampled_from(["", "501", "it's", "x'00'"])),
    "unit": st.one_of(st.none(), st.integers(0, 9)),
    "dibao": st.sampled_from(["none", "rural", "o'neil"]),
    "income_wages": st.one_of(st.integers(0, 10**6), st.floats(0, 1e6, allow_nan=False)),
    "income_last_year": st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False)),
    "monitored": st.integers(0, 1),
    "notes": st.one_of(st.none(), st.text(max_size=8)),
    "phone": st.one_of(st.none(), st.just("")),
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    batch=st.lists(st.fixed_dictionaries({}, optional=_HOUSEHOLD_VALUES), min_size=1, max_size=6)
)
def test_a_batch_stores_what_insert_stores_whichever_columns_its_rows_give(
    desk: Desk, batch: list[dict[str, object]]
) -> None:
    """A column no row of a batch gives is written as a constant of the statement, one some
    rows give is bound: either way each row holds, value and type, what ``insert`` of the
    same values holds (defaults with quotes, numbers in REAL columns, blanks)."""
    given = [{**v, "household_no": str(i)} for i, v in enumerate(batch)]
    names = rows.data_columns(desk.conn, "household")
    typed = ", ".join(f"typeof({n}), {n}" for n in names)
    desk.conn.execute("BEGIN")
    try:
        w = RowWriter(desk.conn, desk.clock, desk.community_id)
        singles = [w.insert("household", v)["id"] for v in given]
        bulk = [{**v, "id": f"bulk-{i}"} for i, v in enumerate(given)]
        assert w.insert_many("household", bulk) == len(bulk)

        def stored(row_id: str) -> tuple[object, ...]:
            sql = f"SELECT {typed} FROM household WHERE id = ?"
            return tuple(desk.conn.execute(sql, (row_id,)).fetchone())

        for single, many in zip(singles, bulk, strict=True):
            assert stored(single) == stored(str(many["id"]))
        # Each op reads back as its row holds it, every column and the community; it stores
        # the values of the columns the batch gives, the others once in its shape.
        known = ops_form.shapes(desk.conn)
        gave = {k for v in given for k in v}
        for many in bulk:
            (op,) = desk.conn.execute(
                "SELECT fields FROM outbox WHERE row_id = ?", (many["id"],)
            ).fetchone()
            row = desk.conn.execute("SELECT * FROM household WHERE id = ?", (many["id"],))
            as_stored = dict(row.fetchone())
            assert ops_form.fields_of(op, known) == {
                n: as_stored[n] for n in (*names, "community_id")
            }
            assert len(orjson.loads(op)) == 1 + len(gave)
            assert desk.community_id.encode() not in op
    finally:
        desk.conn.execute("ROLLBACK")


@given(
    value=st.one_of(
        st.none(),
        # a default comes from the schema's SQL, which cannot hold a NUL
        st.text(st.characters(exclude_characters="\x00")),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_a_default_written_as_a_literal_is_what_binding_it_stores(value: object) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        sql = rows.literal(value)  # type: ignore[arg-type]
        as_literal = conn.execute(f"SELECT typeof({sql}), {sql}").fetchone()
        as_bound = conn.execute("SELECT typeof(?), ?", (value, value)).fetchone()
        assert as_literal == as_bound
    finally:
        conn.close()
