"""Audit rows travel to the county: a real server on 127.0.0.1 stores them as they were
written, a county account's device receives them, and the server keeps them append-only."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot


def test_looks_reach_the_server_and_the_county(county: County, tmp_path: Path) -> None:
    device = county.device()
    desk = device.desk
    hh = add_household(desk, household_no="H-9", room="902")
    person = desk.people.create(household_id=hh["id"], name="张三", relation="head")
    desk.staff.add(county.user, "482913")  # the enrolled county user is the first account
    desk.staff.sign_in(county.user, "482913")
    desk.opened_household(hh["id"])
    desk.reveal_id_number(person["id"])
    desk.audit.record("print", "person", [person["id"]])
    desk.lists.export(
        "households", tmp_path / "list.xlsx", title="住户", headers=["户号"], rows=[["H-9"]]
    )
    fields = ("action", "actor", "subject_id", "household_id", "person_id")
    written = {r["id"]: tuple(r[f] for f in fields) for r in desk.audit.find()}
    assert len(written) == 4
    # each names its household, and the person where one was looked at (the list: neither)
    assert sorted((w[3:] for w in written.values()), key=str) == sorted(
        [(hh["id"], None), (hh["id"], person["id"]), (hh["id"], person["id"]), (None, None)],
        key=str,
    )
    assert device.run().pushed >= 6

    stored = server_snapshot(county.storage, county.community_id)
    on_server = {
        row_id: tuple(v["data"].get(f) for f in fields)
        for (tbl, row_id), v in stored.items()
        if tbl == "audit"
    }
    assert on_server == written

    # The county's own account receives them like any row of the community.
    county.storage.create_user("county-li", county.password, "county", county.community_id)
    watcher = county.device(user="county-li")
    watcher.run()
    seen = {e.id: (e.action, e.actor, e.subject_id, e.household_id, e.person_id)
            for e in watcher.desk.audit_trail()}  # fmt: skip
    assert seen == written
    assert {e.subject for e in watcher.desk.audit_trail()} == {"H-9", "张三", None}
    assert len(watcher.desk.audit_trail(person_id=person["id"])) == 2


def test_an_audit_row_is_never_changed_on_the_server(county: County) -> None:
    """A device that forges an edit of an audit row (a tampered file: an op written straight
    into its outbox) cannot change what the server holds: audit is append-only there too."""
    import orjson

    device = county.device()
    hh = add_household(device.desk, household_no="H-1")
    device.desk.opened_household(hh["id"])
    device.run()
    (row_id,) = [
        k[1] for k in server_snapshot(county.storage, county.community_id) if k[0] == "audit"
    ]
    before = server_snapshot(county.storage, county.community_id)[("audit", row_id)]
    stamp = device.desk.clock.tick()
    device.desk.conn.execute(
        "INSERT INTO outbox (op_id, tbl, row_id, hlc, fields, base) VALUES (?, ?, ?, ?, ?, ?)",
        (stamp, "audit", row_id, stamp, orjson.dumps({"actor": "nobody", "deleted": 1}), b"{}"),
    )
    device.run()
    after = server_snapshot(county.storage, county.community_id)[("audit", row_id)]
    assert after["data"] == before["data"] and after["deleted"] == 0
