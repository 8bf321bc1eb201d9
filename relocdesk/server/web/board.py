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

COPIES_ENV = "RELOCDESK_COPIES"
REFRESH_EVERY = 1.0  # seconds between looks at the communities' heads


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
        self._indicators: dict[tuple[Any, ...], list[IndicatorCount]] = {}

    @property
    def figures(self) -> CountyFigures:
        with self._guard:
            if self._figures is None:
                from relocdesk.server.county import CountyFigures

                folder = self.folder or copies_folder(self.storage.url)
                self._figures = CountyFigures(self.storage, folder)
                self._figures.start(REFRESH_EVERY)
            return self._figures

    def stop(self) -> None:
        with self._guard:
            if self._figures is not None:
                self._figures.stop()

    def overview(self, county: County, on: datetime.date | None = None) -> Overview:
        return self.figures.overview(county, on)

    def community(self, community_id: str, on: datetime.date | None = None) -> Dashboard:
        return self.figures.community(community_id, on)

    def indicators(self, community_id: str, on: datetime.date) -> list[IndicatorCount]:
        """Active warnings per indicator (over all buildings), as monitoring counts them."""
        from relocdesk import monitoring
        from relocdesk.monitoring import load

        copies = self.figures.copies
        copies.fresh([community_id])
        key = (community_id, copies.held(community_id), on)
        found = self._indicators.get(key)
        if found is not None:
            return found
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
        self._indicators = {k: v for k, v in self._indicators.items() if k[0] != community_id}
        self._indicators[key] = found
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
        """The community's devices as the server knows them: who, when last seen, revoked."""
        from sqlalchemy import select

        d = self.storage.t_device
        with self.storage.read() as conn:
            rows = conn.execute(
                select(
                    d.c.device_name,
                    d.c.user_name,
                    d.c.role,
                    d.c.created_at,
                    d.c.last_seen,
                    d.c.revoked_at,
                )
                .where(d.c.community_id == community_id)
                .order_by(d.c.revoked_at.is_not(None), d.c.last_seen.desc())
            )
            return [dict(r._mapping) for r in rows]
