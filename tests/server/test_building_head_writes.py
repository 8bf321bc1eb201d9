"""Building heads write what a resident volunteer logs — referrals, visits, needs that are
not medical — and nothing of the office's: never the community or building rows, never a
conflict about health data, never a medical need; and medical needs are never sent to them.
A push outside the policy is refused whole, with a message in both languages."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import orjson

from relocdesk import hlc
from relocdesk.sync import protocol
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot
from tests.sync.scope_world import cover_all_buildings

H = {protocol.VERSION_HEADER: str(protocol.VERSION)}


def _head(county: County) -> tuple[SyncEngine, str]:
    county.storage.create_user("head1", county.password, "building_head", county.community_id)
    cover_all_buildings(county, county.engines[0], "head1")
    engine = county.device(user="head1")
    token = str(county.storage.issue_token("head1", "raw-client")["token"])
    return engine, token


def _push(county: County, token: str, ops: list[Any]) -> httpx.Response:
    return httpx.post(
        f"{county.url}/v1/push",
        content=orjson.dumps({"ops": ops}),
        headers={**H, "Authorization": f"Bearer {token}"},
    )


def _op(tbl: str, row_id: str, fields: dict[str, Any], base: dict[str, str] | None = None) -> list:
    stamp = hlc.make(int(time.time() * 1000), 0, "head0dev")
    return [str(uuid.uuid4()), tbl, row_id, stamp, fields, base or {}]


def _forbidden(resp: httpx.Response, *words: str) -> None:
    assert resp.status_code == 403, resp.text
    body = orjson.loads(resp.content)
    assert body["code"] == "forbidden"
    for w in words:
        assert w in body["zh"] + body["en"]


def test_building_head_cannot_rewrite_the_community_or_buildings(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    sec.run()
    _, token = _head(county)
    before = server_snapshot(county.storage, county.community_id)
    building_id = hh["building_id"]
    cid = county.community_id
    created = before[("community", cid)]["created_at"]
    visit = _op(
        "visit",
        str(uuid.uuid4()),
        {"household_id": hh["id"], "date": "2026-03-01", "visitor": "李", "kind": "routine"},
    )
    for bad in (
        _op("community", cid, {"name": "hacked"}, {"name": created}),
        _op("community", cid, {"deleted": 1}, {"deleted": created}),
        _op("building", building_id, {"number": "99"}, {"number": created}),
        _op("building", str(uuid.uuid4()), {"number": "100"}),
    ):
        # Refused whole: the good visit in the same batch is not stored either.
        _forbidden(_push(county, token, [visit, bad]), "整批未保存", "nothing of the batch")
    assert server_snapshot(county.storage, county.community_id) == before
    assert _push(county, token, [visit]).status_code == 200


def test_building_head_cannot_resolve_a_conflict_about_health(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    p = sec.desk.people.create(household_id=hh["id"], name="王五", serious_illness="糖尿病")
    sec.run()
    head, token = _head(county)
    head.run()
    head.desk.people.update(p["id"], serious_illness="肺结核")
    head.run()  # refused field, kept as a conflict for a secretary
    rows = server_snapshot(county.storage, county.community_id)
    ((conflict_id, conflict),) = [(k[1], v) for k, v in rows.items() if k[0] == "conflict"]
    assert conflict["data"]["field"] == "serious_illness"
    fields = {"resolution": "confirmed", "won_value": '"hacked"', "resolved_by": "head1"}
    base = dict.fromkeys(fields, conflict["created_at"])
    _forbidden(_push(county, token, [_op("conflict", conflict_id, fields, base)]), "健康", "health")
    forged = {
        "tbl": "person",
        "row_id": p["id"],
        "field": "disability_grade",
        "lost_value": '"1"',
        "won_value": "null",
        "lost_clock": hlc.make(1, 0, "x"),
        "won_clock": hlc.make(2, 0, "y"),
    }
    _forbidden(_push(county, token, [_op("conflict", str(uuid.uuid4()), forged)]), "health")
    assert server_snapshot(county.storage, county.community_id) == rows


def test_medical_needs_are_neither_sent_to_nor_written_by_building_heads(county: County) -> None:
    sec = county.device()
    hh = add_household(sec.desk)
    medical = sec.desk.needs.create(
        household_id=hh["id"], category="medical", description="透析费用报销"
    )
    work = sec.desk.needs.create(household_id=hh["id"], category="employment", description="找工作")
    sec.desk.needs.set_status(medical["id"], "in_progress", note="透析已联系医保")
    sec.run()
    head, token = _head(county)
    report = head.run(verify=True)
    got = {r["id"] for r in head.desk.conn.execute("SELECT id FROM need")}
    assert got == {work["id"]}
    assert head.desk.conn.execute("SELECT count(*) FROM need_event").fetchone()[0] == 0
    # The count and digest it is given leave the medical need out: its check agrees.
    assert report.verified is True and not report.full_download
    raw = b"".join(f.read_bytes() for f in county.tmp_path.glob(f"{head.desk.path.name}*"))
    assert "透析".encode() not in raw
    # Its own employment need goes through; a medical one, or turning one medical, does not.
    head.desk.needs.create(household_id=hh["id"], category="employment", description="培训")
    assert head.run(verify=True).verified is True
    new_medical = _op(
        "need",
        str(uuid.uuid4()),
        {
            "household_id": hh["id"],
            "category": "medical",
            "description": "x",
            "raised_date": "2026-03-01",
        },
    )
    _forbidden(_push(county, token, [new_medical]), "医疗", "medical")
    created = server_snapshot(county.storage, county.community_id)[("need", work["id"])]
    to_medical = _op(
        "need", work["id"], {"category": "medical"}, {"category": created["created_at"]}
    )
    _forbidden(_push(county, token, [to_medical]), "medical")
    edit_medical = _op(
        "need", medical["id"], {"status": "resolved"}, {"status": created["created_at"]}
    )
    _forbidden(_push(county, token, [edit_medical]), "medical")
    # A secretary still has both.
    sec.run()
    assert {r["id"] for r in sec.desk.conn.execute("SELECT id FROM need")} >= {
        medical["id"],
        work["id"],
    }
