"""The county's day and hour, whatever time zone the server machine keeps.

A county server often runs where the machine's zone is UTC (a container, a cloud image):
its "today" then ran eight hours behind the county's, so from midnight to 08:00 the
county's figures, warnings and this month's workbook were yesterday's (on the 1st, last
month's), and every time the pages showed ("3 unsent, as of 02:42") was eight hours off
the offices' clocks. The county's zone is its own setting: ``RELOCDESK_TIME_ZONE`` (an IANA
name), Beijing time when not set, as every office in the country keeps. Where the machine
has no time-zone database (a slim container, Windows without the ``tzdata`` package),
Beijing time is still known: UTC+8, with no summer time since 1991.
"""

from __future__ import annotations

import datetime
import os
from functools import lru_cache

ENV = "RELOCDESK_TIME_ZONE"
BEIJING = "Asia/Shanghai"
_BEIJING_FIXED = datetime.timezone(datetime.timedelta(hours=8), "CST")


class UnknownZone(ValueError):
    """A time zone the machine does not know."""


@lru_cache(maxsize=8)
def _zone(name: str) -> datetime.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        if name == BEIJING:
            return _BEIJING_FIXED
        raise UnknownZone(
            f"{ENV}：未知的时区“{name}”（应为如 {BEIJING} 的时区名）"
            f" / {ENV}: unknown time zone {name!r} (give a name such as {BEIJING})"
        ) from e


def zone() -> datetime.tzinfo:
    """The county's time zone (``RELOCDESK_TIME_ZONE``, else Beijing time)."""
    return _zone(os.environ.get(ENV, "").strip() or BEIJING)


def today(at: datetime.datetime | None = None) -> datetime.date:
    """The county's date at ``at`` (now): the day its figures and warnings are for."""
    return local(at or datetime.datetime.now(datetime.UTC)).date()


def local(at: datetime.datetime) -> datetime.datetime:
    """A moment (aware) as the county's clocks show it."""
    return at.astimezone(zone())
