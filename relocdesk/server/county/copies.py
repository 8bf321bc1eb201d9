"""Each community of the server as a device-schema SQLite file (``relocdesk.county_copy``),
brought up to date when its sequence head moves.

The copies are made by a child process running the device's own code, so this server
process never carries the device's store or façade (import-linter's contract); it only
reads the files, with the device's monitoring and report code. A community's copy is
refreshed and read under one lock, so a reader never sees a half-applied refresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    import sqlite3

    from relocdesk.server.storage import Storage

# how many communities one child process refreshes: its start (~1 s of imports) is paid
# once for them
_BATCH = 25
_WARM_BATCH = 4  # communities worked out per round at start, beside the moved ones
_TIMEOUT = 600


# (epoch, head, the county's thresholds as sorted pairs) a copy holds
Held = tuple[str, int, tuple[tuple[str, str], ...]]


def default_folder(url: str) -> Path:
    """Where a server keeps its copies unless told: beside a SQLite database (``server.copies``
    for ``server.db``), else in the user's cache folder, one per database. They hold personal
    data: the folder is the server account's alone."""
    import hashlib

    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        folder = Path(url[len("sqlite:///") :]).with_suffix(".copies")
    else:
        digest = hashlib.sha256(url.encode()).hexdigest()[:12]
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base / "relocdesk-server" / f"copies-{digest}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class CopyFailed(RuntimeError):
    """The child could not bring a copy up to date (its message in both languages)."""


class Copies:
    """The folder of copies of one server database."""

    def __init__(self, storage: Storage, folder: str | Path) -> None:
        self.storage = storage
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, community_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(community_id, threading.Lock())

    def path(self, community_id: str) -> Path:
        return self.folder / f"{community_id}.db"

    def held(self, community_id: str) -> Held | None:
        """(epoch, head, the county's thresholds) the copy holds; None when there is none."""
        meta = self.folder / f"{community_id}.json"
        try:
            found = orjson.loads(meta.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        thresholds = tuple(sorted((found.get("published") or {}).items()))
        return str(found["epoch"]), int(found["head"]), thresholds

    def heads(self, community_ids: Sequence[str] | None = None) -> dict[str, int]:
        """The server's sequence head of each community (by default those under a county:
        nobody looks at the others from above)."""
        from sqlalchemy import select

        c = self.storage.t_community
        query = select(c.c.id, c.c.seq)
        if community_ids is not None:
            query = query.where(c.c.id.in_(list(community_ids)))
        else:
            query = query.where(c.c.county_id.is_not(None))
        with self.storage.read() as conn:
            return {r.id: int(r.seq) for r in conn.execute(query)}

    def stale(self, community_ids: Sequence[str] | None = None) -> list[str]:
        """The communities whose copy is missing, of another epoch, behind the head or
        holding other thresholds than its county publishes."""
        epoch = self.storage.epoch()
        heads = self.heads(community_ids)
        published = self.published(list(heads))
        return [
            cid
            for cid, head in heads.items()
            if self.held(cid) != (epoch, head, tuple(sorted(published.get(cid, {}).items())))
        ]

    def published(self, community_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Each community's county's thresholds, in one query."""
        from sqlalchemy import select

        c, p = self.storage.t_community, self.storage.t_county_param
        found: dict[str, dict[str, str]] = {}
        if not community_ids:
            return found
        query = (
            select(c.c.id, p.c.key, p.c.value)
            .select_from(c.join(p, p.c.county_id == c.c.county_id))
            .where(c.c.id.in_(list(community_ids)))
        )
        with self.storage.read() as conn:
            for r in conn.execute(query):
                found.setdefault(r.id, {})[str(r.key)] = str(r.value)
        return found

    def refresh(self, community_ids: Sequence[str]) -> None:
        """Bring these copies up to the server's heads (a child process per batch)."""
        ids = list(dict.fromkeys(community_ids))
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            locks = [self.lock(cid) for cid in sorted(batch)]
            for lk in locks:
                lk.acquire()
            try:
                self._run_child(batch)
            finally:
                for lk in locks:
                    lk.release()

    def fresh(self, community_ids: Sequence[str] | None = None) -> list[str]:
        """Refresh what is stale; the communities that were."""
        todo = self.stale(community_ids)
        if todo:
            self.refresh(todo)
        return todo

    def _run_child(self, batch: Sequence[str]) -> None:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "relocdesk.county_copy",
                "--folder",
                str(self.folder),
                *batch,
            ],
            # the URL may hold a password: through the environment, not the process list
            env={**os.environ, "RELOCDESK_COPY_DB": self.storage.url},
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            tail = (done.stderr or "").strip().splitlines()[-1:] or ["?"]
            raise CopyFailed(f"社区副本无法更新 / a community's copy cannot be updated: {tail[0]}")

    @contextmanager
    def reading(self, community_id: str) -> Iterator[sqlite3.Connection]:
        """A read-only connection to the community's copy, under its lock."""
        import sqlite3

        with self.lock(community_id):
            path = self.path(community_id)
            if not path.exists():
                raise LookupError(f"没有此社区的副本 / no copy of community {community_id}")
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            # as the device's own connection is (relocdesk.store.open_database): the report
            # code reads rows by column name
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -32000")
            try:
                yield conn
            finally:
                conn.close()


class Refresher:
    """Keeps every copy within a few seconds of its community: looks at the heads every
    ``interval`` seconds (one small query), refreshes the copies that moved, then calls
    ``after`` with them (the figures' cache warms itself there)."""

    def __init__(
        self,
        copies: Copies,
        interval: float = 1.0,
        after: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.copies = copies
        self.interval = interval
        self.after = after
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="county-refresher", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _loop(self) -> None:
        # At start every community is worked out once, a few a round, behind the pages;
        # a community that moves meanwhile still goes first.
        waiting: list[str] | None = None
        while not self._stop.is_set():
            try:
                moved = self.copies.fresh()
                if waiting is None:
                    waiting = [c for c in self.copies.heads() if c not in moved]
                if self.after is not None:
                    batch, waiting = waiting[:_WARM_BATCH], waiting[_WARM_BATCH:]
                    if moved or batch:
                        self.after([*moved, *batch])
            except Exception:
                # A database briefly away must not end the refreshing for good; the next
                # round tries again.
                self.errors += 1
            self._stop.wait(self.interval)
