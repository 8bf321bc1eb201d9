"""Field-by-field merge of a device's op into the server's row, with conflicts kept.

An op names the clock each field had when the device changed it (its base). Equal to the
server's clock for that field: the device saw the current value, so this is a later edit.
Different: someone else changed the field meanwhile — a concurrent edit. The larger clock
wins (clocks are strings that sort by time, counter, device: every side agrees), and the
losing value becomes a ``conflict`` row, synced like any row, for a person to confirm or
reverse. Rows of append-only tables are written once and never conflict.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson

from relocdesk.catalogue import APPEND_ONLY
from relocdesk.hlc import device_of

_CONFLICT_NS = uuid.UUID("5b0c2f6e-4e59-4f43-9c1e-0d8a6b1f7a11")


@dataclass
class RowState:
    tbl: str
    row_id: str
    community_id: str
    created_at: str
    deleted: int
    data: dict[str, Any]
    clocks: dict[str, str]
    old_hash: int | None = None  # the digest contribution before this push; None: new row
    # False once the result differs from what the pushing device holds for this row.
    clean: bool = True
    touched: bool = False
    seq: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def wire(self) -> list[Any]:
        return [
            self.seq,
            self.tbl,
            self.row_id,
            self.created_at,
            self.deleted,
            self.data,
            self.clocks,
        ]


def apply_op(
    state: RowState | None,
    community_id: str,
    op_id: str,
    tbl: str,
    row_id: str,
    hlc: str,
    fields: dict[str, Any],
    base: dict[str, str],
) -> tuple[RowState, list[RowState]]:
    """Apply one op; returns the row and the conflict rows it produced."""
    values = dict(fields)
    values.pop("community_id", None)
    if state is None:
        state = RowState(tbl, row_id, community_id, hlc, 0, values, {}, clean=not base)
        if base:
            # An edit of a row this server never saw: keep it, dated by the edit.
            state.clean = False
        state.deleted = 1 if values.get("deleted") else 0
        state.touched = True
        return state, []
    conflicts: list[RowState] = []
    data, clocks, created = state.data, state.clocks, state.created_at
    append_only = tbl in APPEND_ONLY
    if append_only and state.community_id == community_id:
        # Written once: no device edits or deletes an audit row or a visit note, so an op
        # that tries (a forged outbox) changes nothing; the op is still acknowledged.
        return state, []
    if state.deleted and "deleted" not in values and values and not append_only:
        # An edit of a row another device deleted: kept on the tombstone, and the editor is
        # told (restore the row, or accept the delete) instead of it vanishing silently.
        gone = clocks.get("deleted", created)
        conflicts.append(_conflict(community_id, op_id, tbl, row_id, "deleted", 0, hlc, 1, gone))
    for name, value in values.items():
        current = clocks.get(name, created)
        seen = base.get(name)
        if name not in data and seen is None:
            # A field the server's row never had (an administrator made the community row
            # with a name only): the device's value is the only one there is; a later clock
            # on the server must not blank it.
            _set(state, name, value, hlc)
            continue
        if seen == current:
            _set(state, name, value, hlc)
            continue
        # Concurrent: decided by the larger clock, the same way on every server process.
        old = data.get(name)
        if old == value:
            winner = max(current, hlc)
            _set(state, name, value, winner)
            if winner != hlc:
                state.clean = False
            continue
        if hlc > current:
            if not append_only:
                conflicts.append(
                    _conflict(community_id, op_id, tbl, row_id, name, old, current, value, hlc)
                )
            _set(state, name, value, hlc)
        else:
            if not append_only:
                conflicts.append(
                    _conflict(community_id, op_id, tbl, row_id, name, value, hlc, old, current)
                )
            state.clean = False
    state.touched = True
    return state, conflicts


def merge_state(state: RowState | None, community_id: str, offered: RowState) -> RowState | None:
    """Reconciliation after a restore: a device offers a whole row state it holds (with its
    field clocks). Each field takes the value with the larger clock; a field the server's
    row never had takes the device's. Returns the row if it changed, else None."""
    if state is None:
        offered.touched = True
        offered.clean = True
        return offered
    if state.community_id != community_id:
        return None
    if state.tbl in APPEND_ONLY:
        return None  # written once: the server has it already
    changed = False
    theirs = dict(offered.data)
    if offered.deleted or "deleted" in offered.clocks:
        theirs["deleted"] = offered.deleted
    for name, value in theirs.items():
        clock = offered.clocks.get(name, offered.created_at)
        if name in state.data or name == "deleted":
            if clock <= state.clocks.get(name, state.created_at):
                continue
        elif value is None and name not in offered.clocks:
            continue  # an empty default the server never had: nothing to keep
        _set(state, name, value, clock)
        changed = True
    if changed:
        state.touched = True
        return state
    return None


def refuse(
    state: RowState | None,
    community_id: str,
    op_id: str,
    tbl: str,
    row_id: str,
    hlc: str,
    values: dict[str, Any],
) -> list[RowState]:
    """Fields the device's role may not write: not applied, each kept as a conflict row
    (the refused value as the loser) so a person with the right may take it over."""
    out: list[RowState] = []
    for name, value in values.items():
        if state is None:
            if value in (None, ""):
                continue  # a new row's empty default, not something a person wrote
            if value == 0 and not isinstance(value, float):
                continue
            current, clock = None, hlc
        else:
            current = state.data.get(name)
            clock = state.clocks.get(name, state.created_at)
            if value == current:
                continue
        out.append(_conflict(community_id, op_id, tbl, row_id, name, value, hlc, current, clock))
    return out


def _set(state: RowState, name: str, value: Any, clock: str) -> None:
    state.data[name] = value
    if clock == state.created_at:
        state.clocks.pop(name, None)
    else:
        state.clocks[name] = clock
    if name == "deleted":
        state.deleted = 1 if value else 0


def _conflict(
    community_id: str,
    op_id: str,
    tbl: str,
    row_id: str,
    name: str,
    lost: Any,
    lost_clock: str,
    won: Any,
    won_clock: str,
) -> RowState:
    cid = str(uuid.uuid5(_CONFLICT_NS, f"{op_id}\x1f{name}"))
    data = {
        "tbl": tbl,
        "row_id": row_id,
        "field": name,
        "lost_value": orjson.dumps(lost).decode(),
        "won_value": orjson.dumps(won).decode(),
        "lost_clock": lost_clock,
        "won_clock": won_clock,
        "lost_device": device_of(lost_clock),
        "won_device": device_of(won_clock),
        "resolution": None,
        "resolved_by": None,
        "resolved_at": None,
    }
    state = RowState("conflict", cid, community_id, won_clock, 0, data, {}, clean=False)
    state.touched = True
    return state
