"""Reads of Today's triage kept on disk (``relocdesk.monitoring.triage`` writes it): how many
households are red and yellow, how many rows, and the rows at a window of positions, read by
the table's key, so what a screen costs does not grow with the community."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TypedDict

import orjson

from relocdesk.monitoring.triage import COLUMNS


class TriageRow(TypedDict):
    """One household of Today's triage, as the screen draws it."""

    position: int
    household_id: str | None  # None: the site's own warnings (facilities), last
    household_no: str | None
    building_id: str | None
    building_no: str | None
    unit: int | None
    room: str | None
    building_head: str | None
    level: str  # red when any of its warnings is red
    red: int
    count: int
    handling: int  # of its warnings, how many are handed over and being handled
    # each kind of warning once, in monitoring's order: (title zh, title en, area, how many)
    kinds: list[tuple[str, str, str, int]]
    evaluated_on: str


@dataclass(frozen=True)
class Totals:
    """The whole triage in two numbers (the tab's title), and the day it was evaluated."""

    red: int
    yellow: int
    evaluated_on: str | None  # None: never evaluated on this device


def totals(conn: sqlite3.Connection) -> Totals:
    """How many households are red and yellow in the last triage, and its day."""
    red, households, day = conn.execute(
        "SELECT total(red > 0), count(*), max(evaluated_on) FROM triage_household"
    ).fetchone()
    return Totals(int(red or 0), int(households or 0) - int(red or 0), day)


def count(conn: sqlite3.Connection) -> int:
    """How many households the last triage lists."""
    return int(conn.execute("SELECT count(*) FROM triage_household").fetchone()[0])


def window(conn: sqlite3.Connection, at: int, n: int) -> list[TriageRow]:
    """The households at positions ``at`` to ``at + n`` of the triage, read by its key."""
    from relocdesk.monitoring.catalogue import load

    cat = load()
    cur = conn.cursor()
    cur.row_factory = None
    cur.execute(
        f"SELECT position, {COLUMNS} FROM triage_household"
        " WHERE position >= ? ORDER BY position LIMIT ?",
        (max(0, at), max(0, n)),
    )
    found: list[TriageRow] = []
    for r in cur:
        kinds = []
        for code, many in orjson.loads(r[11]):
            ind = cat.get(code)
            if ind is not None:
                kinds.append((ind.name_zh, ind.name_en, ind.area, int(many)))
        found.append(
            TriageRow(
                position=r[0],
                household_id=r[1],
                household_no=r[2],
                building_id=r[3],
                building_no=r[4],
                unit=r[5],
                room=r[6],
                building_head=r[7],
                level="red" if r[8] else "yellow",
                red=r[8],
                count=r[9],
                handling=r[10],
                kinds=kinds,
                evaluated_on=r[12],
            )
        )
    return found
