"""TLS between the device and the county server: a certificate from a county's own
authority (made here with trustme, as a county's IT would with its CA), trusted with the
CA bundle and refused without it; plain http:// refused for any host but loopback, before a
byte is sent."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme

from relocdesk import cli
from relocdesk.desk import Desk
from relocdesk.server.storage import Storage
from relocdesk.sync import tls
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.conftest import add_household
from tests.sync.harness import LiveServer, MemoryKeyring, free_port

PASSWORD = "jinxiu-river-2024"


class Pki:
    def __init__(self, folder: Path) -> None:
        ca = trustme.CA(organization_name="惠水县政务服务中心")
        leaf = ca.issue_cert("localhost", "127.0.0.1")
        self.ca_file = folder / "county-ca.pem"
        self.cert_file = folder / "server-chain.pem"
        self.key_file = folder / "server-key.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        for i, pem in enumerate(leaf.cert_chain_pems):
            pem.write_to_path(str(self.cert_file), append=i > 0)
        leaf.private_key_pem.write_to_path(str(self.key_file))


@pytest.fixture
def https_county(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[tuple[Any, Pki]]:
    pki = Pki(tmp_path)
    storage = Storage(f"sqlite:///{tmp_path / 'county.db'}")
    storage.create_all()
    cid = storage.create_community("锦绣社区")
    storage.create_user("li", PASSWORD, "secretary", cid)
    server = LiveServer(
        storage, ssl_certfile=str(pki.cert_file), ssl_keyfile=str(pki.key_file)
    ).start()
    yield server, pki
    server.stop()
    storage.close()


def test_a_county_ca_is_trusted_when_given_and_kept_for_sync(
    https_county: tuple[Any, Pki],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, pki = https_county
    assert server.url.startswith("https://")
    data = tmp_path / "device"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["--data-dir", str(data), "enroll", "--server", server.url, "--user", "li"]
    assert cli.main([*argv, "--password-stdin", "--ca-file", str(pki.ca_file)]) == 0
    assert "锦绣社区" in capsys.readouterr().out
    with Desk(data / "community.db") as desk:
        add_household(desk)
        assert desk.setting(tls.CA_FILE) == str(pki.ca_file)
    # The sync after it takes the CA from the device's settings.
    assert cli.main(["--data-dir", str(data), "sync", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pushed"] == 2


def test_without_the_county_ca_the_certificate_is_refused_plainly(
    https_county: tuple[Any, Pki], tmp_path: Path
) -> None:
    server, _pki = https_county
    with Desk(tmp_path / "device.db") as desk:
        with pytest.raises(SyncError) as e:
            SyncEngine(desk, retries=0).enroll(server.url, "li", PASSWORD)
        assert e.value.code == "untrusted_certificate"
        assert "证书不受信任" in e.value.zh and "not trusted" in e.value.en
        assert not desk.setting("sync_enrolled")


@pytest.mark.parametrize(
    "url",
    ["http://sync.huishui.gov.cn", "http://10.12.0.5:8765", "http://192.168.1.20/", "ftp://x"],
)
def test_plain_http_to_another_host_is_refused_before_connecting(
    url: str, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with Desk(tmp_path / "device.db") as desk:
        engine = SyncEngine(desk, transport=httpx.MockTransport(record), retries=0)
        with pytest.raises(SyncError) as e:
            engine.enroll(url, "li", PASSWORD)
        assert e.value.code in ("insecure_url", "bad_url")
        assert "https://" in e.value.zh and "https://" in e.value.en
        # A device enrolled over http by an older version stops there too.
        desk.set_setting("sync_server_url", url)
        with pytest.raises(SyncError):
            SyncEngine(
                desk, token_source=lambda: "rd1.x", transport=httpx.MockTransport(record), retries=0
            ).run()
    assert sent == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost:8765/", "http://[::1]:8765", "https://a.b"]
)
def test_loopback_http_and_any_https_are_allowed(url: str) -> None:
    assert tls.check_server_url(url) == url.rstrip("/")


def test_a_missing_or_broken_ca_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "ca.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    for path, words in ((tmp_path / "none.pem", "找不到"), (broken, "无法读取")):
        with pytest.raises(SyncError) as e:
            tls.ssl_context(str(path))
        assert words in e.value.zh and str(path) in e.value.en


def test_the_server_command_serves_https_with_the_given_certificate(tmp_path: Path) -> None:
    pki = Pki(tmp_path)
    port = free_port()
    db = f"sqlite:///{tmp_path / 'county.db'}"
    args = ["--db", db, "--port", str(port), "--certfile", str(pki.cert_file)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "relocdesk.server.cli", *args, "--keyfile", str(pki.key_file)],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        stderr=subprocess.PIPE,
    )
    try:
        ctx = tls.ssl_context(str(pki.ca_file))
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = httpx.get(f"https://127.0.0.1:{port}/v1/info", verify=ctx)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        assert resp.status_code == 200 and resp.json()["server"] == "relocdesk"
    finally:
        proc.terminate()
        proc.wait(10)
    alone = subprocess.run(
        [sys.executable, "-m", "relocdesk.server.cli", "--db", db, "--certfile", "x.pem"],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert alone.returncode == 2 and "--keyfile" in alone.stderr
    assert "Traceback" not in alone.stderr
