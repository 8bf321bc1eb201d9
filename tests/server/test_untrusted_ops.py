"""The server trusts no op: what a broken or hostile client sends is refused before the
community's lock, with the field and the problem named, and nothing of it reaches the other
devices — whose next sync works as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import re
import time
import uuid
from typing import Any

import httpx
import orjson
import pytest

from relocdesk import hlc
from relocdesk.server import checks
from relocdesk.sync import protocol, refused
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

H = {protocol.VERSION_HEADER: str(protocol.VERSION)}


def _token(county: County) -> str:
    return str(county.storage.issue_token(county.user, "fuzz")["token"])


def _push(county: County, token: str, ops: list[Any], **kw: Any) -> httpx.Response:
    return httpx.post(
        f"{county.url}/v1/push",
        # The standard library's encoder: orjson refuses what a hostile client may send.
        content=kw.pop("content", None) or json.dumps({"ops": ops}).encode(),
        headers={**H, "Authorization": f"Bearer {token}", **kw.pop("headers", {})},
        timeout=60,
    )


def _now_clock(device: str = "hostile1", ahead_ms: int = 0) -> str:
    return hlc.make(int(time.time() * 1000) + ahead_ms, 0, device)


def _op(tbl: str, fields: dict[str, Any], *, stamp: str | None = None, **kw: Any) -> list[Any]:
    return [
        kw.get("op_id") or str(uuid.uuid4()),
        tbl,
        kw.get("row_id") or str(uuid.uuid4()),
        _now_clock() if stamp is None else stamp,
        fields,
        kw.get("base") or {},
    ]


def _refused(resp: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body: dict[str, Any] = orjson.loads(resp.content)
    text = body["zh"] + " " + body["en"]
    for w in words:
        assert w in text, (w, body)
    return body


def _still_syncs(county: County, before: dict[Any, Any]) -> None:
    """Nothing of the refused batch was stored, and a device syncs and verifies."""
    assert server_snapshot(county.storage, county.community_id) == before
    fresh = county.device()
    assert fresh.run(verify=True).verified is True


@pytest.fixture
def seeded(county: County) -> County:
    a = county.device()
    add_household(a.desk)
    a.run()
    return county


def test_a_clock_that_is_no_clock_is_refused_and_the_community_still_syncs(seeded: County) -> None:
    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded)
    for stamp in ("garbage", "", "1-2", "0001795360847965-0000-", "0001795360847965-zz-d"):
        resp = _push(seeded, token, [_op("household", {"household_no": "X"}, stamp=stamp)])
        _refused(resp, 400, "hlc", "时间戳")
    bad_base = _op("household", {"room": "1"}, base={"room": "yesterday"})
    _refused(_push(seeded, token, [bad_base]), 400, "base.room")
    bad_conflict = _op("conflict", {"tbl": "household", "field": "room", "lost_clock": "x"})
    _refused(_push(seeded, token, [bad_conflict]), 400, "conflict.lost_clock")
    _still_syncs(seeded, before)


def test_a_nested_value_is_refused_naming_the_field(seeded: County) -> None:
    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded)
    deep: Any = "x"
    for _ in range(500):
        deep = [deep]
    for value in ({"a": 1}, [1, 2], deep):
        resp = _push(seeded, token, [_op("household", {"household_no": "N1", "notes": value})])
        _refused(resp, 400, "household.notes", "must be text", "应为文字")
    resp = _push(seeded, token, [_op("household", {"unit": "3"})])
    _refused(resp, 400, "household.unit", "must be a number")
    resp = _push(seeded, token, [_op("household", {"unit": 2**70})])
    _refused(resp, 400, "household.unit")
    resp = _push(seeded, token, [_op("household", {"secret_column": "x"})])
    _refused(resp, 400, "household.secret_column", "not a field")
    resp = _push(seeded, token, [_op("household", {"notes": "a\x00b"})])
    _refused(resp, 400, "NUL")
    _still_syncs(seeded, before)


def test_a_clock_thirty_years_ahead_says_this_computers_date_is_wrong(seeded: County) -> None:
    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded)
    thirty_years = 30 * 365 * 24 * 3600 * 1000
    resp = _push(
        seeded,
        token,
        [
            _op("household", {"household_no": "OK"}),
            _op("household", {"household_no": "F"}, stamp=_now_clock(ahead_ms=thirty_years)),
        ],
    )
    body = _refused(resp, 400, "日期不对", "this computer's date is wrong")
    assert body["code"] == "clock_ahead"
    # A few minutes of drift is a laptop, not a wrong date.
    ok = _push(
        seeded, token, [_op("household", {"household_no": "D"}, stamp=_now_clock(ahead_ms=120_000))]
    )
    assert ok.status_code == 200
    before = server_snapshot(seeded.storage, seeded.community_id)
    _still_syncs(seeded, before)


def test_a_device_whose_date_is_wrong_is_told_so_on_its_sync_status(county: County) -> None:
    a = county.device()
    a.desk.clock = hlc.Clock(a.desk.device_id, now=lambda: time.time() + 30 * 365 * 24 * 3600)
    add_household(a.desk)
    with pytest.raises(protocol.SyncError) as e:
        a.run()
    assert e.value.code == "clock_ahead"
    status = a.status()
    assert "日期不对" in status["last_error"] or "date is wrong" in status["last_error"]
    assert a.desk.unsent_count() == 2  # kept on the device


def test_the_same_op_id_twice_in_a_batch_is_applied_once(seeded: County) -> None:
    token = _token(seeded)
    op = _op("household", {"household_no": "TWICE"})
    resp = _push(seeded, token, [op, op, op])
    assert resp.status_code == 200, resp.text
    got = orjson.loads(resp.content)
    assert got["acked"] == [op[0]] and got["applied"] == 1
    rows = server_snapshot(seeded.storage, seeded.community_id)
    assert [k for k, v in rows.items() if v["data"].get("household_no") == "TWICE"] == [
        ("household", op[2])
    ]


def test_a_cursor_outside_64_bits_is_a_clear_400(seeded: County) -> None:
    token = _token(seeded)
    # not a whole number at all: answered in the protocol's own shape too, naming it (it was
    # FastAPI's {"detail": [...]} with status 422, which no client of ours reads)
    for param, value in (
        *(("after", v) for v in (2**63, 2**64 + 5, -1, "abc", "1.5", "١٢", "")),
        ("limit", "lots"),
    ):
        resp = httpx.get(
            f"{seeded.url}/v1/pull",
            params={param: value},
            headers={**H, "Authorization": f"Bearer {token}"},
        )
        body = _refused(resp, 400, param)
        assert body["code"] == "bad_request" and re.search(r"[\u4e00-\u9fff]", body["zh"])


def test_limits_answer_413_before_reading_or_inflating_everything(
    seeded: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded)
    # A body declared larger than the limit is refused from its header alone.
    huge = _push(
        seeded,
        token,
        [],
        content=b"x" * (checks.MAX_BODY_BYTES + 1),
    )
    _refused(huge, 413, "MB")
    # A 100 KB gzip that inflates to 100 MB: refused at the limit, not inflated whole.
    bomb = gzip.compress(b'{"ops": [' + b" " * (100 * 1024 * 1024) + b"]}", compresslevel=9)
    assert len(bomb) < 200_000
    resp = _push(seeded, token, [], content=bomb, headers={"Content-Encoding": "gzip"})
    _refused(resp, 413, "MB")
    # Too many ops in one batch, and a field longer than a field may be.
    many = [_op("visit", {"notes": "x"}) for _ in range(checks.MAX_PUSH_OPS + 1)]
    _refused(_push(seeded, token, many), 413, str(checks.MAX_PUSH_OPS))
    long_note = _op("visit", {"notes": "访" * 8000})  # 24 KB of UTF-8
    _refused(_push(seeded, token, [long_note]), 413, "visit.notes", "bytes")
    _still_syncs(seeded, before)


def test_a_bad_batch_is_refused_without_waiting_for_the_communitys_lock(seeded: County) -> None:
    """The checks come before the lock: while a push holds the community, a bad batch is
    answered at once, not after it."""
    import threading

    token = _token(seeded)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        inside.set()
        release.wait(20)

    seeded.storage.before_commit = hold
    slow = threading.Thread(
        target=_push, args=(seeded, token, [_op("household", {"household_no": "SLOW"})])
    )
    slow.start()
    try:
        assert inside.wait(10)
        started = time.monotonic()
        resp = _push(seeded, token, [_op("household", {"notes": {"nested": 1}})])
        assert time.monotonic() - started < 3
        _refused(resp, 400, "household.notes")
    finally:
        release.set()
        slow.join(20)
        seeded.storage.before_commit = None


def test_enrolling_with_a_nul_in_the_name_is_a_400(county: County) -> None:
    for body in (
        {"user": "li\x00", "password": "x", "device_id": "d"},
        {"user": county.user, "password": county.password, "device_id": "d\x00"},
        {"user": "x" * 5000, "password": "x", "device_id": "d"},
    ):
        resp = httpx.post(f"{county.url}/v1/enroll", content=json.dumps(body).encode(), headers=H)
        _refused(resp, 400)


def test_an_op_on_another_communitys_row_is_named_and_set_aside(county: County) -> None:
    """A row id of another community (a row copied from another community's laptop, a
    hostile client) is refused naming the op's place, so the device sets that op aside and
    every other change goes up; before, the 403 named no op and the device's every push was
    refused whole from then on."""
    a = county.device()
    theirs = add_household(a.desk, room="101", household_no="A-1")
    a.run()
    second = county.new_community("青山社区")
    county.storage.create_user("sec-qs", county.password, "secretary", second)
    b = county.device(user="sec-qs")
    before = add_household(b.desk, room="201", household_no="B-1")
    with b.desk.transaction() as w:  # the row writer: what a copied file or an older app holds
        w.insert(
            "household",
            {"id": theirs["id"], "building_id": before["building_id"], "household_no": "B-X"},
        )
    after = add_household(b.desk, room="202", household_no="B-2")

    report = b.run(verify=False)
    assert report.refused == 1 and b.desk.unsent_count() == 0
    [aside] = refused.listed(b.desk)
    assert aside["row_id"] == theirs["id"] and aside["code"] == "forbidden"
    assert "其他社区" in aside["zh"] and "another community" in aside["en"]
    mine = server_snapshot(county.storage, second)
    assert {("household", before["id"]), ("household", after["id"])} <= set(mine)
    assert ("household", theirs["id"]) not in mine
    kept = server_snapshot(county.storage, county.community_id)[("household", theirs["id"])]
    assert kept["data"]["household_no"] == "A-1"  # the other community's row untouched
    assert b.run(verify=True).verified is True  # and the device agrees with its community
    # A raw push names the place too: the field a device reads to set the op aside.
    resp = _push(
        county,
        _token(county),
        [_op("household", {}), _op("community", {"name": "x"}, row_id=second)],
    )
    assert _refused(resp, 403, "another community")["item"] == 1


def _metric(county: County, prefix: str) -> int:
    text = httpx.get(f"{county.url}/metrics").text
    return sum(int(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_a_request_cut_off_midway_is_not_a_server_error(
    seeded: County, caplog: pytest.LogCaptureFixture
) -> None:
    """A laptop on a township's mobile link loses it in the middle of a push, or of signing
    in to the dashboard: the server is not at fault, so its 5xx count (the one operators
    alert on) does not grow and nothing is logged as unhandled; meanwhile a device syncs."""
    import socket

    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded).encode()
    routes = ('route="/v1/push"', 'route="/web/login"')
    counted = [_metric(seeded, f'relocdesk_requests_total{{method="POST",{r}') for r in routes]
    heads = (
        b"POST /v1/push HTTP/1.1\r\nHost: x\r\nX-RelocDesk-Protocol: 1\r\n"
        b"Authorization: Bearer " + token + b'\r\nContent-Length: 100000\r\n\r\n{"ops": [',
        b"POST /web/login HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nuser=",
    )
    for head in heads:
        with socket.create_connection(("127.0.0.1", seeded.server.port)) as s:
            s.sendall(head)
            time.sleep(0.2)  # the server is reading the body when the line drops
    deadline = time.monotonic() + 10
    while any(
        _metric(seeded, f'relocdesk_requests_total{{method="POST",{r}') == n
        for r, n in zip(routes, counted, strict=True)
    ):
        assert time.monotonic() < deadline, "the cut-off requests were never counted"
        time.sleep(0.05)
    assert _metric(seeded, "relocdesk_errors_total") == 0
    assert not [r for r in caplog.records if "unhandled" in r.getMessage()]
    _still_syncs(seeded, before)


def test_a_whole_number_past_64_bits_is_refused_in_a_real_field_too(seeded: County) -> None:
    """2**64 - 1 still parses as a whole number, and was taken for a real field (income):
    every device of the community then held the household aside, unable to store it
    (SQLite binds no integer past 64 bits), until county IT repaired the row."""
    before = server_snapshot(seeded.storage, seeded.community_id)
    token = _token(seeded)
    [home] = [k[1] for k in before if k[0] == "household"]
    for value in (2**64 - 1, 2**63):  # below -2**63 JSON reads a float, which is fine
        op = _op("household", {"income_wages": value}, row_id=home)
        body = _refused(_push(seeded, token, [op]), 400, "household.income_wages")
        assert body["item"] == 0
    _still_syncs(seeded, before)
    assert seeded.engines[-1].status()["held"] == 0
