"""Operating the server: an access-log line per request without personal data or tokens,
``last_seen`` per device written at most once a minute, no long header echoed back, and
``/metrics`` in Prometheus' text format."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from relocdesk.sync import protocol
from tests.conftest import add_household
from tests.sync.harness import County


def test_each_request_is_logged_without_personal_data_or_tokens(
    county: County, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="relocdesk.server.access")
    engine = county.device()
    desk = engine.desk
    add_household(desk, phone="13985012345")
    engine.run()
    token = county.storage.issue_token(county.user, "other-device")["token"]
    headers = {protocol.VERSION_HEADER: str(protocol.VERSION), "Authorization": f"Bearer {token}"}
    httpx.get(f"{county.url}/v1/pull", params={"after": 0, "limit": 7}, headers=headers)
    lines = [r.getMessage() for r in caplog.records if r.name == "relocdesk.server.access"]
    (device,) = [d for d in county.storage.list_devices() if d["device_id"] == desk.device_id]
    assert any(
        line.startswith("POST /v1/push 200 ")
        and f"device={device['id']}" in line
        and f"community={county.community_id}" in line
        for line in lines
    ), lines
    assert any(line.startswith("GET /v1/pull 200 ") for line in lines)
    assert any(line.startswith("POST /v1/enroll 200 ") and "device=-" in line for line in lines)
    text = "\n".join(lines)
    for secret in (token, county.password, county.user, "after=", "limit=", "13985012345"):
        assert secret not in text


def test_last_seen_is_written_at_most_once_a_minute(county: County) -> None:
    engine = county.device()
    storage = county.storage
    d = storage.t_device
    engine.run()
    with storage.read() as conn:
        (seen,) = conn.execute(select(d.c.last_seen)).one()
    assert seen is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", seen)
    with storage.write() as conn:
        conn.execute(d.update().values(last_seen="marker"))
    engine.run()  # within the minute: no write
    with storage.read() as conn:
        assert conn.execute(select(d.c.last_seen)).scalar_one() == "marker"


def test_the_upgrade_answer_does_not_echo_a_long_header(county: County) -> None:
    resp = httpx.get(f"{county.url}/v1/pull", headers={protocol.VERSION_HEADER: "9" * 5000 + "x"})
    assert resp.status_code == 426
    assert len(resp.content) < 1000 and "9" * 17 not in resp.text


def test_metrics_in_prometheus_text(county: County) -> None:
    engine = county.device()
    add_household(engine.desk)
    report = engine.run()
    httpx.post(
        f"{county.url}/v1/enroll",
        json={"user": county.user, "password": "not-the-password", "device_id": "x"},
        headers={protocol.VERSION_HEADER: str(protocol.VERSION)},
        timeout=60,
    )
    resp = httpx.get(f"{county.url}/metrics")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    text = resp.text
    samples = dict(
        line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert samples['relocdesk_requests_total{method="POST",route="/v1/enroll",status="200"}'] == "1"
    assert samples['relocdesk_requests_total{method="POST",route="/v1/enroll",status="401"}'] == "1"
    assert int(samples['relocdesk_requests_total{method="GET",route="/v1/pull",status="200"}']) >= 1
    assert samples["relocdesk_login_failures_total"] == "1"
    assert samples["relocdesk_pushed_ops_total"] == str(report.pushed)
    assert int(samples["relocdesk_pulled_rows_total"]) >= report.pulled
    assert samples["relocdesk_errors_total"] == "0"
    # Every sample is a number, every family is typed: what Prometheus' parser asks.
    assert all(re.fullmatch(r"[0-9.]+", v) for v in samples.values())
    families = {n.split("{")[0] for n in samples}
    assert all(f"# TYPE {f} counter" in text for f in families)


def test_a_sqlite_server_copies_its_wal_back_every_40_mb_not_every_4(tmp_path: Path) -> None:
    """Each commit that passes the limit waits for the copy: a full push's batches each
    rewrite most of the id index, and at SQLite's 1,000 pages they were copied every time."""
    from relocdesk.server.database import WAL_CHECKPOINT_PAGES
    from relocdesk.server.storage import Storage

    storage = Storage(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        with storage.read() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 10_000
        assert WAL_CHECKPOINT_PAGES == 10_000
    finally:
        storage.close()
