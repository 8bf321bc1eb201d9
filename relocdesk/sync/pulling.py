"""The pull: the community's changes after the device's cursor, page by page, each page
stored while the next downloads; a first download starts from the server's prepared
snapshot; a building head's device then follows its scope (``scope``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from relocdesk.sync import local, published, received, reconcile, scope, snapshot
from relocdesk.sync.local import LocalDesk
from relocdesk.sync.report import SyncReport

Progress = Callable[[int, int, str], None]


def index_meanwhile(desk: LocalDesk) -> None:
    """After a download of the whole community broke off (the line, a cancel): the search
    index of what it stored, so that search finds those people before the sync that ends the
    download, which may be days later on a township's line. ``INDEX_PENDING`` stays set:
    the rest of the download is stored unindexed and indexed once at its end, as ever."""
    from relocdesk.store import search

    # the error that broke the download off is the one to tell, not one of this
    with contextlib.suppress(Exception):
        if desk.setting(received.INDEX_PENDING) is not None:
            with desk.transaction():
                search.rebuild(desk.conn)


@dataclass
class Puller:
    """One pull (``SyncEngine._pull``). ``call(method, path, **kw)``: a request with the
    device's token; ``offer()``: every row version the server lacks offered to it (another
    history than ours); ``again()``: a whole pull again (a scope bound to another head)."""

    desk: LocalDesk
    call: Callable[..., Any]
    report: SyncReport
    progress: Progress | None
    check_cancel: Callable[[], None]
    offer: Callable[[], int]
    again: Callable[[], dict[str, Any]]
    limit: int

    def run(self) -> dict[str, Any]:
        """The pull's last page, once every page is stored."""
        try:
            return self._pages()
        except Exception:
            index_meanwhile(self.desk)
            raise

    def _fetch(self, after: int) -> Any:  # a page: {"rows": [...], "head": ..., "epoch": ...}
        return self.call("GET", "/v1/pull", params={"after": after, "limit": self.limit})

    def _pages(self) -> dict[str, Any]:
        d, report, progress = self.desk, self.report, self.progress
        start = after = local.cursor(d)
        full = bool(d.setting(local.FULL))
        held = scope.local_households(d.conn) if start and d.setting(scope.SCOPE) else None
        if not start and snapshot.wanted(d):  # a first download: the prepared snapshot first
            start = after = snapshot.download(
                d, self.call, report, progress, self.check_cancel, full
            )
        first = self._fetch(after)
        if reconcile.needed(d, first):
            # Another history than ours (a restored server): nothing of this page is applied
            # before the server holds every version this device has.
            report.reconciled += self.offer()
            reconcile.restart(d, first.get("epoch"))
            start = after = 0
            full = True
            first = self._fetch(after)
        else:
            reconcile.remember(d, first)
        # The next page downloads while this one is stored: the network and the server work
        # beside SQLite instead of after it. Pages are still stored strictly in order.
        with ThreadPoolExecutor(1, thread_name_prefix="relocdesk-pull") as pool:
            got = first
            while True:
                after = int(got["next"])
                coming = pool.submit(self._fetch, after) if got.get("more") else None
                self.check_cancel()
                applied = received.apply_page(d, got.get("rows") or [], new_cursor=after, full=full)
                report.pulled += applied.rows
                report.conflicts += applied.new_conflicts
                if progress is not None:
                    head = int(got["head"])
                    progress(min(after, head) - start, max(head - start, 1), "下载 / pulling")
                if coming is None:
                    received.finish_index(d)
                    published.store(d, got.get("published"))
                    return self._settle(got, held)
                got = coming.result()

    def _settle(self, final: dict[str, Any], held: set[str] | None) -> dict[str, Any]:
        """A building head's device follows its scope after a pull (``sync.scope``)."""
        if "scope" not in final:
            return final
        got = scope.follow(
            self.desk,
            final["scope"],
            held,
            lambda ids: self.call("GET", "/v1/pull", params={"households": ",".join(ids)})["rows"],
        )
        if got is None:  # bound to another building head: everything again
            return self.again()
        self.report.left += len(got.removed)
        self.report.kept_back = scope.kept_back_changes(self.desk)
        return final
