"""What the dashboard's pages read, all from the county's figures
(``relocdesk.server.county``): the overview, a community's dashboard, its warnings by
indicator, its devices, and the households behind a figure. Nothing here counts a figure:
the communities' copies are read by the device's own report and monitoring code.

One ``Board`` per server process. Its ``CountyFigures`` keeps the copies in a folder
(``--copies``, by default beside a SQLite database or a temporary folder) and starts
refreshing them when the dashboard is first used, so a server nobody looks at from above
does no extra work.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relocdesk.reports import Dashboard
    from relocdesk.reports.behind import HouseholdLine
    from relocdesk.server.counties import County
    from relocdesk.server.county import CountyFigures, Overview
    from relocdesk.server.storage import Storage
    from relocdesk.server.web.columns import Thresholds

COPIES_ENV = "RELOCDESK_COPIES"
REFRESH_EVERY = 1.0  # seconds between looks at the communities' heads


class Line:
    """A row of the overview: the community's dashboard figures and the county's extra ones
    (income, permits, visits within the interval), read as one object by the columns."""

    def __init__(self, community_id: str, name: str, figures: Any, extras: Any) -> None:
        self.community_id, self.name = community_id, name
        self.figures = _Both(figures, extras)


class _Both:
    def __init__(self, figures: Any, extras: Any) -> None:
        self._figures, self._extras = figures, extras

    def __getattr__(self, name: str) -> Any:
        try:
            return getattr(self._figures, name)
        except AttributeError:
            return getattr(self._extras, name)


def extras_total(parts: list[Any], households: int) -> Any:
    """The county's extras over its communities as the county workbook totals them: counts
    summed, the per-capita income and the share visited worked out again from the sums."""
    from relocdesk.reports.county import CountyExtras

    people = sum(p.income_people for p in parts)
    income = sum(p.income_total for p in parts)
    visited = sum(p.households_visited_in_interval for p in parts)
    return CountyExtras(
        income_households=sum(p.income_households for p in parts),
        income_people=people,
        income_total=income,
        per_capita_income=float(round(income / people)) if people else 0.0,
        permits_pending=sum(p.permits_pending for p in parts),
        households_visited_in_interval=visited,
        visited_in_interval_share=round(visited / households, 4) if households else 0.0,
    )


@dataclass(frozen=True)
class IndicatorCount:
    area: str
    code: str
    name_zh: str
    name_en: str
    level: str
    active: int


def copies_folder(url: str) -> Path:
    """Where the copies live: ``$RELOCDESK_COPIES``, else beside a SQLite database, else a
    temporary folder (they are a cache, made again from the database when missing)."""
    chosen = os.environ.get(COPIES_ENV)
    if chosen:
        return Path(chosen)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///") :] + ".copies")
    return Path(tempfile.mkdtemp(prefix="relocdesk-copies-"))


class Board:
    def __init__(self, storage: Storage, folder: Path | None = None) -> None:
        self.storage = storage
        self.folder = folder
        self._figures: CountyFigures | None = None
        self._guard = threading.Lock()
        self._start = threading.Lock()
        self._kept: dict[tuple[Any, ...], Any] = {}

    @property
    def figures(self) -> CountyFigures:
        with self._start:
            if self._figures is None:
                from relocdesk.server.county import CountyFigures

                folder = self.folder or copies_folder(self.storage.url)
                self._figures = CountyFigures(self.storage, folder)
                self._figures.start(REFRESH_EVERY)
            return self._figures

    def stop(self) -> None:
        with self._start:
            if self._figures is not None:
                self._figures.stop()

    def overview(self, county: County) -> tuple[Overview, list[Line], Line]:
        """The county's overview, its rows with their extras, and the county's total row."""
        found = self.figures.overview(county)
        extras = [self.extras(r.community_id, found.on) for r in found.rows]
        lines = [
            Line(r.community_id, r.name, r.figures, x)
            for r, x in zip(found.rows, extras, strict=True)
        ]
        total = Line("", "", found.total, extras_total(extras, found.total.households))
        return found, lines, total

    def extras(self, community_id: str, on: datetime.date) -> Any:
        """Income, permits pending and visits within the interval, kept per copy and day."""
        copies = self.figures.copies
        key = ("extras", community_id, copies.held(community_id), on)
        found = self._kept.get(key)
        if found is None:
            found = self.figures.extras(community_id, on)
            self._keep(key, found)
        return found

    def _keep(self, key: tuple[Any, ...], value: Any) -> None:
        # one entry per kind and community: an older head's or day's goes
        with self._guard:
            for old in [k for k in self._kept if k[:2] == key[:2]]:
                del self._kept[old]
            self._kept[key] = value

    def thresholds(self, county: County) -> Thresholds:
        """The lights' thresholds: what the county published over the catalogue's."""
        from relocdesk.server.web.columns import Thresholds

        published = self.storage.published(county.code)
        return Thresholds({str(p["key"]): str(p["value"]) for p in published})

    def workbook(self, county: County, month: str, path: Path) -> Path:
        from relocdesk.server.county.workbook import write_county_xlsx

        return write_county_xlsx(self.figures, county.code, month, path)

    def community(self, community_id: str, on: datetime.date | None = None) -> Dashboard:
        return self.figures.community(community_id, on)

    def indicators(self, community_id: str, on: datetime.date) -> list[IndicatorCount]:
        """Active warnings per indicator (over all buildings), as monitoring counts them."""
        from relocdesk import monitoring
        from relocdesk.monitoring import load

        copies = self.figures.copies
        copies.fresh([community_id])
        key = ("indicators", community_id, copies.held(community_id), on)
        kept: list[IndicatorCount] | None = self._kept.get(key)
        if kept is not None:
            return kept
        catalogue = load()
        with copies.reading(community_id) as conn:
            counts = monitoring.count_warnings(conn, on, catalogue=catalogue)
        active: dict[str, int] = {}
        for c in counts:
            active[c.indicator] = active.get(c.indicator, 0) + c.active
        found = [
            IndicatorCount(i.area, i.code, i.name_zh, i.name_en, i.level, active[i.code])
            for i in catalogue.indicators
            if active.get(i.code)
        ]
        self._keep(key, found)
        return found

    def behind(
        self, community_id: str, figure: str, on: datetime.date, building_id: str | None
    ) -> list[HouseholdLine]:
        from relocdesk.reports.behind import households_behind

        copies = self.figures.copies
        copies.fresh([community_id])
        with copies.reading(community_id) as conn:
            return households_behind(conn, on, figure, building_id)

    def devices(self, community_id: str) -> list[dict[str, Any]]:
        """The community's devices as the server knows them: who, when last seen, revoked,
        and what each last told of its outbox (``relocdesk.server.unsent``)."""
        from sqlalchemy import select

        d = self.storage.t_device
        with self.storage.read() as conn:
            rows = conn.execute(
                select(
                    d.c.device_name,
                    d.c.user_name,
                    d.c.role,
                    d.c.created_at,
                    d.c.device_id,
                    d.c.last_seen,
                    d.c.revoked_at,
                    d.c.unsent,
                    d.c.unsent_at,
                )
                .where(d.c.community_id == community_id)
                .order_by(d.c.revoked_at.is_not(None), d.c.last_seen.desc())
            )
            return [dict(r._mapping) for r in rows]
