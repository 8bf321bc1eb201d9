"""A sync makes the requests it needs and no more: the push answer carries the community's
count and digest at its ``seq_after``, so a device whose cursor got there checks its digest
without pulling again; the last pull page carries the update notice, so no ``/v1/info``
follows. A server without either (older) is still asked as before, and a device that was
overtaken by another device's push still pulls what that push brought."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from relocdesk.sync import client as sync_client
from tests.conftest import add_household
from tests.sync.harness import County, snapshot


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The path of every request the engines make, in order."""
    seen: list[str] = []
    real = sync_client.SyncEngine._call

    def recording(self: Any, http: Any, method: str, path: str, **kw: Any) -> Any:
        seen.append(path)
        return real(self, http, method, path, **kw)

    monkeypatch.setattr(sync_client.SyncEngine, "_call", recording)
    yield seen


def edit_households(engine: Any, n: int, phone: str) -> None:
    ids = [r[0] for r in engine.desk.conn.execute("SELECT id FROM household LIMIT ?", (n,))]
    assert len(ids) == n
    for hid in ids:
        with engine.desk.transaction() as w:
            w.update("household", hid, {"phone": phone})


def test_a_push_is_checked_without_a_second_pull(county: County, requests: list[str]) -> None:
    a, b = county.device(), county.device()
    for _ in range(3):
        add_household(a.desk)
    a.run(verify=True)
    b.run(verify=True)
    county.storage.set_client_release("9.9.9", "https://county.example/relocdesk.msi")
    edit_households(a, 3, "13900001111")
    requests.clear()
    report = a.run(verify=True)
    assert requests == ["/v1/pull", "/v1/push"]
    assert report.pushed == 3 and report.verified is True
    assert a.desk.setting("client_latest") == "9.9.9"  # from the pull's last page
    requests.clear()
    assert b.run(verify=True).verified is True
    assert requests == ["/v1/pull"]
    assert snapshot(a.desk) == snapshot(b.desk)


def test_overtaken_by_another_push_the_device_pulls(county: County, requests: list[str]) -> None:
    a, b = county.device(), county.device()
    add_household(a.desk)
    a.run(verify=True)
    b.run(verify=True)
    edit_households(a, 1, "13900002222")
    # B's push lands between A's pull and A's push: A's numbers are not all its own.
    real_push = a._push

    def b_first(*args: Any) -> int:
        edit_households(b, 1, "13900003333")
        b.run(verify=False)
        return real_push(*args)

    a._push = b_first  # type: ignore[method-assign]
    requests.clear()
    report = a.run(verify=True)
    assert requests[-2:] == ["/v1/push", "/v1/pull"] and report.verified is True
    b.run(verify=True)
    assert snapshot(a.desk) == snapshot(b.desk)


def test_an_older_server_is_asked_as_before(
    county: County, requests: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = county.storage
    real_push, real_pull = storage.push, storage.pull

    def old_push(*args: Any) -> dict[str, Any]:
        return {k: v for k, v in real_push(*args).items() if k not in ("count", "digest")}

    def old_pull(*args: Any) -> dict[str, Any]:
        return {k: v for k, v in real_pull(*args).items() if k != "release"}

    monkeypatch.setattr(storage, "push", old_push)
    monkeypatch.setattr(storage, "pull", old_pull)
    storage.set_client_release("9.9.9", "https://county.example/relocdesk.msi")
    a = county.device()
    a.run()  # its first download (a snapshot is asked for) behind it
    add_household(a.desk)
    requests.clear()
    report = a.run(verify=True)
    assert requests == ["/v1/pull", "/v1/push", "/v1/pull", "/v1/info"]
    assert report.verified is True and a.desk.setting("client_latest") == "9.9.9"
