"""The evaluation's temporary tables for a day, and the inputs every evaluation reads.

``evaluate`` (the warnings) and ``tally`` (their counts) both run inside ``prepared`` and
read the same settings, acknowledgements and indicator order; they live here, below both,
so neither module imports the other's internals.
"""

from __future__ import annotations

import datetime
import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from relocdesk.monitoring import evaluators
from relocdesk.monitoring.catalogue import AREAS, Catalogue, Indicator, load

AREA_ORDER = {code: i for i, code in enumerate(AREAS)}


def connection(source: Any, who: str = "evaluate") -> sqlite3.Connection:
    """The connection of a Desk, or the connection given."""
    conn = getattr(source, "conn", source)
    # the device's SQLCipher connections (the store's subclass of sqlcipher3's own class)
    # and the server's plain ones (its county copies); the server may not import the store
    if not (
        isinstance(conn, sqlite3.Connection)
        or any(t.__module__.startswith("sqlcipher3") for t in type(conn).__mro__)
    ):
        raise TypeError(f"{who} needs a Desk or an sqlite3.Connection")
    return cast(sqlite3.Connection, conn)


# The county's published thresholds (``relocdesk.sync.published``) among the settings, under
# this prefix: ``county:INC-01.line`` or ``county:income_line``.
COUNTY = "county:"


def settings_of(conn: sqlite3.Connection) -> dict[str, str]:
    found = {
        str(k): str(v) for k, v in conn.execute("SELECT key, value FROM settings") if v is not None
    }
    try:
        published = conn.execute("SELECT key, value FROM county_param").fetchall()
    except sqlite3.OperationalError:  # a database before the store's county_param step
        published = []
    found.update((COUNTY + str(k), str(v)) for k, v in published)
    return found


# The largest threshold an evaluation can work with: a day count must leave a date inside
# the calendar counted from today (a century; the catalogue's longest is three years), and
# any value must stay far inside SQLite's 64-bit integers (no line or count comes near).
MAX_DAYS = 36_500
MAX_THRESHOLD = 10**9


def usable(name: str, value: float) -> bool:
    """Whether parameter ``name`` (``days``, ``line``, ...) can be evaluated at ``value``;
    the county's server refuses to publish one that cannot (``server.published``)."""
    limit = MAX_DAYS if name == "days" else MAX_THRESHOLD
    return 0 <= value <= limit


def effective_params(indicator: Indicator, settings: dict[str, str]) -> dict[str, Any]:
    """The catalogue's thresholds, under this desk's own settings, under the county's
    published values (which every community of the county applies alike)."""
    params = dict(indicator.params)
    for name, text in _overrides(indicator, settings):
        if text:
            try:
                value = float(text)
            except ValueError:
                continue  # a broken setting falls back to the catalogue's threshold
            if usable(name, value):  # one no evaluation could use too (a server's older)
                params[name] = int(value) if value == int(value) else value
    return params


def _overrides(indicator: Indicator, settings: dict[str, str]) -> list[tuple[str, str | None]]:
    """(param, text) in the order they apply: the desk's settings, the county's setting
    names, the county's values for this indicator's own parameters."""
    found: list[tuple[str, str | None]] = [
        (name, settings.get(key)) for name, key in indicator.settings.items()
    ]
    found += [(name, settings.get(COUNTY + key)) for name, key in indicator.settings.items()]
    found += [(name, settings.get(f"{COUNTY}{indicator.code}.{name}")) for name in indicator.params]
    return found


@contextmanager
def prepared(
    conn: sqlite3.Connection, today: datetime.date, catalogue: Catalogue | None = None
) -> Iterator[None]:
    """The evaluation's temporary tables for ``today``, shared by everything run inside
    (the dashboard's figures and its warning counts read them too).

    They outlive the block while nothing is written: the dashboard opened after the
    warnings list, or a second building's report, reads what the first evaluation made
    instead of copying 40,000 people again. Any write, by this connection or a commit by
    another, makes the next block copy afresh. Inside another day's tables, the other
    day's are made again on leaving."""
    want = (today.isoformat(), labour_ages(catalogue or load()))
    key = id(conn)
    outer = _in_use.get(key)
    if outer == want:
        yield
        return
    _make(conn, want)
    _in_use[key] = want
    try:
        yield
    finally:
        if outer is None:
            _in_use.pop(key, None)
        else:
            _in_use[key] = outer
            _make(conn, outer)


def _state(conn: sqlite3.Connection) -> tuple[int, int]:
    """What changes when anyone writes: another connection's commits, this one's rows."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes


def _make(conn: sqlite3.Connection, want: tuple[str, tuple[int, int]]) -> None:
    key = id(conn)
    made = _made.get(key)
    if made is not None and made[:3] == (want, *_state(conn)) and _tables_exist(conn):
        return
    evaluators.prepare(conn, datetime.date.fromisoformat(want[0]), want[1])
    # the making's own number: a new connection at a freed one's address (CPython reuses
    # them) can reach the same data_version and total_changes, and must not look the same
    _made[key] = (want, *_state(conn), next(_makings))


def _tables_exist(conn: sqlite3.Connection) -> bool:
    # a closed connection's id can be reused by a new one, which has no temporary tables
    row = conn.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE name = 'monitoring_household'"
    ).fetchone()
    return row is not None


def own_temporary_rows(conn: sqlite3.Connection, before: int) -> None:
    """Rows just written to a temporary table of monitoring's (the live acknowledgements)
    do not make its tables stale: ``before`` is ``total_changes`` ahead of the write."""
    made = _made.get(id(conn))
    if made is not None and made[2] == before:
        _made[id(conn)] = (made[0], *_state(conn), made[3])


def forget(conn: sqlite3.Connection) -> None:
    """Drop the temporary tables now (the next evaluation copies afresh), and what was
    read from them."""
    _made.pop(id(conn), None)
    for cache in _read_from_tables:
        cache.pop(id(conn), None)
    if id(conn) not in _in_use:
        evaluators.clean_up(conn)


def labour_ages(cat: Catalogue) -> tuple[int, int]:
    """Working ages as the zero-employment indicator (EMP-01) has them; 16-64 without it."""
    for ind in cat.indicators:
        if ind.evaluator == "zero_employment":
            return int(ind.params["min_age"]), int(ind.params["max_age"])
    return 16, 64


# id(connection) -> (day, working ages) of the tables a ``prepared`` block is reading
_in_use: dict[int, tuple[str, tuple[int, int]]] = {}
# id(connection) -> ((day, working ages), data_version, total_changes, making) when made
_made: dict[int, tuple[tuple[str, tuple[int, int]], int, int, int]] = {}
_makings = itertools.count(1)
# Caches of what was read from a connection's tables (tally's warning counts), keyed by
# id(connection): dropped with the tables. Kept, they would never be used again (a new
# making has a new number), and after Today's morning evaluation at 100,000 households
# their 19,000 counts and the building ids in them held 80 MB of Python's allocator
# (objects scattered over arenas it cannot give back while one object in each lives).
_read_from_tables: list[dict[int, Any]] = []


def read_from_tables() -> dict[int, Any]:
    """A new cache of results read from the temporary tables, emptied by ``forget``."""
    cache: dict[int, Any] = {}
    _read_from_tables.append(cache)
    return cache


def live_acks(
    conn: sqlite3.Connection, today: datetime.date, ack_days: int
) -> dict[tuple[str, str], tuple[str, str, str, str]]:
    """(indicator, subject) -> (status, until, reason, by) for acknowledgements in force."""
    out: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    on = today.isoformat()
    cur = conn.execute(
        "SELECT indicator, subject_id, acked_date, until, reason, acked_by FROM warning_ack"
        " WHERE deleted = 0 AND acked_date <= ? ORDER BY acked_date, created_at",
        (on,),
    )
    for indicator, subject, acked, until, reason, by in cur:
        status = "snoozed" if until else "acknowledged"
        end = (
            until
            or (datetime.date.fromisoformat(acked) + datetime.timedelta(days=ack_days)).isoformat()
        )
        key = (indicator, subject)
        if end >= on:
            out[key] = (status, end, reason, by)
        else:
            out.pop(key, None)  # the latest acknowledgement decides
    return out


def as_date(today: datetime.date | str | None) -> datetime.date:
    if today is None:
        return datetime.date.today()
    if isinstance(today, str):
        return datetime.date.fromisoformat(today)
    return today


def ordered(cat: Catalogue, codes: set[str] | None = None) -> list[Indicator]:
    """Red before yellow, then by area: the order warnings are listed in."""
    chosen = [i for i in cat.indicators if codes is None or i.code in codes]
    return sorted(chosen, key=lambda i: (i.level != "red", AREA_ORDER[i.area]))


def made(conn: sqlite3.Connection) -> tuple[tuple[str, tuple[int, int]], int, int, int] | None:
    """What the connection's temporary tables were made from, None if not made: a cache
    of results from them is good while this stays the same."""
    return _made.get(id(conn))
