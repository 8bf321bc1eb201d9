"""Scoping and tokens: a device reads and writes only its own community; forged and revoked
tokens get 401; nothing leaks, nothing is written."""

from __future__ import annotations

import uuid

import httpx
import keyring
import orjson
import pytest
from keyring.backends import fail

from relocdesk.desk import Desk
from relocdesk.sync import protocol
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

H = {protocol.VERSION_HEADER: str(protocol.VERSION)}


def _post(county: County, token: str, ops: list, headers: dict | None = None) -> httpx.Response:
    return httpx.post(
        f"{county.url}/v1/push",
        content=orjson.dumps({"ops": ops}),
        headers={**H, "Authorization": f"Bearer {token}", **(headers or {})},
    )


def _token(county: County, user: str, device: str = "dev") -> str:
    return str(county.storage.issue_token(user, device)["token"])


def _other(county: County) -> tuple[str, str]:
    other = county.new_community("幸福社区")
    county.storage.create_user("other-sec", "pw", "secretary", other)
    return other, _token(county, "other-sec")


def test_another_communitys_rows_are_never_read_or_written(county: County) -> None:
    a = county.device()
    hh = add_household(a.desk)
    a.run()
    other, token_b = _other(county)
    before_a = server_snapshot(county.storage, county.community_id)
    # B pulls: only B's community row, never A's rows.
    got = httpx.get(
        f"{county.url}/v1/pull",
        params={"after": 0},
        headers={**H, "Authorization": f"Bearer {token_b}"},
    )
    rows = orjson.loads(got.content)["rows"]
    assert [(r[1], r[2]) for r in rows] == [("community", other)]
    # B writes A's household by its id, claims A's community, or edits A's community row.
    op_id = str(uuid.uuid4())
    attempts = [
        [
            op_id,
            "household",
            hh["id"],
            "0001795360847965-0000-bbbb",
            {"room": "999"},
            {"room": hh["created_at"]},
        ],
        [
            op_id,
            "household",
            str(uuid.uuid4()),
            "0001795360847965-0000-bbbb",
            {"community_id": county.community_id, "household_no": "X"},
            {},
        ],
        [
            op_id,
            "community",
            county.community_id,
            "0001795360847965-0000-bbbb",
            {"name": "taken"},
            {},
        ],
        [op_id, "sqlite_master", "x", "0001795360847965-0000-bbbb", {"x": 1}, {}],
    ]
    for op in attempts:
        resp = _post(county, token_b, [op])
        assert resp.status_code in (400, 403), resp.text
    assert server_snapshot(county.storage, county.community_id) == before_a
    assert set(server_snapshot(county.storage, other)) == {("community", other)}


def test_forged_and_revoked_tokens_get_401(county: County) -> None:
    a = county.device()
    add_household(a.desk)
    for token in ("rd1.forged", "none", "x" * 500):
        resp = _post(county, token, [])
        assert resp.status_code == 401
        assert orjson.loads(resp.content)["code"] == "unauthorized"
    a.run()
    (dev,) = [d for d in county.storage.list_devices() if d["device_id"] == a.desk.device_id]
    assert county.storage.revoke_device(dev["id"]) == 1
    add_household(a.desk, room="777")
    with pytest.raises(SyncError) as e:
        a.run()
    assert e.value.code == "unauthorized" and "撤销" in e.value.zh and "revoked" in e.value.en
    assert a.status()["last_error"] and a.desk.unsent_count() == 1
    rooms = {
        r["data"].get("room") for r in server_snapshot(county.storage, county.community_id).values()
    }
    assert "777" not in rooms


def test_county_accounts_read_but_do_not_write(county: County) -> None:
    county.storage.create_user("county-viewer", "pw", "county", county.community_id)
    token = _token(county, "county-viewer")
    op = [
        str(uuid.uuid4()),
        "household",
        str(uuid.uuid4()),
        "0001795360847965-0000-cccc",
        {"household_no": "C1"},
        {},
    ]
    assert _post(county, token, [op]).status_code == 403
    pulled = httpx.get(f"{county.url}/v1/pull", headers={**H, "Authorization": f"Bearer {token}"})
    assert pulled.status_code == 200


def test_protocol_outside_the_range_is_upgrade_required(county: County) -> None:
    token = _token(county, county.user)
    for version in ("0", "abc"):
        resp = _post(county, token, [], headers={protocol.VERSION_HEADER: version})
        assert resp.status_code == 426
        err = protocol.error_from_wire(426, orjson.loads(resp.content))
        assert err.code == "upgrade_required" and "升级" in err.zh and "upgrade" in err.en
    # An app newer than the server: the county updates the server, not the person the app.
    resp = _post(county, token, [], headers={protocol.VERSION_HEADER: "99"})
    err = protocol.error_from_wire(resp.status_code, orjson.loads(resp.content))
    assert resp.status_code == 426 and err.code == "server_outdated"
    assert "更新服务器" in err.zh and "update the server" in err.en
    info = httpx.get(f"{county.url}/v1/info").json()
    assert info["protocol_min"] <= protocol.VERSION <= info["protocol_max"]


def test_openapi_is_served(county: County) -> None:
    spec = httpx.get(f"{county.url}/openapi.json").json()
    assert {"/v1/push", "/v1/pull", "/v1/enroll"} <= set(spec["paths"])


def test_enroll_wrong_password_and_token_only_in_keyring(county: County, memory_keyring) -> None:
    desk = Desk(county.tmp_path / "new.db")
    engine = SyncEngine(desk)
    with pytest.raises(SyncError) as e:
        engine.enroll(county.url, county.user, "wrong")
    assert e.value.code == "bad_credentials"
    assert not desk.community_id and not memory_keyring.items
    got = engine.enroll(county.url, county.user, county.password)
    assert "token" not in got and desk.community_id == county.community_id
    (token,) = memory_keyring.items.values()
    assert engine.status()["enrolled"] is True
    desk.close()
    for f in county.tmp_path.glob("new.db*"):
        assert token.encode() not in f.read_bytes()


def test_no_keyring_backend_keeps_the_token_in_the_encrypted_database(county: County) -> None:
    """Without a keyring the device still enrolls and syncs: its token goes into the
    database's local settings, which are encrypted with everything else in the file."""
    keyring.set_keyring(fail.Keyring())
    path = county.tmp_path / "nokeyring.db"
    desk = Desk(path)
    try:
        engine = SyncEngine(desk)
        engine.enroll(county.url, county.user, county.password)
        assert desk.community_id == county.community_id
        (token,) = [
            r[0]
            for r in desk.conn.execute("SELECT value FROM settings WHERE key LIKE 'device_token|%'")
        ]
        assert len(county.storage.list_devices()) == 1
        add_household(desk, household_no="NK1")
        engine.run()
        assert any(
            row["data"].get("household_no") == "NK1"
            for (tbl, _), row in server_snapshot(county.storage, county.community_id).items()
            if tbl == "household"
        )
    finally:
        desk.close()
    for f in county.tmp_path.glob("nokeyring.db*"):
        assert token.encode() not in f.read_bytes()
