"""Warning counts without the warnings, for the dashboard and the monthly report.

Each indicator's own query runs wrapped in ``count(*) ... GROUP BY building``, so nothing
is fetched row by row and no explanation exists to be rendered. The counts equal
``len(evaluate(...))`` per indicator, building and status (a test holds them to it).
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from relocdesk.monitoring.catalogue import Catalogue, Indicator, load
from relocdesk.monitoring.evaluators import EVALUATORS
from relocdesk.monitoring.tables import (
    as_date,
    connection,
    effective_params,
    labour_ages,
    live_acks,
    made,
    ordered,
    own_temporary_rows,
    prepared,
    read_from_tables,
    settings_of,
)


class WarningCount(NamedTuple):
    """How many warnings of one indicator fall in one building (None: no live building)."""

    indicator: str
    area: str
    level: str
    building_id: str | None
    active: int
    acknowledged: int


_ACKS = (
    "DROP TABLE IF EXISTS temp.monitoring_ack",
    "CREATE TEMP TABLE monitoring_ack (indicator TEXT, subject_id TEXT,"
    " PRIMARY KEY (indicator, subject_id)) WITHOUT ROWID",
)


def count_warnings(
    source: Any,
    today: datetime.date | str | None = None,
    *,
    catalogue: Catalogue | None = None,
    codes: set[str] | None = None,
) -> list[WarningCount]:
    """Warnings per indicator and building on ``today``, split into active and
    acknowledged-or-snoozed, in the order ``evaluate`` lists indicators."""
    conn = connection(source)
    on = as_date(today)
    cat = catalogue or load()
    with prepared(conn, on, cat):
        chosen = None if codes is None else frozenset(codes)
        found = _counted.get(id(conn))
        if found is not None and found[:3] == (made(conn), chosen, cat):
            return list(found[3])
        counts = _count_all(conn, on, cat, codes)
        _counted[id(conn)] = (made(conn), chosen, cat, counts)
        return list(counts)


# id(connection) -> (the temporary tables' state, codes, catalogue, counts): counting again
# tables nobody has written to since gives the same answer
_counted: dict[int, tuple[Any, frozenset[str] | None, Catalogue, list[WarningCount]]] = (
    read_from_tables()
)


def remember(
    conn: sqlite3.Connection, cat: Catalogue, found: dict[str, Counter[tuple[str | None, bool]]]
) -> None:
    """Counts of a whole evaluation just made (indicator -> (building, acknowledged) ->
    warnings), kept for the dashboard that follows it; called inside its ``prepared``
    block."""
    counts = [
        WarningCount(ind.code, ind.area, ind.level, building, n - acked, acked)
        for ind in ordered(cat)
        for building, n, acked in _split(found.get(ind.code))
    ]
    _counted[id(conn)] = (made(conn), None, cat, counts)


def _split(c: Counter[tuple[str | None, bool]] | None) -> list[tuple[str | None, int, int]]:
    if not c:
        return []
    buildings = dict.fromkeys(b for b, _ in c)
    return [(b, c[b, False] + c[b, True], c[b, True]) for b in buildings]


def _count_all(
    conn: sqlite3.Connection,
    on: datetime.date,
    cat: Catalogue,
    codes: set[str] | None,
) -> list[WarningCount]:
    settings = settings_of(conn)
    ages = labour_ages(cat)
    acks = live_acks(conn, on, cat.ack_days)
    acked_codes = {code for code, _ in acks}
    indicators = ordered(cat, codes)
    # indicators that are one filter over people or households: counted in one scan each
    scans: dict[str, list[tuple[Indicator, str, dict[str, Any]]]] = {"p": [], "h": []}
    found: list[WarningCount] = []
    with prepared(conn, on, cat):
        for sql in _ACKS:
            conn.execute(sql)
        try:
            before = conn.total_changes
            conn.executemany("INSERT INTO monitoring_ack VALUES (?, ?)", list(acks))
            own_temporary_rows(conn, before)
            cur = conn.cursor()
            cur.row_factory = None
            for ind in indicators:
                ev = EVALUATORS[ind.evaluator]
                bound = ev.bound(effective_params(ind, settings), on, ages)
                if ev.filter is not None:
                    alias, condition = ev.filter
                    scans[alias].append((ind, condition, bound))
                    continue
                bound["monitoring_code"] = ind.code
                acked = (
                    "count(a.subject_id)"
                    " FROM ({}) w LEFT JOIN monitoring_ack a ON a.indicator = :monitoring_code"
                    " AND a.subject_id = w.subject_id"
                    if ind.code in acked_codes
                    else "0 FROM ({}) w"
                ).format(ev.sql)
                sql = (
                    f"SELECT h.live_building_id, count(*), {acked}"
                    " LEFT JOIN monitoring_household h ON h.id = w.household_id"
                    " GROUP BY h.live_building_id"
                )
                for building, n, n_acked in cur.execute(sql, bound):
                    found.append(_count(ind, building, n, n_acked))
            for alias, items in scans.items():
                if items:
                    found.extend(_scan(cur, alias, items, acked_codes))
        finally:
            conn.execute(_ACKS[0])
    order = {ind.code: n for n, ind in enumerate(indicators)}
    return sorted(found, key=lambda c: order[c.indicator])


def _count(ind: Indicator, building: str | None, n: int, acked: int) -> WarningCount:
    return WarningCount(ind.code, ind.area, ind.level, building, n - acked, acked)


def _scan(
    cur: sqlite3.Cursor,
    alias: str,
    items: list[tuple[Indicator, str, dict[str, Any]]],
    acked_codes: set[str],
) -> list[WarningCount]:
    """Count several filters over one table in a single pass, per building."""
    table = {"p": "monitoring_person", "h": "monitoring_household"}[alias]
    columns: list[str] = []
    conditions: list[str] = []
    bound: dict[str, Any] = {}
    for n, (ind, condition, params) in enumerate(items):
        # each indicator's thresholds under its own names: two may share an evaluator
        cond = re.sub(r":(\w+)", rf":i{n}_\1", condition)
        conditions.append(cond)
        bound.update({f"i{n}_{k}": v for k, v in params.items()})
        columns.append(f"count(CASE WHEN {cond} THEN 1 END)")
        if ind.code in acked_codes:
            bound[f"i{n}_monitoring_code"] = ind.code
            columns.append(
                f"count(CASE WHEN {cond} AND EXISTS (SELECT 1 FROM monitoring_ack a"
                f" WHERE a.indicator = :i{n}_monitoring_code AND a.subject_id = {alias}.id)"
                " THEN 1 END)"
            )
        else:
            columns.append("0")
    # only rows in breach of something are grouped: sorting them is most of the cost
    sql = (
        f"SELECT {alias}.live_building_id, {', '.join(columns)} FROM {table} {alias}"
        f" WHERE {' OR '.join(conditions)} GROUP BY {alias}.live_building_id"
    )
    out: list[WarningCount] = []
    for row in cur.execute(sql, bound):
        for n, (ind, _, _) in enumerate(items):
            total, acked = row[1 + 2 * n], row[2 + 2 * n]
            if total:
                out.append(_count(ind, row[0], total, acked))
    return out


def by_indicator(counts: Iterable[WarningCount]) -> dict[str, tuple[int, int]]:
    """indicator -> (active, acknowledged) over all buildings."""
    out: dict[str, tuple[int, int]] = {}
    for c in counts:
        active, acked = out.get(c.indicator, (0, 0))
        out[c.indicator] = (active + c.active, acked + c.acknowledged)
    return out
