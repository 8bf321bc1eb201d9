"""The reconcile endpoints against hostile or mistaken clients: a county account, another
community's row, a clock from the future, a value that is no single value, a building head
offering health data. Each is refused plainly (Chinese and English) or left out, and the
server's rows stay as they were."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from relocdesk import hlc
from relocdesk.sync import protocol
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot
from tests.sync.scope_world import cover_all_buildings


def _client(county: County, role: str, community_id: str | None = None) -> httpx.Client:
    cid = community_id or county.community_id
    user = f"{role}-{time.monotonic_ns()}"
    county.storage.create_user(user, "pw", role, cid)
    token = county.storage.issue_token(user, f"dev-{user}")["token"]
    headers = {protocol.VERSION_HEADER: str(protocol.VERSION), "Authorization": f"Bearer {token}"}
    return httpx.Client(base_url=county.url, headers=headers)


def _row(row_id: str, data: dict[str, Any], ms: int | None = None) -> list[Any]:
    stamp = hlc.make(ms or int(time.time() * 1000), 0, "devX")
    return [0, "person", row_id, stamp, 0, data, {}]


def _offer(c: httpx.Client, *rows: list[Any]) -> httpx.Response:
    return c.post(
        "/v1/reconcile/offer", content=protocol.encode({"rows": list(rows)}, compress=False)
    )


def test_county_accounts_may_not_offer(sqlite_county: County) -> None:
    got = _offer(_client(sqlite_county, "county"), _row("p1", {"name": "张三"}))
    assert got.status_code == 403 and "county accounts" in got.json()["en"]


def test_another_communitys_row_is_refused(sqlite_county: County) -> None:
    other = sqlite_county.new_community("别的社区")
    mine = _client(sqlite_county, "secretary")
    assert _offer(mine, _row("p-shared", {"name": "李四"})).status_code == 200
    theirs = _client(sqlite_county, "secretary", other)
    got = _offer(theirs, _row("p-shared", {"name": "改名"}))
    assert got.status_code == 403 and got.json()["zh"]
    rows = server_snapshot(sqlite_county.storage, sqlite_county.community_id)
    assert rows[("person", "p-shared")]["data"]["name"] == "李四"


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (_row("p2", {"name": "王五"}, ms=int(time.time() * 1000) + 3 * 86_400_000), "ahead"),
        ([0, "person", "p3", "yesterday", 0, {"name": "王五"}, {}], "malformed clock"),
        (_row("p4", {"name": {"$gt": ""}}), "person.name must be text"),
        (_row("p6", {"no_such_field": "x"}), "person.no_such_field is not a field"),
        (_row("p7", {"monthly_wage": "lots"}), "person.monthly_wage must be a number"),
        ([0, "no_such_table", "p5", "x", 0, {}, {}], "malformed"),
    ],
)
def test_bad_offers_are_refused_whole_with_a_reason(
    sqlite_county: County, row: list[Any], words: str
) -> None:
    c = _client(sqlite_county, "secretary")
    good = _row("p-good", {"name": "赵六"})
    got = _offer(c, good, row)
    assert got.status_code == 400
    assert words in got.json()["en"] and got.json()["zh"]
    assert ("person", "p-good") not in server_snapshot(
        sqlite_county.storage, sqlite_county.community_id
    )


def test_a_building_head_cannot_offer_health_data(sqlite_county: County) -> None:
    c = _client(sqlite_county, "building_head")
    sec = sqlite_county.device()
    hh = add_household(sec.desk)
    user = next(
        u["name"] for u in sqlite_county.storage.list_users() if u["role"] == "building_head"
    )
    cover_all_buildings(sqlite_county, sec, user)
    offered = {"household_id": hh["id"], "name": "钱七", "serious_illness": "尿毒症"}
    got = _offer(c, _row("p6", offered))
    assert got.status_code == 200
    data = server_snapshot(sqlite_county.storage, sqlite_county.community_id)[("person", "p6")]
    assert data["data"]["name"] == "钱七" and "serious_illness" not in data["data"]


def test_malformed_version_requests_are_refused(sqlite_county: County) -> None:
    c = _client(sqlite_county, "secretary")
    body = protocol.encode({"rows": [["person", "p1"]]}, compress=False)
    got = c.post("/v1/reconcile/versions", content=body)
    assert got.status_code == 400 and got.json()["en"] == "malformed reconcile request"


def test_an_offer_is_held_to_what_a_push_is_held_to(county: County) -> None:
    """A row id no push may carry (a NUL character, which PostgreSQL refuses in text, or a
    space), and a clock kept for a field the table does not have, were taken from an offer
    (or failed it with a 500 on PostgreSQL) and handed to every device of the community.
    Each is refused now, naming the row's place, so a device can offer the rest."""
    c = _client(county, "secretary")
    stamp = hlc.make(int(time.time() * 1000), 0, "devX")
    good = _row("p-good", {"name": "赵六"})
    for row, words in (
        ([0, "person", "p\x00x", stamp, 0, {"name": "王五"}, {}], "malformed"),
        ([0, "person", "p x", stamp, 0, {"name": "王五"}, {}], "malformed"),
        ([0, "person", "p8", stamp, 0, {"name": "王五"}, {"no_such\x00": stamp}], "no_such"),
        ([0, "person", "p3", "yesterday", 0, {"name": "王五"}, {}], "malformed clock"),
    ):
        got = _offer(c, good, row)
        assert got.status_code == 400, got.text
        assert words in got.json()["en"] and got.json()["zh"] and got.json()["item"] == 1
    body = protocol.encode({"rows": [["person", "p\x00x", "m"]]}, compress=False)
    got = c.post("/v1/reconcile/versions", content=body)
    assert got.status_code == 400 and got.json()["en"] == "malformed reconcile request"
    held = server_snapshot(county.storage, county.community_id)
    assert [k for k in held if k[0] == "person"] == []
    errors = httpx.get(f"{county.url}/metrics").text
    assert "\nrelocdesk_errors_total 0\n" in errors
