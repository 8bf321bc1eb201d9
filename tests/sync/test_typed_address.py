"""The county server's address as a person types it with a Chinese input method on:
full-width colons and slashes (http：／／), the ideographic full stop for a dot (127。0。0。1),
full-width digits, spaces around it. Before, the first was told "must start with https://"
(which it seemed to), the second "cannot reach the county server". Enrolled here against a
real server on 127.0.0.1; a port that is no port is named as such, not as unreachable."""

from __future__ import annotations

from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.sync import tls
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from tests.sync.harness import County


def _typed(url: str) -> str:
    """``url`` with a Chinese input method on: full-width punctuation and digits, 。 for ."""
    wide = {c: chr(ord(c) + 0xFEE0) for c in ":/0123456789"} | {".": "。"}
    return "  " + "".join(wide.get(c, c) for c in url) + " "


def test_an_address_typed_in_full_width_enrolls(county: County, tmp_path: Path) -> None:
    typed = _typed(county.url)
    assert typed.strip() != county.url and "：" in typed and "。" in typed
    with Desk(tmp_path / "device.db") as desk:
        engine = SyncEngine(desk, retries=0)
        engine.enroll(typed, county.user, county.password)
        assert desk.setting("sync_server_url") == county.url
        report = engine.run()
        assert report.verified


@pytest.mark.parametrize("port", ["99999", "0", "84a3"])
def test_a_port_that_is_no_port_is_named(port: str) -> None:
    with pytest.raises(SyncError) as e:
        tls.check_server_url(f"https://sync.huishui.gov.cn:{port}")
    assert e.value.code == "bad_url"
    assert "端口" in e.value.zh and "port" in e.value.en and port in e.value.en


def test_what_was_meant_is_kept() -> None:
    assert tls.as_typed("ｈｔｔｐｓ：／／ｓｙｎｃ。ｅｘａｍｐｌｅ。ｇｏｖ。ｃｎ：８４４３／") == (
        "https://sync.example.gov.cn:8443/"
    )
    assert tls.check_server_url("https://sync.example.gov.cn") == "https://sync.example.gov.cn"
