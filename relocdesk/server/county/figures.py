"""The county's figures: each community's dashboard (by building, by month) as its own
laptop computes it, and the county overview, one row per community with the totals.

Every figure comes from ``relocdesk.reports`` run over the community's copy (``copies``):
the code a device runs over its own file. The county totals add the communities' counts;
rates are worked out again from those sums (``Figures.finish``), never averaged.

A community's figures are kept per (epoch, head, day): they are computed again only when the
community's data moved, so the overview of a county is served from memory once computed.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk.reports.figures import Dashboard, Figures
from relocdesk.server import county_clock
from relocdesk.server.county.copies import Copies, Refresher

if TYPE_CHECKING:
    import pandas as pd

    from relocdesk.reports.county import CountyExtras
    from relocdesk.server.counties import County
    from relocdesk.server.storage import Storage


@dataclass(frozen=True)
class CommunityRow:
    """One community in the county overview: its whole-community dashboard on the day."""

    community_id: str
    name: str
    head: int
    figures: Dashboard
    # income, permits pending, households visited within the interval (reports.county)
    extras: CountyExtras | None = None


@dataclass(frozen=True)
class Overview:
    county: County
    on: datetime.date
    rows: list[CommunityRow]
    total: Figures
    warnings_by_area: dict[str, int] = field(default_factory=dict)
    # the county's income, permit and visit figures: sums, shares from the sums
    extras: CountyExtras | None = None


def _today(on: datetime.date | None) -> datetime.date:
    return on or county_clock.today()


class CountyFigures:
    """``CountyFigures(storage, folder)``: the figures of every community of the server,
    over copies kept in ``folder``. One per server process; safe to use from threads."""

    def __init__(self, storage: Storage, folder: str | Path) -> None:
        self.storage = storage
        self.copies = Copies(storage, folder)
        self._cache: dict[tuple[str, Any, datetime.date], tuple[Dashboard, CountyExtras]] = {}
        self._guard = threading.Lock()
        # (community, held, month, day) -> the monthly tables and extras (the workbook's)
        self._months: dict[tuple[str, Any, str, datetime.date], Any] = {}
        self.refresher: Refresher | None = None

    # -- keeping fresh -----------------------------------------------------------------------
    def start(self, interval: float = 1.0) -> Refresher:
        """Refresh copies in the background as communities sync, and compute their figures
        for today right away, so the next page is served from memory."""
        self.refresher = Refresher(self.copies, interval, after=self.warm).start()
        return self.refresher

    def stop(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
            self.refresher = None

    def warm(self, moved: list[str]) -> None:
        """Today's figures and the monthly tables of this month and the last, for the
        communities that moved, so pages and the county workbook are served from memory."""
        today = county_clock.today()
        last = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
        for cid in moved:
            self.community(cid, fresh=False)
            for month in (last, today.strftime("%Y-%m")):
                self.month(cid, month, fresh=False)

    # -- one community -----------------------------------------------------------------------
    def community(
        self, community_id: str, on: datetime.date | None = None, *, fresh: bool = True
    ) -> Dashboard:
        """The community's dashboard on ``on`` (today): its figures, per building
        (``by_building``), the 12-month trend (``trend``), warnings by area, needs."""
        return _copy(self._looked_up(community_id, on, fresh)[0])

    def extras(
        self, community_id: str, on: datetime.date | None = None, *, fresh: bool = True
    ) -> CountyExtras:
        """Income, permits pending and visits in the interval on the day (today)."""
        return self._looked_up(community_id, on, fresh)[1]

    def _looked_up(
        self, community_id: str, on: datetime.date | None, fresh: bool
    ) -> tuple[Dashboard, CountyExtras]:
        """Both, from one look at the copy, kept until the copy moves."""
        from relocdesk.reports import dashboard
        from relocdesk.reports.county import county_extras

        day = _today(on)
        if fresh:
            self.copies.fresh([community_id])
        held = self.copies.held(community_id)
        if held is None:
            raise LookupError(f"没有此社区 / no community {community_id}")
        key = (community_id, held, day)
        with self._guard:
            found = self._cache.get(key)
        if found is None:
            with self.copies.reading(community_id) as conn:
                found = (dashboard(conn, day), county_extras(conn, day))
            with self._guard:
                for old in [k for k in self._cache if k[0] == community_id and k[2] == day]:
                    del self._cache[old]
                self._cache[key] = found
        return found

    def monthly(
        self, community_id: str, month: str, today: datetime.date | None = None
    ) -> dict[str, pd.DataFrame]:
        """The community's monthly report tables, as ``relocdesk report monthly`` makes
        them on its laptop."""
        return self.month(community_id, month, today)[0]

    def month(
        self,
        community_id: str,
        month: str,
        today: datetime.date | None = None,
        *,
        fresh: bool = True,
    ) -> tuple[dict[str, pd.DataFrame], CountyExtras]:
        """The monthly report tables and the county's extra figures (income, permits,
        visits in the interval) on the month's last day (or today), from one look; kept
        until the copy moves."""
        from relocdesk.reports import monthly
        from relocdesk.reports.county import county_extras
        from relocdesk.reports.monthly import as_of

        today = _today(today)  # the county's, not the server machine's
        end = as_of(month, today)[1]
        if fresh:
            self.copies.fresh([community_id])
        key = (community_id, self.copies.held(community_id), month, end)
        with self._guard:
            found = self._months.get(key)
        if found is None:
            with self.copies.reading(community_id) as conn:
                found = (monthly(conn, month, today), county_extras(conn, end))
            with self._guard:
                for old in [k for k in self._months if k[0] == community_id and k[2] == month]:
                    del self._months[old]
                self._months[key] = found
        tables, extras = found
        return {name: frame.copy() for name, frame in tables.items()}, extras

    # -- the county --------------------------------------------------------------------------
    def overview(
        self, county: County | str, on: datetime.date | None = None, *, wait: bool = True
    ) -> Overview:
        """One row per community of the county (by name) and the county's totals. With
        ``wait``, copies behind their community are refreshed first; without, only a
        community never copied is (``served``)."""
        from relocdesk.monitoring import AREAS

        found = self.storage.county(county) if isinstance(county, str) else county
        day = _today(on)
        members = self.storage.county_communities(found.id)
        if wait:
            self.copies.fresh([m["id"] for m in members])
        else:
            missing = [m["id"] for m in members if self.copies.held(m["id"]) is None]
            if missing:
                self.copies.refresh(missing)
        rows = [
            CommunityRow(
                m["id"],
                m["name"],
                m["seq"],
                self.community(m["id"], day, fresh=False),
                self.extras(m["id"], day, fresh=False),
            )
            for m in members
        ]
        total = total_of(r.figures for r in rows)
        extras = extras_total([r.extras for r in rows if r.extras is not None], total.households)
        return Overview(found, day, rows, total, areas_of(rows, AREAS), extras)

    def served(self, county: County | str, on: datetime.date | None = None) -> Overview:
        """The overview as a page serves it with the ``Refresher`` running: what the
        copies hold now, without waiting for one behind (the refresher brings it within
        seconds)."""
        return self.overview(county, on, wait=False)


def total_of(parts: Any) -> Figures:
    """The sum of the counts; rates from the sums."""
    total = Figures()
    for f in parts:
        total.add(f)
    total.finish()
    return total


def extras_total(parts: Sequence[CountyExtras], households: int) -> CountyExtras:
    """The county's income, permit and visit figures: counts summed, per-capita income and
    the visited share from the sums."""
    from relocdesk.reports.county import CountyExtras

    people = sum(p.income_people for p in parts)
    income = sum(p.income_total for p in parts)
    visited = sum(p.households_visited_in_interval for p in parts)
    days = {p.visit_days for p in parts}
    return CountyExtras(
        income_households=sum(p.income_households for p in parts),
        income_people=people,
        income_total=income,
        per_capita_income=float(round(income / people)) if people else 0.0,
        permits_pending=sum(p.permits_pending for p in parts),
        # one interval when the county's communities share it; 0 when they differ
        visit_days=days.pop() if len(days) == 1 else 0,
        households_visited_in_interval=visited,
        visited_in_interval_share=round(visited / households, 4) if households else 0.0,
    )


def areas_of(rows: Sequence[CommunityRow], areas: Any) -> dict[str, int]:
    out = dict.fromkeys(areas, 0)
    for r in rows:
        for area, n in r.figures.warnings_by_area.items():
            out[area] = out.get(area, 0) + n
    return out


def _copy(board: Dashboard) -> Dashboard:
    """A caller changing its figures must not change the cached ones."""
    return dataclasses.replace(
        board,
        needs_by_age=dict(board.needs_by_age),
        needs_by_category=dict(board.needs_by_category),
        warnings_by_area=dict(board.warnings_by_area),
        by_building=[dataclasses.replace(b) for b in board.by_building],
        trend=[dataclasses.replace(t) for t in board.trend],
    )
