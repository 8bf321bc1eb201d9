"""Hybrid logical clocks, as sortable strings.

``0001732280000000-0000-<device>``: 16 digits of wall-clock milliseconds, a 4-hex-digit
counter, then the device id. Comparing two strings compares time, then counter, then
device, so every side decides a tie the same way without parsing.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def make(ms: int, counter: int, device: str) -> str:
    return f"{ms:016d}-{counter:04x}-{device}"


def parse(stamp: str) -> tuple[int, int, str]:
    ms, counter, device = stamp.split("-", 2)
    return int(ms), int(counter, 16), device


def device_of(stamp: str) -> str:
    return stamp.split("-", 2)[2]


class Clock:
    """One device's clock: never goes backwards, moves past every clock it has seen."""

    def __init__(
        self, device: str, last: str | None = None, now: Callable[[], float] = time.time
    ) -> None:
        self.device = device
        self._now = now
        self._ms, self._counter = (0, 0)
        if last:
            self._ms, self._counter, _ = parse(last)

    def tick(self) -> str:
        wall = int(self._now() * 1000)
        if wall > self._ms:
            self._ms, self._counter = wall, 0
        else:
            self._counter += 1
            if self._counter > 0xFFFF:
                self._ms, self._counter = self._ms + 1, 0
        return make(self._ms, self._counter, self.device)

    def observe(self, stamp: str) -> None:
        """Move past a clock received from elsewhere, so our next tick sorts after it."""
        ms, counter, _ = parse(stamp)
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter

    @property
    def last(self) -> str:
        return make(self._ms, self._counter, self.device)
