"""Close-out (销号): a warning whose facts stopped holding is recorded as closed.

Every tracking run compares the day's warnings with the warnings this device has seen raised
and not yet closed (``warning_open``, local: any device works it out again from the data):

- a warning not seen before is remembered, with the day it was first seen (the day its need
  was raised, when it was handed over before this device saw it) and its facts;
- a remembered warning that is no longer raised gets a close-out row (``warning_closeout``,
  synced, append-only): its indicator and subject, raised and closed dates, the need that
  handled it, the facts it had and the change that cleared it.

A close-out is not an acknowledgement or a snooze: those say a person looked at a warning
whose facts still hold; a close-out says the facts no longer hold. Two devices that see the
same warning go on the same day write the same row (its id is made from the warning and the
day), and a device that already received another's close-out of the warning writes none.

The change that cleared it is read from the rows themselves: the fields of the subject (and,
for a household, of its members) changed after the warning was first seen, from their
per-field clocks, and rows of its household added since (a visit, a referral, a training);
a person's training recorded before and changed since (its result, 已结业) by its clocks too.
Names, ID numbers, phones and health data are named as changed fields, never copied.
"""

from __future__ import annotations

import datetime
import sqlite3
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from relocdesk import hlc
from relocdesk.catalogue import HEALTH_FIELDS
from relocdesk.monitoring.catalogue import Catalogue, load

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from relocdesk.monitoring.evaluate import Warning

# Close-out ids: one per warning and day, the same on every device.
NAMESPACE = uuid.UUID("6f1c2a52-3d0e-4f7b-9a51-5b8d2c7e0a13")
# Fields whose values stay out of a close-out (it syncs to building heads): who someone is,
# how to reach them, their health.
UNCOPIED = HEALTH_FIELDS | {"name", "id_number", "phone", "notes", "permit_number", "skills"}
# Rows whose arrival can clear a warning of the household or person they belong to.
_ADDED = (
    ("visit", "household_id", "date"),
    ("need", "household_id", "raised_date"),
    ("referral", "person_id", "date"),
    ("training", "person_id", "course"),
)
_SUBJECT_TABLES = {"household", "person", "referral", "need", "facility"}


class Tracking(Protocol):
    """What tracking needs of the façade: its connection and one write transaction."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[Any]: ...


def closeout_id(community_id: str, indicator: str, subject_id: str, closed: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{community_id}|{indicator}|{subject_id}|{closed}"))


def track(
    desk: Tracking,
    warnings: Iterable[Warning],
    on: datetime.date,
    *,
    recorded_by: str = "",
    catalogue: Catalogue | None = None,
) -> list[dict[str, Any]]:
    """Remember the warnings raised on ``on`` and close out those no longer raised; returns
    the close-out rows written."""
    conn = desk.conn
    cat = catalogue or load()
    cur = conn.cursor()
    cur.row_factory = None
    day = on.isoformat()
    stamp = hlc.make(int(time.time() * 1000), 0, "")
    needs = _needs_of(conn)
    # ``warnings`` may be a stream (Today's triage): each is looked at once and only the
    # new ones' rows are kept, never every warning of the community.
    new: dict[tuple[str, str], tuple[Any, ...]] = {}
    known = _Remembered(cur)
    for w in warnings:
        key = (w._shape.definition.code, w._row[0])
        if not known.seen(key) and key not in new:
            new[key] = _remembered(w, needs.get(key), day, stamp)
    gone = known.gone()
    if not new and not gone:
        return []
    remembered = {(r[0], r[1]): r for r in _remembered_rows(cur, gone)}
    written: list[dict[str, Any]] = []
    with desk.transaction() as w:
        conn.executemany("INSERT INTO warning_open VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new.values())
        closed = _closed(conn, list(gone))
        for key in sorted(gone):
            ind, subject_id, household_id, person_id, raised, since, zh, en = remembered[key]
            conn.execute("DELETE FROM warning_open WHERE indicator = ? AND subject_id = ?", key)
            if closed.get(key, "") >= raised:
                continue  # another device closed it out and this one has its row
            definition = cat.get(ind)
            subject = definition.subject if definition is not None else ""
            row = {
                "id": closeout_id(_community(conn), ind, subject_id, day),
                "indicator": ind,
                "subject_id": subject_id,
                "household_id": household_id,
                "person_id": person_id,
                "raised_date": raised,
                "closed_date": day,
                "need_id": (needs.get(key) or (None, None))[0],
                "facts_zh": zh,
                "facts_en": en,
                "cleared_by": orjson.dumps(
                    cleared_by(conn, subject, subject_id, household_id, person_id, since)
                ).decode(),
                "recorded_by": recorded_by,
            }
            if conn.execute("SELECT 1 FROM warning_closeout WHERE id = ?", (row["id"],)).fetchone():
                continue
            written.append(w.insert("warning_closeout", row))
    return written


class _Remembered:
    """The warnings this device remembers, read one indicator at a time as the warnings
    pass (they come an indicator at a time, acknowledged ones last): the keys of one
    indicator are held, not the 500,000 of a 100,000-household community (110 MB of
    tuples at the morning's peak). Read as keys only: the facts of remembered warnings are
    not worth reading to learn that nothing changed."""

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self._cur = cur
        self._code: str | None = None
        self._known: set[str] = set()
        self._again = False  # the indicator came before: its acknowledged warnings
        self._done: set[str] = set()
        self._gone: set[tuple[str, str]] = set()

    def _subjects(self, code: str) -> set[str]:
        sql = "SELECT subject_id FROM warning_open WHERE indicator = ?"
        return {r[0] for r in self._cur.execute(sql, (code,))}

    def _leave(self) -> None:
        if self._code is not None and not self._again:
            self._gone.update((self._code, subject) for subject in self._known)
        self._known = set()

    def seen(self, key: tuple[str, str]) -> bool:
        """Whether the warning is remembered (it still holds); False: it is new."""
        code, subject = key
        if code != self._code:
            self._leave()
            self._code, self._again = code, code in self._done
            self._known = self._subjects(code)
            self._done.add(code)
        if subject not in self._known:
            return False
        self._known.discard(subject)
        self._gone.discard(key)  # seen again after its indicator's others: still holds
        return True

    def gone(self) -> set[tuple[str, str]]:
        """The remembered warnings not seen: those of the indicators seen, and every one of
        the indicators that raised nothing."""
        self._leave()
        self._code = None
        codes = [r[0] for r in self._cur.execute("SELECT DISTINCT indicator FROM warning_open")]
        for code in codes:
            if code not in self._done:
                self._gone.update((code, subject) for subject in self._subjects(code))
        return self._gone


def _remembered_rows(cur: sqlite3.Cursor, keys: set[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """What this device remembers of the given warnings (few: those just gone)."""
    return [
        row
        for key in keys
        for row in cur.execute(
            "SELECT indicator, subject_id, household_id, person_id, raised_date, raised_clock,"
            " facts_zh, facts_en FROM warning_open WHERE indicator = ? AND subject_id = ?",
            key,
        ).fetchall()
    ]


def _community(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = 'community_id'").fetchone()
    return str(row[0]) if row and row[0] else ""


def _remembered(w: Warning, need: tuple[str, str] | None, day: str, stamp: str) -> tuple[Any, ...]:
    # a warning handed over before this device saw it was raised no later than its need
    raised = min(day, need[1]) if need and need[1] else day
    # medical facts are health data and close-outs reach building heads: left out
    facts = (None, None) if w.area == "medical" else (w.facts["zh"], w.facts["en"])
    return (w.indicator, w.subject_id, w.household_id, w.person_id, raised, stamp, *facts)


def _needs_of(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str]]:
    """The first need each warning was handed over as: (need id, raised date)."""
    cur = conn.execute(
        "SELECT indicator, subject_id, id, raised_date FROM need"
        " WHERE deleted = 0 AND indicator IS NOT NULL ORDER BY raised_date DESC"
    )
    return {(r[0], r[1]): (r[2], r[3]) for r in cur}


def _closed(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The latest close-out date of each of these warnings already on this device."""
    if not keys:
        return {}
    wanted = set(keys)
    cur = conn.execute(
        "SELECT indicator, subject_id, max(closed_date) FROM warning_closeout"
        " WHERE deleted = 0 GROUP BY indicator, subject_id"
    )
    return {(r[0], r[1]): r[2] for r in cur if (r[0], r[1]) in wanted}


def cleared_by(
    conn: sqlite3.Connection,
    subject: str,
    subject_id: str,
    household_id: str | None,
    person_id: str | None,
    since: str,
) -> list[dict[str, Any]]:
    """What changed after ``since`` (a clock) in the warning's rows: fields changed (with
    their new values unless personal) and rows added, most recent first."""
    changes: list[tuple[str, dict[str, Any]]] = []
    rows: list[tuple[str, dict[str, Any]]] = []
    if subject in _SUBJECT_TABLES:
        rows += [(subject, r) for r in _rows(conn, subject, "id", subject_id)]
    if subject == "household" and household_id:
        rows += [("person", r) for r in _rows(conn, "person", "household_id", household_id)]
    elif person_id and subject != "person":
        rows += [("person", r) for r in _rows(conn, "person", "id", person_id)]
    if person_id:  # a training on record before, since completed (one added is below)
        trainings = _rows(conn, "training", "person_id", person_id)
        rows += [("training", r) for r in trainings if str(r["created_at"]) <= since]
    for table, row in rows:
        clocks: dict[str, str] = orjson.loads(row.get("clocks") or "{}")
        for name, clock in clocks.items():
            if clock > since:
                value = None if name in UNCOPIED else row.get(name)
                if name == "deleted":
                    name, value = "deleted", bool(row.get("deleted"))
                change = {"table": table, "id": row["id"], "field": name, "value": value}
                changes.append((clock, change))
    for table, parent, label in _ADDED:
        key = household_id if parent == "household_id" else person_id
        if not key:
            continue
        cur = conn.execute(
            f"SELECT id, created_at, {label} FROM {table}"
            f" WHERE {parent} = ? AND deleted = 0 AND created_at > ?",
            (key, since),
        )
        for row_id, created, what in cur:
            changes.append((created, {"table": table, "id": row_id, "added": what}))
    changes.sort(key=lambda c: c[0], reverse=True)
    return [c for _, c in changes[:8]]


def _rows(conn: sqlite3.Connection, table: str, column: str, value: str) -> list[dict[str, Any]]:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (value,))
    return [dict(r) for r in cur]


def describe(cleared: str | list[dict[str, Any]] | None, lang: str = "zh") -> str:
    """The change that cleared a warning, in words: "person employment_status → local_job";
    when no recorded change explains it (an age passed, a threshold moved, a change made
    elsewhere earlier), says so."""
    items = orjson.loads(cleared) if isinstance(cleared, str) else (cleared or [])
    if not items:
        if lang == "zh":
            return "情况已变化（时间、年龄或阈值）"
        return "circumstances changed (time, age or thresholds)"
    parts = []
    for c in items:
        if "added" in c:
            what = f"{c['table']} {c['added'] or ''}".strip()
            parts.append(("新增 " if lang == "zh" else "added ") + what)
        elif c.get("value") is None:
            parts.append(f"{c['table']}.{c['field']}")
        else:
            parts.append(f"{c['table']}.{c['field']} → {c['value']}")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
