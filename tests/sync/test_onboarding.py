"""Issue 11, defect 8: a community that kept its data on a laptop is brought to a (new) county
server the documented way — ``relocdesk-server admin create-community --id ID --name …`` with
the laptop's community id. The server's row, made later and holding only a name, must not
blank the county and address the laptop has (by a later clock over values it never had)."""

from __future__ import annotations

from pathlib import Path

from relocdesk.desk import Desk
from relocdesk.server import cli as server_cli
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

PLACE = {"county": "惠水县", "township": "濛江街道", "address": "新民社区安置点 8 号"}


def _onboard(county: County, desk: Desk) -> SyncEngine:
    cid = desk.community_id
    url = county.storage.url
    args = ["admin", "create-community", "--db", url, "--id", cid, "--name", "新民社区"]
    assert server_cli.main(args) == 0
    county.storage.create_user(f"sec-{cid[:6]}", county.password, "secretary", cid)
    engine = SyncEngine(desk, retries=1, backoff=0.01)
    engine.enroll(county.url, f"sec-{cid[:6]}", county.password)
    county.engines.append(engine)
    return engine


def _place(desk: Desk) -> dict[str, str]:
    row = desk.community()
    assert row is not None
    return {k: row[k] for k in PLACE}


def test_a_new_laptop_database_keeps_its_county_and_address(county: County, tmp_path: Path) -> None:
    desk = Desk(tmp_path / "laptop.db")
    desk.create_community("新民社区", **PLACE)
    add_household(desk, room="101")
    engine = _onboard(county, desk)
    engine.run(verify=True)
    assert _place(desk) == PLACE
    server = server_snapshot(county.storage, desk.community_id)
    assert {k: server[("community", desk.community_id)]["data"].get(k) for k in PLACE} == PLACE
    other = county.device(user=f"sec-{desk.community_id[:6]}")
    other.run(verify=True)
    assert _place(other.desk) == PLACE


def test_a_laptop_synced_elsewhere_keeps_its_values_and_gives_the_server_its_rows(
    county: County, tmp_path: Path
) -> None:
    """The laptop's outbox is empty (it synced with the old server): its rows reach the new
    one by reconciliation, and nothing local is blanked or dropped."""
    desk = Desk(tmp_path / "laptop.db")
    desk.create_community("新民社区", **PLACE)
    homes = [add_household(desk, room=f"{n}01") for n in range(1, 4)]
    desk.conn.execute("DELETE FROM outbox")  # acknowledged by the old server
    desk.set_setting("sync_cursor", "412")
    engine = _onboard(county, desk)
    report = engine.run(verify=True)
    assert report.verified is True and report.reconciled >= 4
    assert _place(desk) == PLACE
    assert all(desk.households.get(h["id"]) is not None for h in homes)
    server = server_snapshot(county.storage, desk.community_id)
    assert all(("household", h["id"]) in server for h in homes)
