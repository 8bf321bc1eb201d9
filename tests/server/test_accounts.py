"""Accounts as a county runs them: stopping a person (not only a device), a device cap per
user, the password policy, and the throttle that makes guessing passwords pointless."""

from __future__ import annotations

import io
import json
import logging
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from relocdesk.server import cli as server_cli
from relocdesk.server import throttle
from relocdesk.server.accounts import check_password
from relocdesk.server.storage import Storage
from relocdesk.sync import protocol
from tests.sync.harness import LiveServer

PASSWORD = "jinxiu-river-2024"


@pytest.fixture
def live(db_url: str) -> Any:
    storage = Storage(db_url)
    storage.create_all()
    cid = storage.create_community("锦绣社区", county="惠水县")
    storage.create_user("li", PASSWORD, "secretary", cid)
    server = LiveServer(storage).start()
    yield storage, server, cid
    server.stop()
    storage.close()


def enroll(url: str, user: str, password: str, device: str = "dev-1") -> httpx.Response:
    return httpx.post(
        f"{url}/v1/enroll",
        json={"user": user, "password": password, "device_id": device, "device_name": "a"},
        headers={protocol.VERSION_HEADER: str(protocol.VERSION)},
        timeout=60,
    )


def whoami(url: str, token: str) -> int:
    return httpx.get(
        f"{url}/v1/whoami",
        headers={
            protocol.VERSION_HEADER: str(protocol.VERSION),
            "Authorization": f"Bearer {token}",
        },
    ).status_code


def admin(argv: list[str], stdin: str = "") -> int:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return server_cli.main(["admin", *argv])
    finally:
        sys.stdin = old


def test_disabling_a_user_stops_the_person_not_only_a_device(
    live: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    storage, server, _cid = live
    db = ["--db", storage.url]
    tokens = [enroll(server.url, "li", PASSWORD, f"dev-{i}").json()["token"] for i in (1, 2)]
    assert [whoami(server.url, t) for t in tokens] == [200, 200]
    assert admin(["disable-user", *db, "li"]) == 0
    assert "撤销设备 2 台" in capsys.readouterr().out
    # Every device is out, and the same password enrolls nothing.
    assert [whoami(server.url, t) for t in tokens] == [401, 401]
    refused = enroll(server.url, "li", PASSWORD, "dev-3")
    assert refused.status_code == 403 and refused.json()["code"] == "account_disabled"
    assert admin(["list-users", *db, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["name"] == "li" and row["disabled_at"] and row["devices"] == 0
    assert admin(["enable-user", *db, "li"]) == 0
    assert enroll(server.url, "li", PASSWORD, "dev-3").status_code == 200


def test_reset_password_and_set_role(live: Any, capsys: pytest.CaptureFixture[str]) -> None:
    storage, server, _cid = live
    db = ["--db", storage.url]
    token = enroll(server.url, "li", PASSWORD).json()["token"]
    new = "baiyun-road-77"
    assert admin(["reset-password", *db, "li", "--password-stdin", "--revoke-devices"], new) == 0
    assert whoami(server.url, token) == 401
    assert enroll(server.url, "li", PASSWORD).status_code == 401
    token = enroll(server.url, "li", new).json()["token"]
    assert admin(["set-role", *db, "li", "building-head"]) == 0
    assert "撤销设备 1 台" in capsys.readouterr().out
    assert whoami(server.url, token) == 401  # the old token carried the old role
    assert enroll(server.url, "li", new).json()["role"] == "building_head"
    for argv, words in (
        (["set-role", *db, "nobody", "clerk"], "没有此用户"),
        (["disable-user", *db, "nobody"], "没有此用户"),
    ):
        assert admin(argv) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_a_user_enrolls_at_most_the_device_cap(live: Any) -> None:
    storage, server, _cid = live
    assert storage.device_cap == 3
    for i in range(3):
        assert enroll(server.url, "li", PASSWORD, f"dev-{i}").status_code == 200
    # The same device enrolling again replaces its own token; it takes no new place.
    assert enroll(server.url, "li", PASSWORD, "dev-0").status_code == 200
    fourth = enroll(server.url, "li", PASSWORD, "dev-9")
    assert fourth.status_code == 403 and fourth.json()["code"] == "device_limit"
    assert "上限 3" in fourth.json()["zh"] and "limit is 3" in fourth.json()["en"]
    active = [d for d in storage.list_devices() if d["revoked_at"] is None]
    assert sorted(d["device_id"] for d in active) == ["dev-0", "dev-1", "dev-2"]
    storage.revoke_device("dev-1")
    assert enroll(server.url, "li", PASSWORD, "dev-9").status_code == 200


@pytest.mark.parametrize(
    ("name", "password", "words"),
    [
        ("li", "x", "至少 10 个字符"),
        ("li", "123456789012", "全是数字"),
        ("zhangwei2024", "ZhangWei2024", "用户名相同"),
    ],
)
def test_weak_passwords_are_refused_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, password: str, words: str
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'county.db'}"]
    assert admin(["create-community", *db, "--name", "锦绣社区"]) == 0
    cid = capsys.readouterr().out.strip()
    argv = ["create-user", *db, "--community", cid, "--name", name, "--role", "clerk"]
    assert admin([*argv, "--password-stdin"], password + "\n") == 2
    err = capsys.readouterr().err
    assert words in err and "password" in err and "Traceback" not in err
    assert admin(["list-users", *db]) == 0
    assert capsys.readouterr().out == ""  # nothing half-made
    assert admin(["reset-password", *db, name, "--password-stdin"], password + "\n") == 2


def test_guessing_passwords_meets_429_and_the_right_one_waits_for_the_window(
    live: Any, caplog: pytest.LogCaptureFixture
) -> None:
    storage, server, _cid = live
    clock = [1_900_000_000.0]
    storage.clock = lambda: clock[0]
    caplog.set_level(logging.INFO, logger="relocdesk.server")
    for i in range(throttle.LIMIT):
        assert enroll(server.url, "li", f"guess-{i:04d}").status_code == 401
    stopped = enroll(server.url, "li", "guess-next")
    assert stopped.status_code == 429 and stopped.json()["code"] == "throttled"
    assert 0 < int(stopped.headers["retry-after"]) <= throttle.WINDOW
    # The right password is refused too while the window lasts ...
    clock[0] += throttle.WINDOW - 60
    assert enroll(server.url, "li", PASSWORD).status_code == 429
    # ... and accepted once the failures have left it.
    clock[0] += 61
    assert enroll(server.url, "li", PASSWORD).status_code == 200
    logged = caplog.text
    assert "wrong password for account 'li'" in logged
    assert "guess-" not in logged and PASSWORD not in logged
    metrics = httpx.get(f"{server.url}/metrics").text
    assert f"relocdesk_login_failures_total {throttle.LIMIT}" in metrics
    assert "relocdesk_throttled_total 2" in metrics


def test_one_address_guessing_many_names_is_throttled_too(live: Any) -> None:
    _storage, server, _cid = live
    for i in range(throttle.LIMIT):
        assert enroll(server.url, f"user{i}", "wrong-password-1").status_code == 401
    # An account never tried before, from the same address.
    assert enroll(server.url, "li", PASSWORD).status_code == 429


def test_hashes_of_an_older_cost_keep_verifying() -> None:
    import hashlib

    # The format of the first servers: scrypt at N=2^14 with its parameters in the string.
    salt = bytes(range(16))
    key = hashlib.scrypt(b"old-password-1", salt=salt, n=2**14, r=8, p=1, dklen=32)
    stored = f"scrypt${2**14}$8$1${salt.hex()}${key.hex()}"
    assert check_password("old-password-1", stored)
    assert not check_password("old-password-2", stored)
    # A stored cost no server of ours made is refused, not computed.
    assert not check_password("x", f"scrypt${2**30}$8$1${salt.hex()}${key.hex()}")


def test_enrollment_hashes_on_a_pool_of_its_own(live: Any) -> None:
    _storage, server, _cid = live
    results: list[int] = []
    flood = [
        threading.Thread(
            target=lambda: results.append(enroll(server.url, "li", "wrong-pw-00").status_code)
        )
        for _ in range(4)
    ]
    for t in flood:
        t.start()
    for t in flood:
        t.join()
    names = {t.name for t in threading.enumerate()}
    assert any(n.startswith("rd-password") for n in names)
    assert sum(n.startswith("rd-password") for n in names) <= 2
    assert results == [401] * 4


def test_a_database_of_the_older_server_gains_the_new_columns(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    from relocdesk.server.database import engine_for

    # rd_user as the first servers made it: no disabled_at.
    engine = engine_for(db_url) if "postgresql" in db_url else create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE rd_user (name VARCHAR(200) PRIMARY KEY, community_id VARCHAR(64)"
                " NOT NULL, role VARCHAR(32) NOT NULL, password_hash TEXT NOT NULL,"
                " created_at TEXT NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO rd_user VALUES ('li', 'c1', 'clerk', 'scrypt$x', '2025-01-01')")
        )
    engine.dispose()
    storage = Storage(db_url)
    storage.create_all()
    try:
        assert storage.disable_user("li") == 0
        (row,) = storage.list_users()
        assert row["name"] == "li" and row["disabled_at"]
    finally:
        storage.close()


def test_an_older_hash_enrolls_and_is_rewritten_at_todays_cost(live: Any) -> None:
    import hashlib

    storage, server, _cid = live
    salt = bytes(range(16))
    key = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    u = storage.t_user
    with storage.write() as conn:
        conn.execute(
            u.update().values(password_hash=f"scrypt${2**14}$8$1${salt.hex()}${key.hex()}")
        )
    assert enroll(server.url, "li", PASSWORD).status_code == 200
    with storage.read() as conn:
        stored = conn.execute(u.select()).one().password_hash
    assert stored.split("$")[1] == str(2**17) and check_password(PASSWORD, stored)


def test_the_app_says_throttled_at_once_instead_of_retrying(
    live: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    import time

    from relocdesk.desk import Desk
    from relocdesk.sync.client import SyncEngine
    from relocdesk.sync.protocol import SyncError

    _storage, server, _cid = live
    for i in range(throttle.LIMIT):
        assert enroll(server.url, "li", f"guess-{i:04d}").status_code == 401
    with Desk(tmp_path / "device.db") as desk:
        engine = SyncEngine(desk, retries=3, backoff=1.0)
        start = time.monotonic()
        with pytest.raises(SyncError) as e:
            engine.enroll(server.url, "li", PASSWORD)
        # Retrying would wait for Retry-After (up to 10 s) three times.
        assert time.monotonic() - start < 5
    assert e.value.code == "throttled"
    assert "分钟后再试" in e.value.zh and "try again in" in e.value.en
