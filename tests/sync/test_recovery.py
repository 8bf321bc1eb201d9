"""When a device and the server disagree, or cannot talk: the count-and-digest check and
the full re-download that keeps the outbox; an app too old (or a server too old); retries
with backoff and the plain message once they are used up."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from relocdesk import cli
from relocdesk.sync import protocol
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.faults import FaultProxy
from tests.sync.harness import County, server_snapshot, snapshot


def test_digest_mismatch_downloads_everything_again_and_keeps_unsent_edits(
    county: County,
) -> None:
    a, b = county.device(), county.device()
    homes = [add_household(a.desk, room=str(100 + n)) for n in range(5)]
    a.run()
    b.run(verify=True)
    # The device's file drifts from the server behind the sync's back (a restored backup,
    # a bug, a hand edit): one row lost, one row the server never had, one value changed
    # behind its clocks.
    c = b.desk.conn
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute("DELETE FROM household WHERE id = ?", (homes[0]["id"],))
    stray = dict(c.execute("SELECT * FROM household WHERE id = ?", (homes[1]["id"],)).fetchone())
    stray["id"], stray["household_no"] = "stray-row", "STRAY"
    c.execute(
        f"INSERT INTO household ({', '.join(stray)}) VALUES ({', '.join('?' * len(stray))})",
        list(stray.values()),
    )
    c.execute(
        "UPDATE household SET room = '999', updated_at = '0000000000000001-0000-x' WHERE id = ?",
        (homes[2]["id"],),
    )
    c.execute("PRAGMA foreign_keys = ON")
    # And a real edit, still unsent, that the re-download must not lose.
    b.desk.households.update(homes[3]["id"], notes="漏水，需维修")
    assert b.desk.unsent_count() == 1
    report = b.run(verify=True)
    assert report.full_download is True and report.verified is True and report.pushed == 1
    assert b.desk.households.get(homes[0]["id"]) is not None
    # The row the server never had is never dropped: it is offered, and the server keeps it
    # (after a restore, such a row is work the server forgot).
    assert report.reconciled == 1
    assert b.desk.households.get("stray-row")["household_no"] == "STRAY"
    assert b.desk.households.get(homes[2]["id"])["room"] == "102"
    srv = server_snapshot(county.storage, county.community_id)
    assert srv[("household", homes[3]["id"])]["data"]["notes"] == "漏水，需维修"
    assert srv[("household", "stray-row")]["data"]["household_no"] == "STRAY"
    a.run()
    assert snapshot(a.desk) == snapshot(b.desk)
    # Agreement again: the next check needs no re-download.
    assert b.run(verify=True).full_download is False


def test_a_full_re_download_broken_off_resumes_and_still_keeps_the_outbox(
    county: County,
) -> None:
    from relocdesk.sync import local

    a = county.device()
    for n in range(30):
        add_household(a.desk, room=str(n))
    a.run()
    b = county.device(pull_limit=7)
    b.run()
    b.desk.households.update(b.desk.households.find()[0]["id"], notes="未发送")
    local.start_full(b.desk)
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3  # stops after a page or two of the re-download

    with pytest.raises(SyncError):
        b.run(cancel=cancel)
    assert b.desk.setting(local.FULL) == "1" and b.desk.unsent_count() == 1
    report = b.run(verify=True)
    assert report.full_download is True and report.verified is True
    assert b.desk.unsent_count() == 0 and b.desk.setting(local.FULL) is None
    a.run()
    assert snapshot(a.desk) == snapshot(b.desk)


def test_app_too_old_is_told_plainly(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    data = tmp_path / "clerk-laptop"
    data.mkdir()
    engine = county.device(path=data / "community.db")
    add_household(engine.desk)
    engine.desk.close()
    # The county moved its server on to protocol 2; this app speaks 1.
    monkeypatch.setattr(protocol, "MIN_VERSION", 2)
    monkeypatch.setattr(protocol, "MAX_VERSION", 2)
    assert cli.main(["--data-dir", str(data), "sync"]) == 2
    err = capsys.readouterr().err
    assert "需要升级" in err and "upgrade required" in err and "Traceback" not in err
    from relocdesk.desk import Desk
    from relocdesk.sync.client import SyncEngine

    with Desk(data / "community.db") as desk:
        status = SyncEngine(desk).status()
        assert "升级" in status["last_error"] and status["unsent"] == 2  # nothing lost


def _through(proxy: FaultProxy, county: County, **kw: float) -> SyncEngine:
    """A device enrolled with the server, now reaching it through ``proxy``."""
    from relocdesk import keystore

    desk = county.device().desk
    add_household(desk)
    token = keystore.get_token(county.url, desk.device_id)
    return SyncEngine(desk, proxy.url, token_source=lambda: token, **kw)  # type: ignore[arg-type]


def test_retries_back_off_and_then_succeed(county: County) -> None:
    proxy = FaultProxy(county.server)  # type: ignore[arg-type]
    a = _through(proxy, county, retries=4, backoff=0.2)
    arrivals: list[float] = []

    def plan(method: str, path: str) -> str:
        arrivals.append(time.monotonic())
        return "error500" if len(arrivals) <= 3 else "pass"

    proxy.plan = plan
    try:
        report = a.run()
    finally:
        proxy.close()
    assert report.pushed == 2 and a.desk.unsent_count() == 0
    gaps = [b - a for a, b in itertools.pairwise(arrivals[:4])]
    # 0.2 s, 0.4 s, 0.8 s, each with up to half taken off at random (jitter).
    for n, gap in enumerate(gaps):
        assert 0.2 * 2**n * 0.5 - 0.02 <= gap <= 0.2 * 2**n + 0.3, gaps


def test_retries_used_up_give_a_plain_server_error(county: County) -> None:
    proxy = FaultProxy(county.server)  # type: ignore[arg-type]
    a = _through(proxy, county, retries=2, backoff=0.01)
    proxy.plan = lambda method, path: "error500"
    try:
        with pytest.raises(SyncError) as e:
            a.run()
    finally:
        proxy.close()
    assert proxy.counts["error500"] == 3  # the first try and two retries
    assert e.value.code == "server_error" and "稍后" in e.value.zh and "HTTP 500" in e.value.en
    assert a.desk.unsent_count() == 2 and a.status()["last_error"]
