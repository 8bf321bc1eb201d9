"""A restore nobody announced: the server, started again on a database put back from a
backup, notices that a community's head is below the one it served before it stopped, and
declares a new epoch by itself. Run as county IT runs it: the real ``relocdesk-server``
process, stopped with Ctrl-C (SIGINT), the SQLite file replaced by its copy."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from relocdesk import hlc
from relocdesk.server.accounts import Device
from relocdesk.server.storage import Storage
from tests.sync.harness import free_port


def _serve_until_stopped(db: str) -> str:
    """Start the server, wait until it answers, stop it with SIGINT; returns its stderr."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "relocdesk.server.cli", "--db", db, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/info", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("the server did not start") from None
                time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return err


def _push(storage: Storage, cid: str, n: int) -> None:
    device = Device("rec", "dev-a", "li", cid, "secretary")
    ops = []
    for i in range(n):
        stamp = hlc.make(int(time.time() * 1000) + i, 0, "dev-a")
        ops.append([f"op{i}", "household", f"h{i}", stamp, {"room": f"{i}01"}, {}])
    storage.push(device, ops)


def test_a_restored_database_gets_a_new_epoch_at_start(tmp_path: Path) -> None:
    path = tmp_path / "county.db"
    db = f"sqlite:///{path}"
    storage = Storage(db)
    storage.create_all()
    cid = storage.create_community("锦绣社区")
    epoch = storage.epoch()
    storage.close()
    shutil.copyfile(path, tmp_path / "backup.db")  # the nightly backup
    storage = Storage(db)
    _push(storage, cid, 5)  # the day's work, after the backup
    storage.close()
    assert "new epoch" not in _serve_until_stopped(db)
    assert Path(f"{path}.state.json").exists()
    # The disk fails; IT puts last night's copy back and starts the server again.
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "backup.db", path)
    err = _serve_until_stopped(db)
    assert "new epoch" in err and "新纪元" in err
    storage = Storage(db)
    try:
        assert storage.epoch() != epoch
    finally:
        storage.close()
    # A restart without a restore changes nothing.
    assert "new epoch" not in _serve_until_stopped(db)
