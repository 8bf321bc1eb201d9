"""Today's triage kept on disk: one row per household with warnings not yet acknowledged, in
the order staff work them (red households first, then the most warnings; see
``households.by_household``), as of the last evaluation.

A community of 100,000 households raises hundreds of thousands of warnings. Today does not
hold them: ``refresh`` reads the evaluation as a stream, once, feeding the close-out
(``closeout.track``) and a compact tally per household (counts, the worst level, the kinds
of its warnings), then writes the tallies numbered in triage order to ``triage_household``
(local, never synced). The page reads a count and the rows on screen from that table by
its key, so what the screen costs does not grow with the community, and a page opened
before the day's evaluation ends shows the last one until the new one lands.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from relocdesk.monitoring.households import triage_key

if TYPE_CHECKING:
    import sqlite3
    from contextlib import AbstractContextManager

    from relocdesk.monitoring.evaluate import Warning
    from relocdesk.monitoring.handover import Link

# The columns of triage_household after its position, in the order they are written (the
# reads are relocdesk.queries.triage).
COLUMNS = (
    "household_id, household_no, building_id, building_no, unit, room, building_head,"
    " red, count, handling, kinds, evaluated_on"
)


class Tracking(Protocol):
    """What a refresh needs of the façade: its connection and one write transaction."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[Any]: ...


class _Tally:
    """One household's warnings while the stream passes: no warning is kept."""

    __slots__ = ("codes", "count", "handling", "home", "red")

    def __init__(self, home: tuple[Any, ...]) -> None:
        self.home = home
        self.red = 0
        self.count = 0
        self.handling = 0
        self.codes: list[list[Any]] = []  # [code, how many], in the order they come

    def sort_key(self, household_id: str | None) -> tuple[Any, ...]:
        return triage_key(household_id, self.red, self.count, self.home)


class Tally:
    """The triage of warnings added one by one (``add``); ``rows``: the rows of
    ``triage_household`` (without position and day) in triage order. Warnings come one
    indicator at a time (evaluate's order), so a household's warnings of one kind arrive
    together; acknowledged ones are left out."""

    def __init__(self, links: Mapping[tuple[str, str], Link] | None = None) -> None:
        self._links = links or {}
        self._households: dict[str | None, _Tally] = {}

    def add(self, w: Warning) -> None:
        if w._ack is not None:
            return
        hid = w._row[1]
        t = self._households.get(hid)
        if t is None:
            t = self._households[hid] = _Tally(w._home)
        definition = w._shape.definition
        code = definition.code
        t.count += 1
        if definition.level == "red":
            t.red += 1
        link = self._links.get((code, str(w._row[0]))) if self._links else None
        if link is not None and link.in_handling:
            t.handling += 1
        if t.codes and t.codes[-1][0] == code:
            t.codes[-1][1] += 1
        else:
            t.codes.append([code, 1])

    def rows(self) -> Iterator[tuple[Any, ...]]:
        order = sorted(self._households.items(), key=lambda item: item[1].sort_key(item[0]))
        self._households = {}
        for hid, t in order:
            home = t.home
            yield (
                hid,
                *home[1:7],
                t.red,
                t.count,
                t.handling,
                orjson.dumps(t.codes).decode(),
            )


def refresh(desk: Tracking, on: datetime.date, *, recorded_by: str = "") -> list[dict[str, Any]]:
    """Evaluate the catalogue on ``on`` once, as a stream: close out the warnings whose facts
    stopped holding and write the triage anew, in one transaction. Returns the close-outs
    written."""
    from relocdesk.monitoring.closeout import track
    from relocdesk.monitoring.evaluate import stream
    from relocdesk.monitoring.handover import links
    from relocdesk.monitoring.tables import forget

    conn = desk.conn
    counted = Tally(links(conn))

    def seen() -> Iterator[Warning]:
        # the close-out reads every warning; the tally takes each as it passes
        for w in stream(conn, on):
            counted.add(w)
            yield w

    try:
        closed = track(desk, seen(), on, recorded_by=recorded_by)
    finally:
        # the triage written below makes them stale: dropped now rather than kept
        forget(conn)
        _close_temporary_database(conn)
    day = on.isoformat()
    with desk.transaction():
        conn.execute("DELETE FROM triage_household")
        conn.executemany(
            f"INSERT INTO triage_household (position, {COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((n, *row, day) for n, row in enumerate(counted.rows())),
        )
    _give_back_memory(conn)
    return closed


def _close_temporary_database(conn: sqlite3.Connection) -> None:
    """Hand back the memory of the evaluation's temporary tables (every household and person
    of the community, about 110 MB at 100,000 households), which their dropping leaves in
    the in-memory temporary database. Changing ``temp_store`` closes that database; it is
    set straight back, with no temporary table left to write anywhere in between.
    Temporary tables never live in a file: SQLCipher does not encrypt temporary files, so
    every person's copied row would lie on the disk in plain text (docs/encryption.md)."""
    pages = int(conn.execute("PRAGMA temp.page_size").fetchone()[0])
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA temp.page_size = {pages}")  # the new one's pages as the closed one's


def _give_back_memory(conn: sqlite3.Connection) -> None:
    """Return what the evaluation used to the system: it leaves reference cycles that would
    wait for the collector's next turn (60 MB at 100,000 households), and glibc keeps the
    small blocks it freed in the heap (another 60 MB) until asked to give them back. The app
    runs this every morning on the writer; its memory then stays at what the screens hold."""
    import gc
    import sys

    conn.execute("PRAGMA shrink_memory")  # the pages the evaluation read, cached
    gc.collect()
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        # another C library (musl) has no malloc_trim
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
