"""How often one device may ask (relocdesk.server.pace): a device asking without end is
answered 429 with Retry-After, other devices are served meanwhile, and its bucket fills
again; against the real server process, and the bucket's arithmetic by property."""

from __future__ import annotations

import copy
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.server.pace import BURST_SECONDS, Pace, TooFast
from relocdesk.server.storage import Storage
from relocdesk.sync import protocol
from tests.server.test_accounts import PASSWORD, enroll
from tests.sync.faults import ServerProcess


def _asks(url: str, token: str) -> httpx.Response:
    return httpx.get(
        f"{url}/v1/whoami",
        headers={
            protocol.VERSION_HEADER: str(protocol.VERSION),
            "Authorization": f"Bearer {token}",
        },
        timeout=10,
    )


def test_a_device_asking_without_end_is_paced_and_others_are_not(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"
    storage = Storage(db)
    storage.create_all()
    cid = storage.create_community("锦绣社区", county="惠水县")
    storage.create_user("li", PASSWORD, "secretary", cid)
    storage.close()
    rate = 2  # a burst of BURST_SECONDS' worth: 60 requests
    server = ServerProcess(db, args=["--device-rate", str(rate)]).start()
    try:
        tokens = [enroll(server.url, "li", PASSWORD, f"dev-{n}").json()["token"] for n in (1, 2)]
        answers = [_asks(server.url, tokens[0]) for _ in range(int(rate * BURST_SECONDS) + 20)]
        statuses = [a.status_code for a in answers]
        assert statuses.count(200) >= rate * BURST_SECONDS
        assert 429 in statuses, "a device asking without end was never paced"
        paced = answers[statuses.index(429)]
        wait = int(paced.headers["Retry-After"])
        assert 1 <= wait <= 1 / rate + 1
        error = protocol.error_from_wire(429, paced.json())
        assert error.code == "too_many_requests"
        assert "过于频繁" in error.zh and "asking too often" in error.en
        # another device of the same user is served meanwhile
        assert _asks(server.url, tokens[1]).status_code == 200
        # and the first is served again once it has waited as it was told
        import time

        time.sleep(wait + 0.2)
        assert _asks(server.url, tokens[0]).status_code == 200
    finally:
        server.kill()


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@settings(max_examples=200, deadline=None)
@given(
    rate=st.sampled_from([0.5, 1.0, 7.0, 20.0]),
    steps=st.lists(
        st.tuples(st.floats(0, 5), st.sampled_from(["a", "b", "c"])), min_size=1, max_size=300
    ),
)
def test_no_device_gets_more_than_its_burst_and_rate(
    rate: float, steps: list[tuple[float, str]]
) -> None:
    """Over any stretch of time a device is served at most burst + rate × its length, and a
    device told to wait N seconds is served after waiting them."""
    clock = _Clock()
    pace = Pace(rate, clock)
    served: dict[str, list[float]] = {}
    for advance, device in steps:
        clock.now += advance
        try:
            pace.take(device)
        except TooFast as e:
            assert e.status == 429 and e.retry_after >= 1
            later = copy.deepcopy(pace)  # its own clock too
            later.clock.now += e.retry_after  # type: ignore[attr-defined]
            later.take(device)  # served after the wait it was told
            continue
        served.setdefault(device, []).append(clock.now)
    for times in served.values():
        for i, start in enumerate(times):
            for j in range(i, len(times)):
                assert j - i + 1 <= pace.burst + rate * (times[j] - start) + 1e-9


def test_a_device_quiet_for_long_is_forgotten() -> None:
    clock = _Clock()
    pace = Pace(1.0, clock)
    pace.take("a")
    clock.now += 10_000
    pace.take("b")  # the sweep runs on a request
    assert len(pace) == 1


@pytest.mark.parametrize("value", ["0", "-1", "fast"])
def test_a_rate_that_is_no_rate_is_refused(value: str) -> None:
    import argparse

    from relocdesk.server.cli_errors import positive_rate

    with pytest.raises(argparse.ArgumentTypeError, match="requests a second"):
        positive_rate(value)
