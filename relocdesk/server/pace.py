"""How often one device may ask: a token bucket per device, in each server process.

A device's sync makes three or four requests a round, a first download or a full push a few
hundred in a row; a device whose app has gone wrong (a retry without a wait, a loop) asks
thousands of times a second and takes a core of the county's server from every other
device. Each device may make ``rate`` requests a second on average, and up to ``burst`` at
once (``BURST_SECONDS`` seconds' worth, so a long download or push is never slowed); past
that it is answered 429 with ``Retry-After``, which the device's sync waits out before it
tries again (docs/sync.md, "Retries").

Counted per process: with ``--workers N`` a device may ask up to N times as often. Enrolment
has its own throttle (``throttle``), by account and address; this paces devices with a token.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable

from relocdesk.sync.protocol import SyncError

RATE = 20.0  # requests a second, on average
RATE_ENV = "RELOCDESK_DEVICE_RATE"
BURST_SECONDS = 30.0
# Devices not heard from for this long are forgotten: a full bucket is what a new one gets.
FORGET_AFTER = 120.0
TELL_EVERY = 60.0  # seconds between log lines about one device asking too often

log = logging.getLogger("relocdesk.server.access")


class Pace:
    """The buckets of one server process; ``clock`` is monotonic (a test may move it)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, rate * BURST_SECONDS)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # device -> (tokens, when)
        self._told: dict[str, float] = {}  # device -> when its refusals were last logged
        self._swept = clock()

    @classmethod
    def from_environment(cls) -> Pace:
        return cls(float(os.environ.get(RATE_ENV) or RATE))

    def __len__(self) -> int:
        """The devices remembered."""
        return len(self._buckets)

    def take(self, device: str) -> None:
        """One request of ``device``, or ``TooFast`` when its bucket is empty."""
        now = self.clock()
        tokens, then = self._buckets.get(device, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens < 1.0:
            self._buckets[device] = (tokens, now)
            if now - self._told.get(device, -TELL_EVERY) >= TELL_EVERY:
                self._told[device] = now
                log.warning("device %s asks more than %g times a second", device, self.rate)
            raise TooFast(math.ceil((1.0 - tokens) / self.rate))
        self._buckets[device] = (tokens - 1.0, now)
        if now - self._swept > FORGET_AFTER:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        """Forget devices idle long enough to have a full bucket again."""
        self._swept = now
        idle = [d for d, (_, then) in self._buckets.items() if now - then > FORGET_AFTER]
        for d in idle:
            del self._buckets[d]
            self._told.pop(d, None)


class TooFast(SyncError):
    """429 with the seconds after which the device may ask again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "too_many_requests",
            f"此设备请求过于频繁，请 {retry_after} 秒后再试",
            f"this device is asking too often; try again in {retry_after} seconds",
            status=429,
        )
        self.retry_after = retry_after
