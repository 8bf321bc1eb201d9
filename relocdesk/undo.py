"""Undo the last save made in a dialog: a new edit that puts the previous values back.

A dialog saves through ``desk.undo.record(save)``; the record sets note every row that save
wrote (``Records.insert`` / ``update``), with the values it replaced and the field clocks it
wrote. For ``WINDOW_S`` seconds ``desk.undo.undo()`` can put them back: an update gets its old
values again, a row the save created is deleted. Both are ordinary writes, so they sync like
any other edit.

It is refused, saying so plainly, when a field has been changed since by someone else (or
here): its clock is no longer the one the save wrote. On an enrolled device a sync runs
first, so a later edit the county server already holds is seen before anything is put back.
Offline, the undo is a new edit like any other, and a concurrent edit elsewhere meets it in
the conflicts inbox.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import orjson

from relocdesk import hlc
from relocdesk.catalogue import APPEND_ONLY
from relocdesk.store import rows
from relocdesk.validation import ValidationError, label

# Rows a save writes for the record's sake (who looked at what), not as the person's edit.
_BOOKKEEPING = frozenset({"audit"})
_KEPT = {
    "visit": ("走访记录", "a visit note"),
    "referral_event": ("推荐结果", "a referral outcome"),
    "need_event": ("诉求办理记录", "a step of a need"),
}

WINDOW_S = 5 * 60
T = TypeVar("T")


@dataclass(frozen=True)
class Written:
    """One row a save wrote: ``before`` is None for a row it created."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    clocks: dict[str, str]  # field -> the clock this save wrote ({} for a created row)


@dataclass(frozen=True)
class Saved:
    writes: tuple[Written, ...]
    at: float  # time.monotonic() of the save

    @property
    def table(self) -> str:
        return self.writes[0].table


def clocks_of(row: dict[str, Any]) -> dict[str, str]:
    raw = row.get("clocks") or "{}"
    found: dict[str, str] = orjson.loads(raw) if isinstance(raw, str | bytes) else dict(raw)
    return found


class UndoneDesk(Protocol):
    """What undo needs of the façade that hands it out (``relocdesk.desk.Desk``): its record
    sets (found among its attributes by their ``table``), one transaction, sync, its id."""

    edits: list[Written] | None
    device_id: str

    def transaction(self) -> Any: ...

    @property
    def sync(self) -> Any: ...


class Undo:
    def __init__(self, desk: UndoneDesk) -> None:
        self.desk = desk
        self.last: Saved | None = None

    def record(self, save: Callable[[], T]) -> T:
        """Run a dialog's save, noting what it wrote so it can be undone."""
        self.desk.edits = []
        try:
            result = save()
            writes = tuple(w for w in self.desk.edits if w.table not in _BOOKKEEPING)
        finally:
            self.desk.edits = None
        if writes:
            self.last = Saved(writes, time.monotonic())
        return result

    def offer(self, now: float | None = None) -> Saved | None:
        """The save that may still be undone, if any."""
        now = time.monotonic() if now is None else now
        if self.last is None or now - self.last.at > WINDOW_S:
            return None
        return self.last

    def undo(self, now: float | None = None, *, sync_first: bool = True) -> Saved:
        saved = self.offer(now)
        if saved is None:
            raise ValidationError(
                "undo",
                "nothing",
                "没有可以撤销的保存：只能撤销几分钟内在编辑窗口中最后一次保存的内容",
                "nothing to undo: only the last save made in an editing window, within a few"
                " minutes, can be undone",
            )
        kept = [w.table for w in saved.writes if w.table in APPEND_ONLY]
        if kept:
            zh, en = _KEPT.get(kept[0], (kept[0], kept[0]))
            raise ValidationError(
                "undo",
                "append_only",
                f"无法撤销：{zh}保存后就不能删除或修改。如有写错，请再补写一条说明",
                f"cannot undo: {en} cannot be deleted or changed once saved. If something in it"
                " is wrong, write another one saying so",
            )
        if sync_first:
            self._sync()
        books = {
            r.table: r
            for r in vars(self.desk).values()
            if hasattr(r, "table") and hasattr(r, "insert") and hasattr(r, "delete")
        }
        for w in saved.writes:
            # as stored, a deletion too: who deleted it is in its clocks
            self._check(
                w, rows.get(books[w.table].conn, w.table, w.row_id) if w.table in books else None
            )
        with self.desk.transaction():
            for w in reversed(saved.writes):
                if w.before is None:
                    books[w.table].delete(w.row_id)
                else:
                    books[w.table].update(w.row_id, **w.before)
        self.last = None
        return saved

    def _sync(self) -> None:
        """Take what the server holds first; offline (or not enrolled) the undo goes ahead."""
        from relocdesk.sync.protocol import SyncError

        service = self.desk.sync
        if not service.status()["enrolled"]:
            return
        with contextlib.suppress(SyncError):
            service.run()

    def _check(self, w: Written, row: dict[str, Any] | None) -> None:
        now = clocks_of(row) if row is not None else {}
        if w.before is None:
            changed = [] if row is not None and not now else sorted(now) or ["deleted"]
        else:
            changed = [f for f in w.before if row is None or now.get(f) != w.clocks.get(f)]
            if row is not None and row["deleted"]:
                changed.append("deleted")
        if not changed:
            return
        later = [now[f] for f in changed if f in now]
        elsewhere = any(hlc.device_of(c) != self.desk.device_id for c in later) or row is None
        who_zh = "其他人（另一台设备）" if elsewhere else "本机"
        who_en = "someone else (another device)" if elsewhere else "this computer"
        fields_zh = "、".join(label(f)[0] for f in changed)
        fields_en = ", ".join(label(f)[1] for f in changed)
        raise ValidationError(
            "undo",
            "changed_since",
            f"无法撤销：保存之后，{who_zh}又修改了这条记录（{fields_zh}）。请打开记录，查看现在的内容后再修改",
            f"cannot undo: {who_en} changed this record after your save ({fields_en})."
            " Open the record, look at what it holds now, and change it there",
        )


def note(desk: object, table: str, row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """Called by the record sets after each write: tell an undo that is listening (through
    ``desk.edits``) what the save wrote."""
    edits = getattr(desk, "edits", None)
    if edits is None:
        return
    clocks = {} if before is None else {f: clocks_of(row).get(f, "") for f in before}
    edits.append(Written(table, str(row["id"]), before, clocks))
