"""The conflicts inbox's reads against a brute force: conflicts about rows of every kind on a
seeded demo, named the way a person calls each row, computed in Python from ``SELECT *``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from relocdesk import demo
from relocdesk.desk import Desk

TODAY = datetime.date(2026, 5, 1)
Row = dict[str, Any]
SUBJECT_TABLES = ("household", "person", "building", "building_head", "referral", "need")


def table(desk: Desk, name: str) -> list[Row]:
    return [dict(r) for r in desk.conn.execute(f"SELECT * FROM {name}")]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    d = Desk(tmp_path_factory.mktemp("conflicts") / "community.db")
    demo.build(d, 200, seed=7, today=TODAY)
    made = []
    with d.transaction() as w:
        # Two conflicts about rows of each table, one about the community, one about a
        # training (no name for it: the row's id stands in), a resolved and a deleted one.
        for tbl in (*SUBJECT_TABLES, "training"):
            for r in d.conn.execute(f"SELECT id FROM {tbl} ORDER BY id LIMIT 2"):
                made.append(w.insert("conflict", conflict(d, tbl, r["id"], "notes")))
        made.append(w.insert("conflict", conflict(d, "community", d.community_id, "name")))
        done = w.insert("conflict", conflict(d, "household", made[0]["row_id"], "phone"))
        gone = w.insert("conflict", conflict(d, "household", made[1]["row_id"], "phone"))
    with d.transaction() as w:
        w.update("conflict", done["id"], {"resolution": "confirmed", "resolved_by": "x"})
        w.delete("conflict", gone["id"])
    yield d
    d.close()


def conflict(desk: Desk, tbl: str, row_id: str, field: str) -> Row:
    return {
        "tbl": tbl,
        "row_id": row_id,
        "field": field,
        "lost_value": orjson.dumps(f"lost {row_id[:4]}").decode(),
        "won_value": orjson.dumps(None).decode(),
        "lost_clock": "0001732280000000-0000-otherdevice",
        "won_clock": f"0001732280000001-0000-{desk.device_id}",
        "lost_device": "otherdevice",
        "won_device": desk.device_id,
    }


def expected_subject(tables: dict[str, dict[str, Row]], tbl: str, row_id: str) -> str:
    r = tables.get(tbl, {}).get(row_id)
    if r is None:
        return row_id[:8]
    if tbl == "household":
        return str(r["household_no"])
    if tbl == "person":
        # masked as in every list: the first four and last four characters
        number = r["id_number"]
        return r["name"] + (f"（{number[:4]}{'*' * 10}{number[-4:]}）" if number else "")
    if tbl == "building":
        return str(r["number"])
    if tbl == "referral":
        return tables["person"][r["person_id"]]["name"] + " · " + r["employer"]
    if tbl == "need":
        return tables["household"][r["household_id"]]["household_no"] + " · " + r["description"]
    return str(r["name"])  # building_head, community


def expected_household(tables: dict[str, dict[str, Row]], tbl: str, row_id: str) -> str:
    if tbl == "household":
        return row_id
    r = tables.get(tbl, {}).get(row_id)
    if tbl in ("person", "need") and r:
        return str(r["household_id"])
    if tbl == "referral" and r:
        return str(tables["person"][r["person_id"]]["household_id"])
    return ""


@pytest.fixture
def tables(desk: Desk) -> dict[str, dict[str, Row]]:
    names = ("household", "person", "building", "building_head", "referral", "need", "community")
    return {n: {r["id"]: r for r in table(desk, n)} for n in names}


def test_open_conflicts_equal_brute_force(desk: Desk, tables: dict[str, dict[str, Row]]) -> None:
    rows = table(desk, "conflict")
    open_rows = sorted(
        (c for c in rows if c["resolution"] is None and not c["deleted"]),
        key=lambda c: c["created_at"],
    )
    got = desk.conflicts.open()
    assert [c["id"] for c in got] == [c["id"] for c in open_rows]
    assert len(got) == len(rows) - 2 and desk.conflicts.count_open() == len(got)
    for c, r in zip(got, open_rows, strict=True):
        assert c["subject"] == expected_subject(tables, r["tbl"], r["row_id"])
        assert c["lost"] == orjson.loads(r["lost_value"]) and c["won"] is None
        assert c["tbl"] == r["tbl"] and c["field"] == r["field"]
        stamp = int(r["won_clock"].split("-")[0]) / 1000
        assert c["when"] == datetime.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
    # Every kind of subject came out, and the one without a name shows its id.
    assert {c["tbl"] for c in got} == {*SUBJECT_TABLES, "training", "community"}
    training = next(c for c in got if c["tbl"] == "training")
    assert training["subject"] == training["row_id"][:8]


def test_get_and_household_of(desk: Desk, tables: dict[str, dict[str, Row]]) -> None:
    rows = table(desk, "conflict")
    found_households = 0
    for r in rows:
        c = desk.conflicts.get(r["id"])
        assert c is not None
        assert dict(c) == {k: r[k] for k in c}
        household = desk.conflicts.household_of(r["tbl"], r["row_id"])
        assert household == expected_household(tables, r["tbl"], r["row_id"])
        found_households += bool(household) and r["tbl"] != "household"
    assert found_households >= 4
    assert desk.conflicts.get("no-such-conflict") is None


def test_plain_text_values_are_taken_as_they_are(desk: Desk) -> None:
    from relocdesk.queries.conflicts import decode

    assert decode('"13700000000"') == "13700000000"
    assert decode("not json") == "not json"
    assert decode("3") == 3 and decode(None) is None
