"""Each device tells the server its unsent count with the pushes and pulls it makes anyway,
and the county's community page shows it per device with its age: a device whose push was
cut off shows what it still holds, one that synced shows 0, one that never said shows
"unknown". A real server on 127.0.0.1 (SQLite and PostgreSQL), two real devices."""

from __future__ import annotations

import datetime
import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from relocdesk.server import county_clock, unsent
from relocdesk.sync import protocol
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.harness import County
from tests.web.conftest import PASSWORD, Browser, county_user


class PushesLost(httpx.BaseTransport):
    """The network between the device and the server, dropping every push (a laptop that
    loses the connection after its pull)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/push":
            raise httpx.ConnectError("dropped", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:  # its client's close, else its connection stays half-open
        self.inner.close()


def stored(county: County) -> dict[str, tuple[Any, Any]]:
    d = county.storage.t_device
    with county.storage.read() as conn:
        rows = conn.execute(select(d.c.device_id, d.c.unsent, d.c.unsent_at))
        return {r.device_id: (r.unsent, r.unsent_at) for r in rows}


def device_cell(html: str, device_id: str) -> tuple[str, str, str]:
    row = re.search(rf'<tr class="[^"]*" data-device="{device_id}">(.*?)</tr>', html, re.S)
    assert row is not None, html[-3000:]
    cell = re.search(r'data-unsent="([^"]*)" data-at="([^"]*)">(.*?)</td>', row.group(1), re.S)
    assert cell is not None
    return cell.group(1), cell.group(2), re.sub(r"<[^>]+>", "", cell.group(3))


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def test_the_community_page_shows_what_each_device_last_told(county: County) -> None:
    a, b = county.device(), county.device()
    silent = county.device()  # enrolled, never synced: it has told nothing
    for room in ("101", "102", "103"):
        add_household(a.desk, room=room)
    waiting = a.desk.unsent_count()
    assert waiting >= 3
    b.run()
    started = utc_now()

    cut_off = SyncEngine(a.desk, transport=PushesLost(), retries=0)
    with pytest.raises(SyncError) as failed:
        cut_off.run()
    assert failed.value.code == "unreachable" and a.desk.unsent_count() == waiting
    told = stored(county)
    device_a, device_b, device_c = (e.desk.device_id for e in (a, b, silent))
    assert told[device_a][0] == waiting and started <= told[device_a][1] <= utc_now()
    assert told[device_b][0] == 0 and told[device_c] == (None, None)

    user = county_user(county)  # the fixture's community under the county
    browser = Browser(county.url)
    try:
        browser.sign_in(user, PASSWORD)
        page = browser.http.get(f"/web/community/{county.community_id}").text
        n, at, text = device_cell(page, device_a)
        assert (int(n), at) == told[device_a]
        # on the county's clocks (Beijing time), whatever zone this machine keeps
        local = county_clock.local(datetime.datetime.fromisoformat(at).replace(tzinfo=datetime.UTC))
        assert text == f"{waiting} 条，截至 {local:%Y-%m-%d %H:%M}（刚刚）"
        assert device_cell(page, device_b)[2].startswith("0 条，截至")
        assert device_cell(page, device_c)[2] == "未知（设备尚未报告）"

        a.run()  # the network is back: everything goes up, and the answered push says so
        assert a.desk.unsent_count() == 0 and stored(county)[device_a][0] == 0
        browser.http.cookies.set("rd_lang", "en")
        page = browser.http.get(f"/web/community/{county.community_id}").text
        assert device_cell(page, device_a)[2].startswith("0 unsent, as of ")
        assert device_cell(page, device_c)[2] == "unknown (the device has not said)"
    finally:
        browser.close()


def test_what_a_device_cannot_have_meant_is_ignored(county: County) -> None:
    a = county.device()
    a.run()
    token = county.engines[0]._token(county.url)  # the device's own token, from its keyring
    base = {protocol.VERSION_HEADER: str(protocol.VERSION), "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=county.url) as http:
        spec = http.get("/openapi.json").json()["paths"]
        for path, method in (("/v1/push", "post"), ("/v1/pull", "get")):
            named = {p["name"] for p in spec[path][method]["parameters"] if p["in"] == "header"}
            assert {protocol.UNSENT_HEADER, protocol.UNSENT_AT_HEADER} <= named, path
        # A header's bytes are read as Latin-1: b"\xb2" is "²", a digit to str.isdigit and
        # no number to int().
        for bad in ("-1", "three", "1e3", "9" * 20, "", "²", "¹²"):
            for path, send in (("/v1/pull", http.get), ("/v1/push", http.post)):
                extra = {"content": b'{"ops": []}'} if path == "/v1/push" else {}
                told = {protocol.UNSENT_HEADER: bad.encode("latin-1")}
                r = send(path, headers={**base, **told}, **extra)
                assert r.status_code == 200, (path, bad, r.text)
        assert stored(county)[a.desk.device_id][0] == 0
        # times a calendar has, but not in UTC: year 1 east of Greenwich, year 9999 west
        for odd in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
            r = http.get(
                "/v1/pull",
                headers={**base, protocol.UNSENT_HEADER: "3", protocol.UNSENT_AT_HEADER: odd},
            )
            assert r.status_code == 200, (odd, r.text)
            n, at = stored(county)[a.desk.device_id]
            assert n == 3 and at <= utc_now()
        future = "2099-01-01T00:00:00+00:00"
        r = http.get(
            "/v1/pull",
            headers={**base, protocol.UNSENT_HEADER: "7", protocol.UNSENT_AT_HEADER: future},
        )
        assert r.status_code == 200
        n, at = stored(county)[a.desk.device_id]
        assert n == 7 and at <= utc_now()  # a clock set wrong: the server's own time


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-03-01T10:42:00+08:00", "2026-03-01T02:42:00"),
        ("2026-03-01T02:42:00Z", "2026-03-01T02:42:00"),
        ("2026-03-01T10:42:00", None),  # no zone: the server's now
        ("yesterday", None),
        ("0001-01-01T00:00:00+14:00", None),  # before year 1 in UTC: no such time
        ("9999-12-31T23:59:59-12:00", None),  # after 9999 in UTC, and ahead anyway
    ],
)
def test_the_time_a_device_counted_is_kept_in_utc(at: str, expected: str | None) -> None:
    found = unsent.told({protocol.UNSENT_HEADER: "4", protocol.UNSENT_AT_HEADER: at})
    assert found is not None and found[0] == 4
    if expected is None:
        assert abs(
            datetime.datetime.fromisoformat(found[1]) - datetime.datetime.fromisoformat(utc_now())
        ) <= datetime.timedelta(seconds=5)
    else:
        assert found[1] == expected
