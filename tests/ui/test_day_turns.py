"""The app left open overnight: after midnight Today is today's.

Office computers stay on and the app stays open on Today (behind its lock screen at night).
The page counted days and evaluated warnings for the day it was loaded and kept them until
someone pressed Reload: the morning's visits due, waiting days and the new day's warnings
were yesterday's. The main window now notices the date turning and the pages that count
from today load again; Today evaluates the new day.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from tests.ui.test_work_pages import Harness, work

__all__ = ["work"]


def test_today_is_loaded_again_when_the_date_turns(work: Harness) -> None:
    today = datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    page = work.page("today")
    assert page.totals is not None and page.totals.evaluated_on == today.isoformat()
    # The state the window and the page were in when loaded yesterday, before midnight.
    work.window._day = yesterday
    page.on = yesterday
    day = yesterday.isoformat()
    work.db(lambda desk: desk.conn.execute("UPDATE triage_household SET evaluated_on = ?", (day,)))
    work.window._status_timer.timeout.emit()  # the window's periodic look, after midnight
    work.settle()
    work.settle()
    assert page.on == today
    assert page.totals is not None and page.totals.evaluated_on == today.isoformat()


def test_nothing_is_loaded_again_while_the_day_is_the_same(work: Harness) -> None:
    page = work.page("today")
    loads: list[Any] = []
    original = page.refresh
    page.refresh = lambda: (loads.append(1), original())  # type: ignore[method-assign]
    work.window._status_timer.timeout.emit()
    work.settle()
    assert loads == []
