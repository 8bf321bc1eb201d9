"""The dashboard's figures for the whole community or one building."""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from dataclasses import dataclass
from typing import Any

from relocdesk.reports.figures import (
    BuildingFigures,
    Dashboard,
    Figures,
    by_building,
    needs_breakdown,
    open_needs,
    trend,
    trend_counts,
)


@dataclass(frozen=True)
class Community:
    """Everything the dashboard shows, for every building at once, on one day.

    Worked out in one pass over monitoring's temporary tables (people, households, last
    visits: made once, shared by the warning counts and the figures); a building's
    dashboard is then a selection from it.
    """

    buildings: list[BuildingFigures]
    counts: list[Any]  # monitoring.WarningCount per indicator and building
    needs: list[tuple[Any, ...]]
    trend: list[tuple[Any, ...]]


# Switching buildings on the screen must not pay again. The key changes whenever this or
# another connection commits a change. The entry holds its connection: a closed one's id
# could otherwise be reused by a new connection (whose counters start alike) and be served
# another moment's figures.
_cache: dict[tuple[Any, ...], tuple[sqlite3.Connection, Community]] = {}


def _conn(source: Any) -> sqlite3.Connection:
    from relocdesk.monitoring.tables import connection

    return connection(source, "reports")


def community(conn: sqlite3.Connection, today: datetime.date) -> Community:
    """The community's figures and warning counts on ``today`` (cached until data changes)."""
    from relocdesk import monitoring

    held = _cache.get(_key(conn, today))
    found = held[1] if held is not None and held[0] is conn else None
    if found is None:
        version = _key(conn, today)[1]
        with monitoring.prepared(conn, today):
            counts = monitoring.count_warnings(conn, today)
            found = Community(
                buildings=by_building(conn, today, counts),
                counts=counts,
                needs=open_needs(conn, today),
                trend=trend_counts(conn, today),
            )
        _cache.clear()
        # the key is taken after the work: filling the temporary tables counts as changes
        # of this connection; a commit by another one meanwhile leaves nothing cached
        key = _key(conn, today)
        if key[1] == version:
            _cache[key] = (conn, found)
    return found


def _key(conn: sqlite3.Connection, today: datetime.date) -> tuple[Any, ...]:
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    # The connection itself, not its id: a closed connection's id is reused by the next one
    # (the county server opens one per copy and look), which would be handed its figures.
    return (conn, version, conn.total_changes, today)


def _as_of(today: datetime.date | str | None) -> datetime.date:
    if today is None:
        return datetime.date.today()
    if isinstance(today, str):
        return datetime.date.fromisoformat(today)
    return today


def dashboard(
    source: Any, today: datetime.date | str | None = None, building_id: str | None = None
) -> Dashboard:
    """Figures on ``today`` for the community (or one building), per building, and a trend.

    ``warnings_by_area`` is keyed by area code (``relocdesk.monitoring.AREAS`` holds the
    Chinese and English names), active warnings only."""
    from relocdesk.monitoring import AREAS

    conn = _conn(source)
    on = _as_of(today)
    whole = community(conn, on)
    # copies: a caller changing its figures must not change the cached ones
    buildings = [dataclasses.replace(b) for b in whole.buildings]
    chosen: list[BuildingFigures] = (
        [b for b in buildings if b.building_id == building_id] if building_id else buildings
    )
    total = Figures()
    for b in chosen:
        total.add(b)
    total.finish()
    by_age, by_category = needs_breakdown(whole.needs, building_id)
    by_area = dict.fromkeys(AREAS, 0)
    for c in whole.counts:
        if building_id is None or c.building_id == building_id:
            by_area[c.area] += c.active
    result = Dashboard(
        today=on.isoformat(),
        building_id=building_id,
        needs_by_age=by_age,
        needs_by_category=by_category,
        warnings_by_area=by_area,
        by_building=buildings,
        trend=trend(whole.trend, on, building_id, total.households),
    )
    for name, value in vars(total).items():
        setattr(result, name, value)
    return result
