"""The bulk writer (``RowWriter.insert_many``): each row with its own clock and one outbox op,
in row order, carrying every column of the row (what ``insert`` leaves out is null), whatever
the batch's size against the number of ops the writer puts in one statement."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
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
            fields = orjson.loads(op["fields"])
            assert list(fields) == columns  # in column order, as the bytes always were
            assert fields == {k: row[k] for k in columns}
            assert isinstance(op["fields"], bytes)  # stored as insert stores it
    finally:
        desk.conn.execute("ROLLBACK")
