"""A time the server stored (UTC, ``YYYY-MM-DDTHH:MM:SS``) as the dashboard shows it: in
the county's time (``county_clock``, whatever the machine's zone), and how long ago, so
"3 unsent, as of 10:42" says whether 10:42 was this morning or last week."""

from __future__ import annotations

import datetime

from relocdesk.server import county_clock
from relocdesk.server.web.words import word


def _parsed(stored: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(stored).replace(tzinfo=datetime.UTC)
    except (TypeError, ValueError):
        return None


def local(stored: str | None) -> str:
    """``2026-12-05 10:42`` in the county's time zone; the stored text when unreadable."""
    at = _parsed(stored or "")
    if at is None:
        return stored or ""
    return county_clock.local(at).strftime("%Y-%m-%d %H:%M")


def age(stored: str | None, language: str, now: datetime.datetime | None = None) -> str:
    """How long before ``now``: just now, N minutes, N hours or N days ago."""
    at = _parsed(stored or "")
    if at is None:
        return ""
    seconds = max(((now or datetime.datetime.now(datetime.UTC)) - at).total_seconds(), 0)
    for unit, size in (("days_ago", 86400), ("hours_ago", 3600), ("minutes_ago", 60)):
        if seconds >= size:
            return word(unit, language).format(int(seconds // size))
    return word("just_now", language)
