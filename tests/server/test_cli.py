"""The commands: relocdesk-server admin, relocdesk enroll, relocdesk sync."""

from __future__ import annotations

import io
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from relocdesk import cli
from relocdesk.desk import Desk
from relocdesk.server import cli as server_cli
from relocdesk.server.storage import Storage
from tests.sync.harness import LiveServer, MemoryKeyring


def _admin(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> str:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        assert server_cli.main(["admin", *argv]) == 0
    finally:
        sys.stdin = old
    return capsys.readouterr().out


def test_admin_enroll_sync_revoke(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"
    cid = _admin(capsys, "create-community", "--db", db, "--name", "锦绣社区").strip()
    _admin(
        capsys,
        "create-user",
        "--db",
        db,
        "--community",
        cid,
        "--name",
        "li",
        "--role",
        "clerk",
        "--password-stdin",
        stdin="s3cret-wuhu-9\n",
    )
    storage = Storage(db)
    server = LiveServer(storage).start()
    try:
        data = tmp_path / "device"
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-wuhu-9\n"))
        assert (
            cli.main(
                [
                    "--data-dir",
                    str(data),
                    "enroll",
                    "--server",
                    server.url,
                    "--user",
                    "li",
                    "--password-stdin",
                ]
            )
            == 0
        )
        assert "锦绣社区" in capsys.readouterr().out
        with Desk(data / "community.db") as desk:
            # A building head would need its buildings first (admin set-building-head,
            # tests/sync/test_building_head_scope.py); a clerk writes the community.
            hh = desk.households.create(household_no="HH00001", unit=2, room="501")
            desk.visits.create(household_id=hh["id"], visitor="李", date="2026-03-01")
        assert cli.main(["--data-dir", str(data), "sync", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["pushed"] == 2 and report["verified"] is True
        out = _admin(capsys, "list-devices", "--db", db, "--json")
        (device,) = json.loads(out)
        assert device["role"] == "clerk" and "token_hash" not in device
        _admin(capsys, "revoke-device", "--db", db, device["id"])
        assert cli.main(["--data-dir", str(data), "sync"]) == 2
        err = capsys.readouterr().err
        assert "撤销" in err and "revoked" in err and "Traceback" not in err
    finally:
        server.stop()
        storage.close()


def test_enroll_without_keyring_keeps_the_token_in_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No keyring: the command still enrolls (the token goes into the encrypted database);
    an unreachable server is then what it tells."""
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
        code = cli.main(
            [
                "--data-dir",
                str(tmp_path),
                "enroll",
                "--server",
                "http://127.0.0.1:9",
                "--user",
                "x",
                "--password-stdin",
            ]
        )
    finally:
        keyring.set_keyring(old)
    assert code == 2
    err = capsys.readouterr().err
    assert "无法连接" in err and "cannot reach" in err and "Traceback" not in err


def test_sync_unreachable_server_is_plain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    from relocdesk.sync.client import SyncEngine

    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("x")
        desk.set_setting("sync_server_url", "http://127.0.0.1:9")
        engine = SyncEngine(desk, token_source=lambda: "t", retries=1, backoff=0.01)
        with pytest.raises(Exception) as e:
            engine.run()
        assert getattr(e.value, "code", "") == "unreachable"
        assert "无法连接" in str(e.value) and "cannot reach" in str(e.value)
        assert engine.status()["online"] is False


def test_sync_without_keyring_or_token_says_enroll(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("x")
        desk.set_setting("sync_server_url", "http://127.0.0.1:9")
        desk.set_setting("sync_enrolled", "1")
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code = cli.main(["--data-dir", str(tmp_path), "sync", "--json"])
    finally:
        keyring.set_keyring(old)
    err = capsys.readouterr().err
    assert code == 2 and "登记" in err and "enroll" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*token*"))


def test_new_epoch_is_announced_by_info_and_every_pull(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import httpx

    from relocdesk.sync import protocol

    db = f"sqlite:///{tmp_path / 'county.db'}"
    cid = _admin(capsys, "create-community", "--db", db, "--name", "锦绣社区").strip()
    storage = Storage(db)
    storage.create_all()
    storage.create_user("li", "pw-123456", "secretary", cid)
    token = storage.issue_token("li", "dev-1")["token"]
    server = LiveServer(storage).start()
    try:
        headers = {
            protocol.VERSION_HEADER: str(protocol.VERSION),
            "Authorization": f"Bearer {token}",
        }

        def epochs() -> tuple[str, str]:
            info = httpx.get(f"{server.url}/v1/info").json()["epoch"]
            pulled = httpx.get(f"{server.url}/v1/pull", headers=headers).json()["epoch"]
            return info, pulled

        first = epochs()
        assert first[0] == first[1] and len(first[0]) == 32
        assert epochs() == first  # stable across requests and restarts of the process
        out = _admin(capsys, "new-epoch", "--db", db)
        assert "new epoch" in out and "新纪元" in out
        second = epochs()
        assert second[0] == second[1] != first[0]
    finally:
        server.stop()
        storage.close()


def test_the_server_leaves_what_it_holds_at_start_out_of_the_collectors_rounds(
    tmp_path: Path,
) -> None:
    """A worker process's app is made with the process's objects frozen (``gc.freeze``):
    the collector no longer goes through the modules and tables at every full round."""
    import os
    import subprocess
    import sys

    code = (
        "import gc; from relocdesk.server import cli; cli.app_from_env();"
        " print(gc.get_freeze_count())"
    )
    env = {**os.environ, "RELOCDESK_SERVER_DB": f"sqlite:///{tmp_path / 'server.db'}"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[-1]) > 10_000
