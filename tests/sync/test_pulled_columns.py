"""A pulled row already on the device is written in the columns whose values differ, so an
edit of a phone leaves the pages of the ID-number, name and household indexes alone; the
device ends with the same rows as a whole write gives, a row sent twice in a page included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from relocdesk.sync import protocol, received
from tests.conftest import add_household
from tests.sync.harness import County, snapshot

WATCHED = ("id_number", "name", "household_id")


def watch(conn: Any) -> None:
    """Note each UPDATE whose SET list names a watched column (it rewrites that index)."""
    conn.execute("CREATE TEMP TABLE fired (col TEXT)")
    for col in WATCHED:
        conn.execute(
            f"CREATE TEMP TRIGGER fired_{col} AFTER UPDATE OF {col} ON main.person"
            f" BEGIN INSERT INTO fired VALUES ('{col}'); END"
        )


def fired(conn: Any) -> list[str]:
    return [r[0] for r in conn.execute("SELECT col FROM fired ORDER BY rowid")]


def test_a_pulled_phone_writes_no_indexed_column(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    person = a.desk.people.create(
        household_id=hh["id"], name="韦小宝", relation="head", id_number="11010519491231002X"
    )
    a.run()
    b.run()
    watch(b.desk.conn)
    a.desk.people.update(person["id"], phone="13900001111")
    a.run()
    b.run()
    assert b.desk.people.get(person["id"])["phone"] == "13900001111"
    assert fired(b.desk.conn) == []
    a.desk.people.update(person["id"], name="韦大宝", phone="13900002222")
    a.run()
    b.run()
    row = b.desk.people.get(person["id"])
    assert (row["name"], row["phone"]) == ("韦大宝", "13900002222")
    assert fired(b.desk.conn) == ["name"]
    assert [h.id for h in b.desk.search("韦大宝")] == [person["id"]]
    assert snapshot(a.desk) == snapshot(b.desk)


def test_a_row_twice_in_a_page_ends_as_the_last_state(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    person = a.desk.people.create(household_id=hh["id"], name="韦小宝", relation="head")
    pulled: list[Sequence[Any]] = []
    original = received.apply_page

    def keep(desk: Any, states: Sequence[Sequence[Any]], **kw: Any) -> Any:
        pulled.extend(s for s in states if s[protocol.ROW_ID] == person["id"])
        return original(desk, states, **kw)

    monkeypatch.setattr(received, "apply_page", keep)
    for phone in ("13900001111", "13900002222"):
        a.desk.people.update(person["id"], phone=phone)
        a.run()
        b.run()
    monkeypatch.undo()
    first, last = pulled[-2], pulled[-1]
    # What the device holds is the last state; the page's first copy of the row differs
    # from it, its second does not, and the second must still be written after the first.
    received.apply_page(b.desk, [first, last])
    assert b.desk.people.get(person["id"])["phone"] == "13900002222"
    assert snapshot(a.desk) == snapshot(b.desk)


def test_a_pulled_rows_empty_fields_are_stored_empty(county: County) -> None:
    """New rows are bound with their empty fields as a marker SQL turns back into NULL
    (``store_rows.bindable``): the stored values are NULL, of the types the writer made."""
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    a.desk.people.create(household_id=hh["id"], name="韦小宝", relation="head")
    a.run()
    b.run()
    kinds = "SELECT {} FROM person"
    columns = [r[1] for r in a.desk.conn.execute("PRAGMA table_info(person)")]
    typed = kinds.format(", ".join(f"typeof({c})" for c in columns))
    assert [tuple(r) for r in b.desk.conn.execute(typed)] == [
        tuple(r) for r in a.desk.conn.execute(typed)
    ]
    assert "null" in b.desk.conn.execute(typed).fetchone()
    assert snapshot(a.desk) == snapshot(b.desk)
