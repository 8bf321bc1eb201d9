"""The device side of a building head's scope: after each pull, the device holds exactly the
households the server says are its buildings' (``scope`` on a pull's last page).

- A household that came into its buildings (moved in, or its building given to this head)
  arrives by its changed row, but its people, visits and needs were numbered before the
  device's cursor: the device asks for those households whole (``/v1/pull?households=``).
- A household that left (moved to another building) is removed from the device with every
  row hanging off it, and so are buildings and other heads' rows no longer in scope: nothing
  of another scope stays on the laptop. Removing is local only (no outbox entry, no
  tombstone): the rows live on at the server.
- Unless the device still has unsent changes to that household. Those are never dropped
  silently: the household stays, its changes are not pushed (the server would refuse the
  whole batch), and the sync report and status say how many changes are kept back and
  why. ``discard_kept_back`` removes them when a person decides so (after a secretary has
  taken the change over, say).

The scope is the server's decision; the device only follows what the server sent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from relocdesk.sync.local import LocalDesk, start_full
from relocdesk.sync.received import apply_page, sync_transaction

SCOPE = "sync_scope"  # the last scope the server sent: {"head", "buildings", "households"}
KEPT = "sync_kept_back"  # households outside the scope kept for their unsent changes
_CHUNK = 900


@dataclass
class Settled:
    entered: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # households removed from the device
    kept: list[str] = field(default_factory=list)  # households kept for unsent changes
    rows_removed: int = 0


def local_households(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM household")}


def rows_of(conn: sqlite3.Connection, households: Iterable[str]) -> dict[str, set[str]]:
    """Every local row hanging off these households, by table (the households included)."""
    out: dict[str, set[str]] = {t: set() for t in _ORDER}
    hh = set(households)
    if not hh:
        return out
    out["household"] = set(hh)
    out["person"] = _ids(conn, "person", "household_id", hh)
    out["visit"] = _ids(conn, "visit", "household_id", hh)
    out["need"] = _ids(conn, "need", "household_id", hh)
    out["need_event"] = _ids(conn, "need_event", "need_id", out["need"])
    out["referral"] = _ids(conn, "referral", "person_id", out["person"])
    out["referral_event"] = _ids(conn, "referral_event", "referral_id", out["referral"])
    out["training"] = _ids(conn, "training", "person_id", out["person"])
    out["employment_event"] = _ids(conn, "employment_event", "person_id", out["person"])
    out["warning_closeout"] = _ids(conn, "warning_closeout", "household_id", hh)
    subjects = hh | out["person"]
    out["warning_ack"] = _ids(conn, "warning_ack", "subject_id", subjects)
    out["audit"] = _ids(conn, "audit", "subject_id", subjects)
    everything = set().union(*(v for k, v in out.items() if k != "conflict"))
    out["conflict"] = _ids(conn, "conflict", "row_id", everything)
    return out


_ORDER = (
    "conflict",
    "employment_event",
    "warning_closeout",
    "audit",
    "warning_ack",
    "training",
    "referral_event",
    "referral",
    "need_event",
    "need",
    "visit",
    "person",
    "household",
)


def _ids(conn: sqlite3.Connection, table: str, column: str, values: set[str]) -> set[str]:
    found: set[str] = set()
    items = sorted(values)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE {column} IN ({marks})", chunk)
        )
    return found


def unsent_rows(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in conn.execute("SELECT tbl, row_id FROM outbox")}


def kept_back(desk: LocalDesk) -> list[str]:
    value = desk.setting(KEPT)
    return list(orjson.loads(value)) if value else []


def kept_back_rows(desk: LocalDesk) -> set[str]:
    """Row ids of the households kept back, whose ops are not pushed."""
    kept = kept_back(desk)
    if not kept:
        return set()
    return set().union(*rows_of(desk.conn, kept).values())


def kept_back_changes(desk: LocalDesk) -> int:
    """Unsent changes kept back because their household left this device's buildings."""
    rows = kept_back_rows(desk)
    if not rows:
        return 0
    return sum(1 for _tbl, row_id in _outbox_rows(desk.conn) if row_id in rows)


def _outbox_rows(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute("SELECT tbl, row_id FROM outbox")]


def settle(
    desk: LocalDesk,
    scope: dict[str, Any],
    held_before: set[str] | None,
    fetch: Callable[[list[str]], list[Any]],
) -> Settled:
    """Bring the device to ``scope``: fetch the households that came in (``held_before``:
    the households the device had before this pull; None on a first or full download, when
    everything came), remove those that left unless they hold unsent changes."""
    out = Settled()
    conn = desk.conn
    households = set(scope.get("households") or [])
    if held_before is not None:
        out.entered = sorted(households - held_before)
        for start in range(0, len(out.entered), 100):
            rows = fetch(out.entered[start : start + 100])
            apply_page(desk, rows)
    leaving = local_households(conn) - households
    pending = {row_id for _tbl, row_id in _outbox_rows(conn)}
    drop: dict[str, set[str]] = {t: set() for t in _ORDER}
    for hh in sorted(leaving):
        mine = rows_of(conn, [hh])
        if any(ids & pending for ids in mine.values()):
            out.kept.append(hh)
            continue
        out.removed.append(hh)
        for t, ids in mine.items():
            drop[t] |= ids
    buildings = set(scope.get("buildings") or [])
    # A kept household keeps its building row (not personal data) until it goes.
    for hh in out.kept:
        found = conn.execute("SELECT building_id FROM household WHERE id = ?", (hh,)).fetchone()
        if found and found[0]:
            buildings.add(found[0])
    head = scope.get("head")
    with sync_transaction(desk):
        for table in _ORDER:
            _delete(conn, table, drop[table])
        drop_b = {r[0] for r in conn.execute("SELECT id FROM building")} - buildings
        drop_h = {r[0] for r in conn.execute("SELECT id FROM building_head")} - {head}
        drop_c = _ids(conn, "conflict", "row_id", drop_b | drop_h)
        _delete(conn, "conflict", drop_c)
        _delete(conn, "building", drop_b)
        _delete(conn, "building_head", drop_h)
        for pid in drop["person"]:
            desk.touched("person", pid)
        for hh in drop["household"]:
            desk.touched("household", hh)
        desk.set_setting(SCOPE, orjson.dumps({**scope, "households": []}).decode())
        desk.set_setting(KEPT, orjson.dumps(out.kept).decode() if out.kept else None)
    out.rows_removed = sum(len(v) for v in drop.values()) + len(drop_b | drop_h | drop_c)
    return out


def _delete(conn: sqlite3.Connection, table: str, ids: set[str]) -> None:
    items = sorted(ids)
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)


def follow(
    desk: LocalDesk,
    scope: dict[str, Any],
    held_before: set[str] | None,
    fetch: Callable[[list[str]], Any],
) -> Settled | None:
    """``settle``, unless the account now belongs to another building head than the last
    scope said: then None, and a full download begins (cursor 0, the outbox kept)."""
    if held_before is not None and stored_head(desk) != scope.get("head"):
        start_full(desk)
        return None
    return settle(desk, scope, held_before, lambda ids: list(fetch(ids)))


def summary(left: int, kept: int) -> str:
    return (
        f"{left} 户已迁出您的楼栋，已从本机移除；{kept} 项未发送的修改属于迁出的住户，"
        f"保留在本机未上传，请交社区办公室处理 / {left} households left your buildings and"
        f" were removed from this device; {kept} unsent changes to households that left are"
        " kept here, not sent: hand them to the office"
    )


def stored_head(desk: LocalDesk) -> str | None:
    value = desk.setting(SCOPE)
    if not value:
        return None
    head = orjson.loads(value).get("head")
    return str(head) if head else None


def discard_kept_back(desk: LocalDesk) -> int:
    """Drop the unsent changes of households that left this device's buildings, and the
    households with them; returns how many changes were dropped. Only on a person's word."""
    kept = kept_back(desk)
    if not kept:
        return 0
    conn = desk.conn
    mine = rows_of(conn, kept)
    rows = set().union(*mine.values())
    dropped = 0
    with sync_transaction(desk):
        for row_id in sorted(rows):
            dropped += conn.execute("DELETE FROM outbox WHERE row_id = ?", (row_id,)).rowcount
        for table in _ORDER:
            _delete(conn, table, mine[table])
        for pid in mine["person"]:
            desk.touched("person", pid)
        for hh in mine["household"]:
            desk.touched("household", hh)
        desk.set_setting(KEPT, None)
    return dropped
