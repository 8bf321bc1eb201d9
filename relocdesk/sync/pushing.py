"""The push: the outbox sent up in batches, one batch in flight while the next is made.

While the server checks and merges a batch, the device reads the next one from the outbox,
spells it out and compresses it; that batch goes up as soon as the answer to the one before
has arrived, and that answer is stored while the server works on the next. So the device's
reading, compressing and storing run beside the server's work instead of between its
batches. Nothing else changes: answers are stored strictly in order, each in one
transaction with the deletion of the ops it acknowledges; a batch is sent only after the one
before was answered, so a sync cut off leaves at most one batch applied and not stored,
which the next sync sends again and the server acknowledges without applying it twice. A
refused op, a wrong date or any other error drops the batch made ahead: the outbox is read
again from its start, as without it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relocdesk.sync import local, outbox, protocol, received, redate, refused
from relocdesk.sync.protocol import SyncError
from relocdesk.sync.report import SyncReport

if TYPE_CHECKING:
    from relocdesk.sync.local import LocalDesk

# (encoded body, the unsent-count headers told with it) -> the server's answer
Send = Callable[[bytes, dict[str, str]], dict[str, Any]]
Progress = Callable[[int, int, str], None]


@dataclass
class Batch:
    ops: list[list[Any]]
    body: bytes  # the request's body, compressed
    last: int  # the outbox number of its last op: where the next batch starts


class Pusher:
    """One push of the whole outbox (``SyncEngine._push``)."""

    def __init__(
        self,
        desk: LocalDesk,
        send: Send,
        report: SyncReport,
        *,
        batch_size: int,
        kept: Collection[str],
        progress: Progress | None,
        check_cancel: Callable[[], None],
    ) -> None:
        self.desk, self.send, self.report = desk, send, report
        self.batch_size, self.kept = batch_size, kept
        self.progress, self.check_cancel = progress, check_cancel
        self.total = desk.unsent_count()
        self.done = 0
        self.last_answer: dict[str, Any] | None = None

    def run(self) -> int:
        """Push until the outbox is empty; returns how many ops the server acknowledged."""
        with ThreadPoolExecutor(1, thread_name_prefix="relocdesk-push") as pool:
            while (batch := self._read(0)) is not None:
                if self._flights(pool, batch):
                    break
        return self.done

    def _flights(self, pool: ThreadPoolExecutor, batch: Batch) -> bool:
        """Send ``batch`` and every batch after it, one in flight at a time; True once the
        outbox is sent, False after a refused batch was dealt with (read the outbox again)."""
        d = self.desk
        self.check_cancel()
        flight = self._submit(pool, batch, d.unsent_count())
        while True:
            coming = self._read(batch.last)  # made while the server works on ``batch``
            try:
                got = flight.result()
            except SyncError as e:
                self._refused(batch, e)
                return False
            if coming is not None:
                try:
                    self.check_cancel()
                except SyncError:
                    self._store(got)  # what the server applied is kept, as before
                    raise
                # Told what the outbox holds once this answer is stored, as if it were.
                flight = self._submit(pool, coming, d.unsent_count() - len(batch.ops))
            self._store(got)
            if coming is None:
                return True
            batch = coming

    def _submit(self, pool: ThreadPoolExecutor, batch: Batch, unsent: int) -> Future[Any]:
        headers = protocol.unsent_headers(unsent)
        if self.done or len(batch.ops) < self.total:
            return pool.submit(self.send, batch.body, headers)
        # The whole outbox in one batch (most syncs): nothing to make while it is away, so it
        # is sent from here rather than from a thread started for it.
        flight: Future[Any] = Future()
        try:
            flight.set_result(self.send(batch.body, headers))
        except Exception as e:  # as the pool's worker hands it over: raised by result()
            flight.set_exception(e)
        return flight

    def _read(self, after: int) -> Batch | None:
        """The batch of the ops queued after outbox number ``after``, or None when there are
        none. An op the device can no longer read is set aside, never sent."""
        d = self.desk
        while True:
            damaged: list[str] = []
            ops, last = outbox.batch_after(
                d.conn, after, self.batch_size, self.kept, damaged=damaged
            )
            self.report.refused += refused.set_aside(d, damaged, refused.DAMAGED)
            if ops:
                return Batch(ops, protocol.encode({"ops": ops}), last)
            if not damaged:
                return None
            after = last

    def _refused(self, batch: Batch, e: SyncError) -> None:
        """A batch the server refused: its wrong dates corrected, or its bad op set aside,
        so that the outbox can be sent again; anything else is raised."""
        d = self.desk
        if e.code == "clock_ahead" and (n := redate.redate(d)):
            self.report.redated += n  # the date is right again: sent with true clocks
            return
        if not refused.refused_in_batch(d, batch.ops, e):
            raise e
        self.report.refused += 1  # and the rest of the batch goes again without it

    def _store(self, got: dict[str, Any]) -> None:
        d = self.desk
        self.last_answer = got
        acked = list(got.get("acked") or [])
        if not acked:
            raise SyncError(
                "bad_reply", "服务器没有确认任何修改", "the server acknowledged nothing"
            )
        # Our cursor was the server's head before this push: every number it took is ours,
        # and the server sent back each row that differs from ours: no echo comes down.
        skip = local.cursor(d) == int(got["seq_before"]) and not d.setting(local.FULL)
        applied = received.apply_page(
            d,
            got.get("rows") or [],
            acked=acked,
            new_cursor=int(got["seq_after"]) if skip else None,
        )
        self.report.pushed += len(acked)
        self.report.conflicts += applied.new_conflicts
        self.done += len(acked)
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done), "上传 / pushing")
