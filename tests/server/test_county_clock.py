"""The county's day and hour on a server machine kept in UTC (a container, a cloud image).

Before, the server's "today" was the machine's: from midnight to 08:00 Beijing time the
county's figures were yesterday's, on the 1st last month's, and the times the pages showed
were eight hours off. The machine's zone is set to UTC here (``TZ`` and ``time.tzset``), as
such a server's is, and the instants are chosen where the two days differ.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.server import county_clock
from relocdesk.server.web import ages
from tests.server.county_seed import seeded_laptop
from tests.sync.harness import County

# 2026-12-31 17:30 UTC: in Beijing it is already 01:30 on New Year's Day.
NEW_YEAR_IN_BEIJING = datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC)


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv(county_clock.ENV, raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_countys_day_is_beijings_whatever_the_machine_keeps(machine_in_utc: None) -> None:
    assert NEW_YEAR_IN_BEIJING.astimezone().date() == datetime.date(2026, 12, 31)  # the machine
    assert county_clock.today(NEW_YEAR_IN_BEIJING) == datetime.date(2027, 1, 1)
    # the server's own "today", now: Beijing's date, which differs from UTC's 8 hours a day
    beijing_now = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=8)
    assert county_clock.today() == beijing_now.date()


def test_the_pages_show_stored_times_on_the_offices_clocks(machine_in_utc: None) -> None:
    assert ages.local("2026-12-05T02:42:00") == "2026-12-05 10:42"  # stored in UTC
    assert ages.local("2026-12-31T17:30:00") == "2027-01-01 01:30"


def test_another_zone_is_the_countys_choice(
    machine_in_utc: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(county_clock.ENV, "Asia/Urumqi")  # UTC+6
    assert ages.local("2026-12-05T02:42:00") == "2026-12-05 08:42"
    monkeypatch.setenv(county_clock.ENV, "Asia/Beijng")
    with pytest.raises(county_clock.UnknownZone, match="Asia/Beijng"):
        county_clock.zone()


def test_beijing_time_is_known_without_a_time_zone_database(
    machine_in_utc: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zoneinfo

    county_clock._zone.cache_clear()
    monkeypatch.setattr(zoneinfo, "ZoneInfo", _no_database)
    try:
        assert county_clock.today(NEW_YEAR_IN_BEIJING) == datetime.date(2027, 1, 1)
        assert ages.local("2026-12-05T02:42:00") == "2026-12-05 10:42"
    finally:
        county_clock._zone.cache_clear()


def _no_database(name: str) -> None:
    raise zoneinfo_missing(name)


def zoneinfo_missing(name: str) -> Exception:
    import zoneinfo

    return zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {name}")


def test_the_countys_figures_are_for_the_countys_day(
    machine_in_utc: None, county: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relocdesk.server.county import CountyFigures

    county.storage.create_county("522731", "惠水县")
    laptop = seeded_laptop(county, tmp_path, 5, 3, "522731")
    figures = CountyFigures(county.storage, tmp_path / "copies")
    monkeypatch.setattr(county_clock, "today", lambda at=None: datetime.date(2027, 1, 1))
    assert figures.community(laptop.desk.community_id).today == "2027-01-01"
    assert figures.overview("522731").on == datetime.date(2027, 1, 1)
    laptop.desk.close()


def test_a_mistyped_zone_stops_the_start_with_that_said(tmp_path: Path) -> None:
    env = {**os.environ, county_clock.ENV: "Asia/Beijng"}
    done = subprocess.run(
        [sys.executable, "-m", "relocdesk.server.cli", "--db", f"sqlite:///{tmp_path / 'c.db'}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    assert "未知的时区" in done.stderr and "unknown time zone 'Asia/Beijng'" in done.stderr
    assert "Traceback" not in done.stderr
