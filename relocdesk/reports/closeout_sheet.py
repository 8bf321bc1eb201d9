"""The monthly workbook's 预警处置 sheet: how warnings went through the loop in the month.

Per indicator, with a subtotal per area and a total: warnings raised in the month, in
handling at its end (handed over as a need not yet closed), closed out in the month, still
open at its end, and the median days from raised to closed out of those closed in the month.

A warning's episodes come from this device's open warnings (``warning_open``) and the
synced close-outs (``warning_closeout``); a close-out written by two devices on one day is
one.
"""

from __future__ import annotations

import datetime
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

SHEET = "预警处置"
COLUMNS = [
    *("领域", "编码", "指标"),
    *("本月发现", "交办处置中", "本月销号", "仍未销号", "销号用时中位数（天）"),
]


@dataclass(frozen=True, slots=True)
class Episode:
    """One warning from the day it was raised to the day it was closed out (None: open)."""

    indicator: str
    subject_id: str
    raised: str
    closed: str | None


def episodes(conn: sqlite3.Connection) -> list[Episode]:
    found: dict[tuple[str, str, str], Episode] = {}
    for ind, subject, raised, closed in conn.execute(
        "SELECT indicator, subject_id, raised_date, min(closed_date) FROM warning_closeout"
        " WHERE deleted = 0 GROUP BY indicator, subject_id, raised_date"
    ):
        found[ind, subject, raised] = Episode(ind, subject, raised, closed)
    for ind, subject, raised in conn.execute(
        "SELECT indicator, subject_id, raised_date FROM warning_open"
    ):
        found.setdefault((ind, subject, raised), Episode(ind, subject, raised, None))
    # a close-out another device wrote for a warning this one still remembers as raised
    # later: the same warning, closed on the later day
    return list(found.values())


def _handled_until(conn: sqlite3.Connection) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """For each warning, the spans its needs were being handled: (raised, closed or '9')."""
    spans: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for ind, subject, raised, closed in conn.execute(
        "SELECT indicator, subject_id, raised_date, closed_date FROM need"
        " WHERE deleted = 0 AND indicator IS NOT NULL"
    ):
        spans[ind, subject].append((raised, closed or "9"))
    return spans


def figures(
    conn: sqlite3.Connection, first: datetime.date, end: datetime.date
) -> dict[str, dict[str, Any]]:
    """Per indicator: raised, handling, closed, open, median days."""
    start, stop = first.isoformat(), end.isoformat()
    spans = _handled_until(conn)
    out: dict[str, dict[str, Any]] = {}
    days: dict[str, list[int]] = defaultdict(list)
    for e in episodes(conn):
        f = out.setdefault(e.indicator, {"raised": 0, "handling": 0, "closed": 0, "open": 0})
        if start <= e.raised <= stop:
            f["raised"] += 1
        if e.closed is not None and start <= e.closed <= stop:
            f["closed"] += 1
            gap = datetime.date.fromisoformat(e.closed) - datetime.date.fromisoformat(e.raised)
            days[e.indicator].append(gap.days)
        if e.raised <= stop and (e.closed is None or e.closed > stop):
            f["open"] += 1
            if any(r <= stop < c for r, c in spans.get((e.indicator, e.subject_id), ())):
                f["handling"] += 1
    for code, f in out.items():
        f["median_days"] = statistics.median(days[code]) if days[code] else None
        f["days"] = days[code]
    return out


def sheet(conn: sqlite3.Connection, first: datetime.date, end: datetime.date) -> pd.DataFrame:
    import pandas as pd

    from relocdesk.monitoring import AREAS, load

    found = figures(conn, first, end)
    cat = load()
    rows: list[list[Any]] = []
    every: list[int] = []
    totals = [0, 0, 0, 0]
    for area, (area_zh, _) in AREAS.items():
        inds = [i for i in cat.indicators if i.area == area]
        if not inds:
            continue
        sub = [0, 0, 0, 0]
        sub_days: list[int] = []
        for i in inds:
            f = found.get(i.code, {"raised": 0, "handling": 0, "closed": 0, "open": 0, "days": []})
            counts = [f["raised"], f["handling"], f["closed"], f["open"]]
            rows.append([area_zh, i.code, i.name_zh, *counts, _median(f["days"])])
            sub = [a + b for a, b in zip(sub, counts, strict=True)]
            sub_days += f["days"]
        rows.append([area_zh, "", "小计", *sub, _median(sub_days)])
        totals = [a + b for a, b in zip(totals, sub, strict=True)]
        every += sub_days
    rows.append(["合计", "", "", *totals, _median(every)])
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def _median(days: list[int]) -> float | None:
    return float(statistics.median(days)) if days else None
