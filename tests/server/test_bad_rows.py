"""Rows a server stored before it checked ops — a clock that is no clock, a nested object as
a value, a clock thirty years ahead — no longer stop a device's sync: it holds what it cannot
store and says so, and does not take the far clock as its own. County IT repairs or removes
such a row with ``relocdesk-server admin`` (no SQL), and every device then takes the repair."""

from __future__ import annotations

import time
import uuid
from typing import Any

import orjson
import pytest

from relocdesk import hlc
from relocdesk.server import cli as server_cli
from relocdesk.server.storage import Storage
from relocdesk.sync import protocol
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

THIRTY_YEARS_MS = 30 * 365 * 24 * 3600 * 1000


def _plant(storage: Storage, cid: str, tbl: str, created: str, data: Any, clocks: Any) -> str:
    """Store a row as a server without checks did: numbered, counted, in the digest."""
    from sqlalchemy import select

    row_id = str(uuid.uuid4())
    c, r = storage.t_community, storage.t_row
    with storage.write() as conn:
        head = conn.execute(select(c.c.seq, c.c.n_rows, c.c.digest).where(c.c.id == cid)).one()
        seq = head.seq + 1
        version = max([created, *clocks.values()])
        conn.execute(
            r.insert().values(
                tbl=tbl,
                row_id=row_id,
                community_id=cid,
                seq=seq,
                created_at=created,
                deleted=0,
                data=orjson.dumps(data).decode(),
                clocks=orjson.dumps(clocks).decode(),
            )
        )
        digest = head.digest ^ protocol.row_hash(tbl, row_id, version, 0)
        conn.execute(
            c.update().where(c.c.id == cid).values(seq=seq, n_rows=head.n_rows + 1, digest=digest)
        )
    return row_id


def _admin(county: County, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    argv = ["admin", args[0], "--db", county.storage.url, *args[1:], "--json"]
    assert server_cli.main(argv) == 0, capsys.readouterr().err
    done: dict[str, Any] = orjson.loads(capsys.readouterr().out)
    return done


def test_a_device_holds_bad_rows_and_county_it_repairs_them(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    sec.run()
    cid, now = county.community_id, int(time.time() * 1000)
    good = hlc.make(now, 0, "olddevice")
    garbage = _plant(county.storage, cid, "household", "garbage", {"household_no": "G1"}, {})
    nested = _plant(
        county.storage, cid, "household", good, {"household_no": "N1", "notes": {"a": [1]}}, {}
    )
    future_clock = hlc.make(now + THIRTY_YEARS_MS, 0, "wrongdate")
    future = _plant(
        county.storage,
        cid,
        "visit",
        good,
        {"household_id": hh["id"], "date": "2026-03-01", "visitor": "王", "notes": "ok"},
        {"notes": future_clock},
    )
    # A device pulling all of it: the sync completes, two rows are held, and said to be.
    fresh = county.device()
    report = fresh.run(verify=True)
    assert report.verified is True and report.held == 2
    assert fresh.status()["held"] == 2
    assert fresh.desk.visits.get(future) is not None
    # The far clock is stored, not followed: this device's next edit is dated today.
    add_household(fresh.desk, room="808")
    (stamp,) = [r[0] for r in fresh.desk.conn.execute("SELECT hlc FROM outbox")]
    assert hlc.wall_ms(stamp) < now + 3600_000
    fresh.run()

    # County IT: repair two, remove one, without SQL.
    got = _admin(county, capsys, "repair-row", "--table", "household", "--row", nested)
    assert got["dropped"] == ["notes"]
    got = _admin(county, capsys, "repair-row", "--table", "visit", "--row", future)
    assert got["reclocked"] == ["notes"]
    _admin(county, capsys, "remove-row", "--table", "household", "--row", garbage)
    rows = server_snapshot(county.storage, cid)
    assert rows[("household", garbage)]["deleted"] == 1
    assert "notes" not in rows[("household", nested)]["data"]
    assert hlc.wall_ms(rows[("visit", future)]["clocks"]["notes"]) <= time.time() * 1000

    # Every device takes the repairs: nothing held, the check agrees.
    for engine in (fresh, sec):
        report = engine.run(verify=True)
        assert report.verified is True and engine.status()["held"] == 0
        assert engine.desk.households.get(nested)["household_no"] == "N1"
        deleted = engine.desk.conn.execute("SELECT deleted FROM household WHERE id = ?", (garbage,))
        assert deleted.fetchone()[0] == 1


def test_repair_row_names_a_missing_row_and_a_bad_value(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["admin", "repair-row", "--db", county.storage.url, "--table", "household"]
    assert server_cli.main([*base, "--row", "nope"]) == 2
    assert "no such row" in capsys.readouterr().err
    sec = county.device()
    hh = add_household(sec.desk)
    sec.run()
    assert server_cli.main([*base, "--row", hh["id"], "--set", "unit=three"]) == 2
    err = capsys.readouterr().err
    assert "unit" in err and "数字" in err and "Traceback" not in err
    assert server_cli.main([*base, "--row", hh["id"], "--set", "room=602"]) == 0
    capsys.readouterr()
    assert sec.run(verify=True).verified is True
    assert sec.desk.households.get(hh["id"])["room"] == "602"


def test_repair_keeps_and_sets_only_what_a_push_would_let_in(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repair judged values by a rule of its own, wider than the push checks: a whole
    number past 64 bits in a real field (which every device holds aside) was kept as fine,
    and --set took NaN, infinity or such a number into a row. It now keeps and sets what
    a push would let in, no more."""
    sec = county.device()
    cid = county.community_id
    stamp = hlc.make(int(time.time() * 1000), 0, "olddevice")
    huge = _plant(
        county.storage,
        cid,
        "household",
        stamp,
        {"household_no": "U1", "income_wages": 2**64 - 1},
        {},
    )
    assert sec.run(verify=True).held == 1
    got = _admin(county, capsys, "repair-row", "--table", "household", "--row", huge)
    assert got["dropped"] == ["income_wages"]
    report = sec.run(verify=True)
    assert report.verified is True and sec.status()["held"] == 0
    assert sec.desk.households.get(huge)["household_no"] == "U1"
    base = ["admin", "repair-row", "--db", county.storage.url, "--table", "household"]
    for value in ("nan", "inf", "-1e400", "1e301", "3"):
        code = server_cli.main([*base, "--row", huge, "--set", f"income_wages={value}"])
        err = capsys.readouterr().err
        assert code == (0 if value == "3" else 2), (value, err)
    assert server_cli.main([*base, "--row", huge, "--set", f"unit={2**64}"]) == 2
    capsys.readouterr()
    assert sec.run(verify=True).verified is True and sec.status()["held"] == 0
    assert sec.desk.households.get(huge)["income_wages"] == 3
