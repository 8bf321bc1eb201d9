"""The update notice end to end: the county announces a version, devices learn it at sync,
an app too old for the server is told where the new one is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from relocdesk import __version__
from relocdesk.sync import protocol
from relocdesk.sync.release import newer, parts
from tests.sync.harness import County

DOWNLOAD = "https://county.example.gov.cn/relocdesk/RelocDesk-setup-9.1.0.exe"


def test_a_device_learns_of_a_newer_version_at_sync(county: County) -> None:
    a = county.device()
    a.run()
    assert a.desk.sync_status().newer_version == ""
    county.storage.set_client_release("9.1.0", DOWNLOAD)
    info = httpx.get(f"{county.url}/v1/info").json()
    assert info["client_latest"] == "9.1.0" and info["client_download"] == DOWNLOAD
    a.run()
    status = a.desk.sync_status()
    assert (status.newer_version, status.download) == ("9.1.0", DOWNLOAD)
    # The county announces this very version: nothing newer, no notice.
    county.storage.set_client_release(__version__, DOWNLOAD)
    a.run()
    assert a.desk.sync_status().newer_version == ""


def test_too_old_an_app_is_told_where_to_get_the_new_one(county: County) -> None:
    county.storage.set_client_release("9.1.0", DOWNLOAD)
    resp = httpx.post(
        f"{county.url}/v1/push",
        headers={protocol.VERSION_HEADER: str(protocol.MIN_VERSION - 1)},
        content=b"{}",
    )
    assert resp.status_code == 426
    told = protocol.error_from_wire(resp.status_code, resp.json())
    assert told.code == "upgrade_required"
    assert DOWNLOAD in told.zh and DOWNLOAD in told.en and "新版本下载地址" in told.zh


@pytest.mark.parametrize(
    ("latest", "current", "expected"),
    [("0.2.0", "0.1.0", True), ("0.10.0", "0.9.9", True), ("0.1", "0.1.0", False),
     ("0.1.0", "0.1.0", False), ("0.0.9", "0.1.0", False), ("1.0.0rc1", "0.9", True),
     ("", "0.1.0", False), ("junk", "0.1.0", False)],
)  # fmt: skip
def test_version_order(latest: str, current: str, expected: bool) -> None:
    assert newer(latest, current) is expected
    # Independently: compare as padded integer tuples.
    a, b = parts(latest), parts(current)
    width = max(len(a), len(b), 1)
    assert (bool(a) and a + (0,) * (width - len(a)) > b + (0,) * (width - len(b))) or not expected


def test_admin_command_sets_and_refuses(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"

    def admin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "relocdesk.server.cli", "admin", "client-release",
             "--db", db, *args],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    assert "尚未公布" in admin("--show").stdout
    ok = admin("0.3.0", DOWNLOAD)
    assert ok.returncode == 0, ok.stderr
    assert "0.3.0" in admin("--show").stdout and DOWNLOAD in admin("--show").stdout
    bad = admin("version three", DOWNLOAD)
    assert bad.returncode == 2 and "版本号" in bad.stderr and "Traceback" not in bad.stderr
    worse = admin("0.4.0", "ftp://x")
    assert worse.returncode == 2 and "http" in worse.stderr
    assert "0.3.0" in admin("--show").stdout
