"""A community's first download, prepared once: its rows as of one number (the snapshot's
``head``), compressed, kept in ``rd_snapshot`` and handed out as stored bytes.

A paged first download makes the server read, encode and compress every row of the
community again for each new device (a 10,000-household community is 140,000 rows). A
snapshot does that work once, in a background thread, and each first download then costs
the server a small read and the bytes on the wire; the device applies the snapshot, sets
its cursor to the head, and pulls the tail after it as any other sync does.

Wire form (docs/sync.md, "Snapshots"): gzip of newline-separated JSON — a first line
``{"head", "epoch", "count", "digest", "rows"}`` (the community as of ``head``), then pages
of at most ``PULL_LIMIT`` row states in sequence order: exactly what a paged pull from 0
would have handed out had it run when the community stood at ``head``.

Who gets one: roles sent every row as stored (``eligible``). A building head's rows are a
scope of the community and a role with withheld fields or rows is sent another version of
them, so they never get a snapshot; they page as before.

When one is built: when a device asks and there is none or it is stale (more than
``snapshot_rebuild_after`` numbers behind the community), and after a push that leaves it
so. Builds run in one worker thread per server process, one at a time, never in the event
loop nor in a request. A build reads in one read transaction (one consistent view), then
replaces the stored snapshot in one write transaction, only by a newer one: a failed build
leaves the old snapshot, and a reader sees the old or the new, never half of one.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from relocdesk import roles
from relocdesk.server.database import Database, now
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

log = logging.getLogger("relocdesk.server")
HEAD_HEADER = "X-RelocDesk-Snapshot-Head"
# Snapshots kept in memory (the last ones read): a morning when one community's devices
# all download is served without reading the body again, and 100 communities of 10 MB
# each never sit in memory at once.
_KEPT = 4


def eligible(role: str) -> bool:
    """Whether ``role`` is sent every row of its community as stored."""
    return roles.sees_everything(role) and role not in roles.SCOPED


@dataclass(frozen=True)
class Prepared:
    community_id: str
    head: int
    epoch: str
    n_rows: int
    body: bytes


class Snapshots(Database):
    # A community smaller than a page downloads in one pull: no snapshot is worth keeping.
    snapshot_min_rows = protocol.PULL_LIMIT
    # How far the community may move past its snapshot before a new one is built: the tail
    # a device pulls after the snapshot stays small, and a build (about a second of one
    # core for 140,000 rows) happens at most once per this many changes.
    snapshot_rebuild_after = 1000
    # A build waits until the community has had no push for this many seconds (but never
    # longer than ``snapshot_quiet_max``): a device pushing 140,000 rows in 56 batches had
    # the community rebuilt after nearly every batch, each build taking the process's CPU
    # from the next batch (server CPU of that push 16.3 s, most of it builds).
    snapshot_quiet = 1.0
    snapshot_quiet_max = 30.0
    # Called inside a build's read transaction, its head read (tests write there).
    while_building: Callable[[], None] | None = None

    def prepared(self, cid: str) -> tuple[Prepared | None, bool]:
        """The community's usable snapshot (None: none, or of another epoch, or ahead of the
        community after a restore) and whether a new one is due."""
        from sqlalchemy import select

        c, s = self.t_community, self.t_snapshot
        cache = self._prepared_cache()
        with self.read() as conn:
            head = conn.execute(select(c.c.seq, c.c.n_rows).where(c.c.id == cid)).one()
            stored = conn.execute(
                select(s.c.head, s.c.epoch, s.c.n_rows).where(s.c.community_id == cid)
            ).first()
            epoch = self.epoch(conn)
            found = None
            if stored is not None and stored.epoch == epoch and stored.head <= head.seq:
                found = cache.get(cid)
                if found is None or (found.head, found.epoch) != (stored.head, epoch):
                    # Read in the same transaction as its head: that very snapshot's body.
                    body = conn.execute(
                        select(s.c.body).where(s.c.community_id == cid)
                    ).scalar_one()
                    found = Prepared(cid, int(stored.head), epoch, int(stored.n_rows), bytes(body))
                    with _guard:
                        while len(cache) >= _KEPT:
                            cache.pop(next(iter(cache)), None)  # the oldest read goes
                        cache[cid] = found
        self._known_heads()[cid] = found.head if found is not None else -1
        if head.n_rows < self.snapshot_min_rows:
            return found, False
        return found, found is None or head.seq - found.head > self.snapshot_rebuild_after

    def build_snapshot(self, cid: str) -> int:
        """Build and store the community's snapshot at its current number; returns it."""
        from sqlalchemy import select

        c, r = self.t_community, self.t_row
        pack = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: gzip framing, as the device reads
        parts: list[bytes] = []
        frag = orjson.Fragment
        with self.read() as conn:
            head = conn.execute(select(c.c.seq, c.c.n_rows, c.c.digest).where(c.c.id == cid)).one()
            epoch = self.epoch(conn)
            header = {
                "head": int(head.seq),
                "epoch": epoch,
                "count": int(head.n_rows),
                "digest": int(head.digest),
                "rows": int(head.n_rows),
            }
            parts.append(pack.compress(orjson.dumps(header) + b"\n"))
            if self.while_building is not None:
                self.while_building()
            found = conn.execute(
                select(
                    r.c.seq, r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks
                )
                .where(r.c.community_id == cid, r.c.seq <= head.seq)
                .order_by(r.c.seq)
            )
            for page in found.partitions(protocol.PULL_LIMIT):
                rows = [[x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])] for x in page]
                parts.append(pack.compress(orjson.dumps(rows) + b"\n"))
        parts.append(pack.flush())
        self._keep_snapshot(cid, int(head.seq), epoch, int(head.n_rows), b"".join(parts))
        return int(head.seq)

    def _keep_snapshot(self, cid: str, head: int, epoch: str, n_rows: int, body: bytes) -> None:
        """Replace the stored snapshot, unless one as new or newer of this epoch is there
        (two server processes may build the same community at once)."""
        s = self.t_snapshot
        with self.write() as conn:
            if not _newer_than_stored(conn, s, cid, head, epoch):
                return
            conn.execute(s.delete().where(s.c.community_id == cid))
            conn.execute(
                s.insert().values(
                    community_id=cid,
                    head=head,
                    epoch=epoch,
                    n_rows=n_rows,
                    built_at=now(),
                    body=body,
                )
            )
        self._known_heads()[cid] = head

    # -- the background worker ------------------------------------------------------------------
    def ask_snapshot(self, cid: str) -> None:
        """Have the community's snapshot built in the background, unless it is already being
        built or waiting to be."""
        self._ask(self._builder(), cid)

    def _ask(self, state: _Builder, cid: str) -> None:
        with state.lock:
            if state.stopped or cid in state.pending:
                return
            state.pending.add(cid)
            state.futures = [f for f in state.futures if not f.done()]
            state.futures.append(state.pool.submit(self._build_if_due, state, cid))

    def stop_snapshots(self, timeout: float = 30.0) -> None:
        """Stop the background builder (the server's shutdown, ``close``): builds waiting
        for quiet or for the worker are dropped, a running one is waited for. Without this
        its worker and timers outlived the server. A later ask starts a new builder."""
        with _guard:
            state: _Builder | None = self.__dict__.pop("_snapshot_builder", None)
        if state is not None:
            state.stop(timeout)

    def close(self) -> None:
        self.stop_snapshots()
        super().close()

    def after_push(self, cid: str, seq_after: int) -> None:
        """A push moved the community to ``seq_after``: build a new snapshot if the one this
        process knows of is now stale (checked again, from the database, in the worker)."""
        self._last_pushes()[cid] = time.monotonic()
        known = self._known_heads().get(cid)
        if seq_after >= self.snapshot_min_rows and (
            known is None or seq_after - known > self.snapshot_rebuild_after
        ):
            self.ask_snapshot(cid)

    def settle_snapshots(self) -> None:
        """Wait for the builds asked for so far (tests and benchmarks)."""
        state = self._builder()
        with state.lock:
            futures, state.futures = state.futures, []
        for f in futures:
            f.result()

    def _build_if_due(self, state: _Builder, cid: str) -> None:
        try:
            with state.lock:
                state.pending.discard(cid)  # a push from now on may ask again
            wait = self.quiet_left(cid, time.monotonic())
            if wait > 0:
                # Asked again once quiet, by a timer: the one worker goes on with other
                # communities' builds rather than waiting for this one.
                timer = threading.Timer(wait, self._ask_when_quiet, (state, cid))
                timer.daemon = True
                with state.lock:
                    if state.stopped:
                        return
                    state.timers.add(timer)
                timer.start()
                return
            if self.prepared(cid)[1]:
                self.build_snapshot(cid)
        except Exception as e:  # the old snapshot stays; devices page meanwhile
            # the kind only: a database error's text carries row values
            log.warning("snapshot of a community not built: %s", type(e).__name__)

    def _ask_when_quiet(self, state: _Builder, cid: str) -> None:
        me = threading.current_thread()
        with state.lock:
            if isinstance(me, threading.Timer):
                state.timers.discard(me)
        self._ask(state, cid)

    def quiet_left(self, cid: str, now: float) -> float:
        """Seconds until the community's build may start: 0 once it has had no push for
        ``snapshot_quiet`` seconds, or once its build has been put off for
        ``snapshot_quiet_max`` seconds (pushes still arriving would make the snapshot stale
        at once; pushes that never stop must not keep it from being built)."""
        put_off = self._put_off()
        last = self._last_pushes().get(cid)
        if last is None or now - last >= self.snapshot_quiet:
            put_off.pop(cid, None)
            return 0.0
        since = put_off.setdefault(cid, now)
        left = min(last + self.snapshot_quiet, since + self.snapshot_quiet_max) - now
        if left <= 0:
            put_off.pop(cid, None)
            return 0.0
        return left

    def _put_off(self) -> dict[str, float]:
        since: dict[str, float] = self.__dict__.setdefault("_snapshot_put_off", {})
        return since

    def _last_pushes(self) -> dict[str, float]:
        last: dict[str, float] = self.__dict__.setdefault("_snapshot_last_push", {})
        return last

    def _builder(self) -> _Builder:
        with _guard:
            found: _Builder | None = self.__dict__.get("_snapshot_builder")
            if found is None:
                found = _Builder()
                self.__dict__["_snapshot_builder"] = found
            return found

    def _prepared_cache(self) -> dict[str, Prepared]:
        cache: dict[str, Prepared] = self.__dict__.setdefault("_snapshot_cache", {})
        return cache

    def _known_heads(self) -> dict[str, int]:
        known: dict[str, int] = self.__dict__.setdefault("_snapshot_heads", {})
        return known


_guard = threading.Lock()


class _Builder:
    """One worker thread: builds compete with requests for the same cores, one at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: set[str] = set()
        self.futures: list[Future[None]] = []
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="rd-snapshot")
        self.timers: set[threading.Timer] = set()  # builds put off until a community is quiet
        self.stopped = False

    def stop(self, timeout: float) -> None:
        with self.lock:
            self.stopped = True
            timers, self.timers = self.timers, set()
        for timer in timers:
            timer.cancel()
            timer.join(timeout)
        self.pool.shutdown(wait=True, cancel_futures=True)


def _newer_than_stored(conn: Connection, s: Table, cid: str, head: int, epoch: str) -> bool:
    from sqlalchemy import select

    found = conn.execute(select(s.c.head, s.c.epoch).where(s.c.community_id == cid)).first()
    return found is None or found.epoch != epoch or int(found.head) < head


def no_snapshot() -> protocol.SyncError:
    return protocol.SyncError(
        "no_snapshot",
        "暂无可用的社区快照，将分页下载",
        "no prepared snapshot of the community; download page by page",
        status=404,
    )
