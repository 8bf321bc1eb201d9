"""The device's digest is kept up to date by the writes themselves (store migration 0015):
after any sequence of edits, deletes, removals and pulls from a real server it equals a count
over every row, and a check costs the changed rows, not the whole community."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.catalogue import SYNCED_TABLES
from relocdesk.desk import Desk
from relocdesk.sync import held, local, protocol, received
from tests.conftest import add_household
from tests.sync.harness import County, Workload


def counted(desk: Desk) -> tuple[int, int]:
    """Count and digest over every row, written out here from the protocol's definition:
    the community's rows, a held server row in place of the local one."""
    conn = desk.conn
    held = {(r[0], r[1]): orjson.loads(r[2]) for r in conn.execute("SELECT * FROM sync_held")}
    items: list[tuple[str, str, str, int]] = []
    mine = (desk.community_id,)
    for table in SYNCED_TABLES:
        for r in conn.execute(f"SELECT * FROM {table} WHERE community_id = ?", mine):
            if (table, r["id"]) not in held:
                items.append((table, r["id"], r["updated_at"], r["deleted"]))
    for (table, row_id), s in held.items():
        version = max([s[protocol.CREATED_AT], *s[protocol.CLOCKS].values()])
        items.append((table, row_id, version, 1 if s[protocol.DELETED] else 0))
    return protocol.digest(items)


def journal(desk: Desk) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in desk.conn.execute("SELECT tbl, row_id FROM sync_digest_log")]


class Digested(Workload):
    """The sync workload, plus rows removed outright (as a building head's device drops
    households that left its buildings) and checks of the digest between steps."""

    def step(self, kind: str, d: int, target: int, value: int) -> None:
        desk = self.devices[d % len(self.devices)].desk
        if kind == "check":
            assert local.local_digest(desk) == counted(desk)
        elif kind == "remove":
            live = self.live(d % len(self.devices))
            if live:
                hid = live[target % len(live)]
                with received.sync_transaction(desk):
                    desk.conn.execute("DELETE FROM visit WHERE household_id = ?", (hid,))
                    desk.conn.execute("DELETE FROM household WHERE id = ?", (hid,))
        else:
            super().step(kind, d, target, value)


KINDS = ["sync", "sync", "room", "notes", "phone", "create", "delete", "visit", "remove"]
steps = st.lists(
    st.tuples(
        st.sampled_from([*KINDS, "check", "check"]),
        st.integers(0, 4),
        st.integers(0, 7),
        st.integers(0, 99),
    ),
    min_size=5,
    max_size=30,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(devices=st.integers(2, 3), script=steps)
def test_kept_digest_equals_a_count_of_every_row(
    sqlite_county: County, devices: int, script: list[Any]
) -> None:
    work = Digested(sqlite_county, devices)
    for step in script:
        work.step(*step)
    for e in work.devices:
        assert local.local_digest(e.desk) == counted(e.desk)
    for e in work.devices:
        e.run()
    for e in work.devices:
        assert local.local_digest(e.desk) == counted(e.desk)
        report = e.run(verify=True)
        # Rows removed outright are offered back or fetched again; either way the device
        # ends agreeing with the server, by its kept figure.
        assert report.verified is True
        assert local.local_digest(e.desk) == counted(e.desk)
        assert held.count(e.desk.conn) == 0


def test_a_check_reads_only_the_changed_rows(county: County) -> None:
    a = county.device()
    homes = [add_household(a.desk, room=f"{i}01")["id"] for i in range(5)]
    assert a.run(verify=True).verified is True
    assert journal(a.desk) == []
    a.desk.households.update(homes[0], notes="moved")
    a.desk.households.update(homes[0], notes="moved again")
    a.desk.households.delete(homes[1])
    a.desk.households.update(homes[2], notes="x")
    a.desk.households.update(homes[2], notes="x")  # no change: nothing to note
    assert sorted(journal(a.desk)) == sorted(("household", h) for h in homes[:3])
    assert local.local_digest(a.desk) == counted(a.desk)
    assert journal(a.desk) == []
    assert a.run(verify=True).verified is True


def test_a_pulled_row_already_noted_is_stored_not_held(county: County) -> None:
    """The journal's note of a row a page then updates again must not stop the page's write."""
    a, b = county.device(), county.device()
    hh = add_household(a.desk, room="101")
    a.run()
    assert b.run(verify=True).verified is True
    a.desk.households.update(hh["id"], room="201")
    b.desk.households.update(hh["id"], notes="b note")
    assert journal(b.desk) == [("household", hh["id"])]
    a.run()
    report = b.run()
    assert report.held == 0 and b.desk.households.get(hh["id"])["room"] == "201"
    assert local.local_digest(b.desk) == counted(b.desk)


def test_a_wrong_kept_figure_is_repaired_not_a_full_download(county: County) -> None:
    a, b = county.device(), county.device()
    add_household(a.desk, room="101")
    a.run()
    assert b.run(verify=True).verified is True
    with b.desk.transaction():
        b.desk.conn.execute("UPDATE sync_digest SET digest = digest + 1, n_rows = n_rows + 1")
    report = b.run(verify=True)
    assert report.verified is True and report.full_download is False
    assert local.local_digest(b.desk) == counted(b.desk)


def test_a_table_without_its_triggers_is_counted_again(county: County) -> None:
    a = county.device()
    hh = add_household(a.desk, room="101")
    a.run()
    assert local.local_digest(a.desk) == counted(a.desk)
    # A migration that rebuilds a table drops its triggers with it.
    with a.desk.transaction():
        for kind in ("ins", "upd", "del"):
            a.desk.conn.execute(f"DROP TRIGGER sync_digest_household_{kind}")
    a.desk.households.update(hh["id"], notes="unseen by any trigger")
    assert local.local_digest(a.desk) == counted(a.desk)
    a.desk.households.update(hh["id"], notes="seen again")
    assert journal(a.desk) == [("household", hh["id"])]
    assert local.local_digest(a.desk) == counted(a.desk)


def test_a_first_download_keeps_no_journal(county: County) -> None:
    a = county.device()
    for i in range(20):
        add_household(a.desk, room=f"{i}01")
    a.run()
    b = county.device()
    assert b.run().pulled >= 21
    assert journal(b.desk) == []
    assert local.local_digest(b.desk) == counted(b.desk)
    assert b.run(verify=True).verified is True
