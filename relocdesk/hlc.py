"""Hybrid logical clocks, as sortable strings.

``0001732280000000-0000-<device>``: 16 digits of wall-clock milliseconds, a 4-hex-digit
counter, then the device id. Comparing two strings compares time, then counter, then
device, so every side decides a tie the same way without parsing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

# The one shape a clock may have. Anything else is refused where it enters (the server's push
# check), since a clock that does not sort by time breaks every merge decided after it.
PATTERN = re.compile(r"\d{16}-[0-9a-f]{4}-[0-9A-Za-z_.:-]{1,64}")
MAX_LENGTH = 16 + 1 + 4 + 1 + 64


class BadClock(ValueError):
    """A string that is not a clock of the form ``make`` writes."""


def make(ms: int, counter: int, device: str) -> str:
    return f"{ms:016d}-{counter:04x}-{device}"


def is_clock(stamp: object) -> bool:
    return isinstance(stamp, str) and PATTERN.fullmatch(stamp) is not None


def parse(stamp: str) -> tuple[int, int, str]:
    if not is_clock(stamp):
        raise BadClock(f"not a clock: {stamp[:40]!r}")
    ms, counter, device = stamp.split("-", 2)
    return int(ms), int(counter, 16), device


def device_of(stamp: str) -> str:
    """The device part of a clock; "" for a string that is no clock (an old bad row must not
    stop the code that only wants to name who wrote it)."""
    parts = stamp.split("-", 2) if isinstance(stamp, str) else []
    return parts[2] if len(parts) == 3 else ""


def wall_ms(stamp: str) -> int:
    return parse(stamp)[0]


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

    def wall_ms(self) -> int:
        """This computer's clock, as the clock reads it (its own time source)."""
        return int(self._now() * 1000)

    @property
    def source(self) -> Callable[[], float]:
        return self._now

    @property
    def last(self) -> str:
        return make(self._ms, self._counter, self.device)
