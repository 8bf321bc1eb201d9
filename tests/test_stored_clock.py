"""The device clock between runs, and the outbox without AUTOINCREMENT: a save writes its
row, its op and the search entries, neither the clock's setting nor an outbox counter."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from relocdesk import hlc
from relocdesk.desk import Desk
from relocdesk.store import migrations, open_database, stored_clock
from tests.conftest import add_household


def _newest_op(desk: Desk) -> str:
    return str(desk.conn.execute("SELECT hlc FROM outbox ORDER BY seq DESC").fetchone()[0])


def _reopened_clock(desk: Desk) -> tuple[int, int]:
    with Desk(desk.path) as again:
        ms, counter, _ = hlc.parse(again.clock.last)
    return ms, counter


def test_a_save_writes_neither_the_clock_setting_nor_an_outbox_counter(desk: Desk) -> None:
    hh = add_household(desk)
    person = desk.people.create(household_id=hh["id"], name="韦小宝")
    setting = desk.setting(stored_clock.SETTING)
    desk.people.update(person["id"], phone="13900001111")
    assert desk.setting(stored_clock.SETTING) == setting  # the op holds the clock
    assert _newest_op(desk) == desk.clock.last
    found = desk.conn.execute("SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'")
    assert found.fetchone()[0] == 0
    assert (
        "AUTOINCREMENT"
        not in desk.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'outbox'").fetchone()[
            0
        ]
    )


def test_the_clock_never_goes_back_after_a_restart(desk: Desk) -> None:
    hh = add_household(desk)
    person = desk.people.create(household_id=hh["id"], name="韦小宝")
    # A wall clock set back an hour: the stamps come from the clock's own count, not the wall.
    desk.clock = hlc.Clock(desk.device_id, desk.clock.last, now=lambda: 0.0)
    for n in range(3):
        desk.people.update(person["id"], phone=f"1390000111{n}")
    newest = hlc.parse(_newest_op(desk))[:2]
    assert _reopened_clock(desk) == newest  # kept by the op, not the setting
    # The ops acknowledged by the server and removed: the setting keeps the clock instead.
    with desk.transaction():
        desk.conn.execute("DELETE FROM outbox")
    assert _reopened_clock(desk) == newest
    desk.clock.observe(hlc.make(newest[0] + 60_000, 0, "other"))  # a pulled, later clock
    with desk.transaction():
        pass
    assert _reopened_clock(desk) == (newest[0] + 60_000, 0)


def test_migration_26_keeps_the_waiting_ops_in_their_order(tmp_path: Path) -> None:
    path = tmp_path / "v22.db"
    conn = open_database(path)
    migrations.migration_set().apply(
        Database(conn), stop_before="0026_outbox_without_autoincrement"
    )
    rows = [
        (5, "o5", "person", "p1", "c5", "{}", "{}"),
        (9, "o9", "person", "p2", "c9", "{}", "{}"),
    ]
    conn.executemany("INSERT INTO outbox VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0026_outbox_without_autoincrement"
        got = [tuple(r) for r in desk.conn.execute("SELECT * FROM outbox ORDER BY seq")]
        assert got == rows
        desk.create_community("锦绣社区")
        seqs = [r[0] for r in desk.conn.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs[:2] == [5, 9] and seqs[2] == 10
        indexes = {r[1] for r in desk.conn.execute("PRAGMA index_list(outbox)")}
        assert "outbox_row_idx" in indexes


def test_a_clock_set_back_on_purpose_stays_back_after_a_restart(desk: Desk) -> None:
    """As sync does when ops stamped under a wrong date are dated again from the true time:
    the setting must not bring the future clock back."""
    hh = add_household(desk)
    person = desk.people.create(household_id=hh["id"], name="韦小宝")
    true_ms = hlc.parse(desk.clock.last)[0]
    future = hlc.make(true_ms + 86_400_000, 0, desk.device_id)
    desk.set_setting(stored_clock.SETTING, future)  # saved under a date a day ahead
    desk.clock = hlc.Clock(desk.device_id, None)  # back to the true time, on purpose
    desk.people.update(person["id"], phone="13900001111")
    assert _reopened_clock(desk) == hlc.parse(_newest_op(desk))[:2]
    assert _reopened_clock(desk)[0] < true_ms + 86_400_000
