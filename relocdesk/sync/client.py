"""The sync engine: what ``relocdesk sync`` and the app's background sync both run.

    engine = SyncEngine(desk)                  # or SyncEngine(desk, server_url, token_source)
    engine.enroll(url, user, password)         # once per device; token goes to the keyring
    report = engine.run(progress=None, cancel=None)
    engine.status()                            # cheap, no network

One sync: push the outbox in batches (each op applied once on the server; acknowledged ops
leave the outbox in the same transaction that stores the server's answer), pull pages of
changes after the stored cursor, then compare count and digest with the server; a mismatch
starts a full re-download that keeps the outbox. A server whose history is not the one this
device synced with (a new epoch after a restore, a head below the cursor, a digest that
disagrees) is first offered every row version it lacks (``reconcile``): no local row is ever
dropped because the server does not have it. Network failures are retried with backoff;
what a person reads is a ``SyncError`` in Chinese and English.

Threading: an engine belongs to the thread that made it, because its ``Desk`` does (the
app's database worker). Runs of one database are serialised by a lock in this process.
The engine works on the desk it is given (any object with what ``local.LocalDesk`` names)
and never opens one: sync does not import the façade.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import platform
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk.sync import (
    calls,
    device_token,
    held,
    local,
    protocol,
    pulling,
    pushing,
    received,
    reconcile,
    refused,
    release,
    scope,
    tls,
)
from relocdesk.sync.local import LocalDesk
from relocdesk.sync.protocol import SyncError
from relocdesk.sync.report import SyncReport

if TYPE_CHECKING:
    import httpx


Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

SERVER_URL = "sync_server_url"
LAST_SYNC = "sync_last"
LAST_ERROR = "sync_last_error"
LAST_ERROR_CODE = "sync_last_error_code"  # beside the text, so a screen can tell errors apart
ONLINE = "sync_online"
VERIFIED_CURSOR = "sync_verified_cursor"
VERIFIED_AT = "sync_verified_at"

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class Cancelled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "cancelled", "同步已取消，已完成的部分已保存", "sync cancelled; what was done is kept"
        )


class SyncEngine:
    def __init__(
        self,
        desk: LocalDesk,
        server_url: str | None = None,
        token_source: Callable[[], str | None] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 60.0,
        verify_interval: float = 300.0,
        push_batch: int = protocol.PUSH_BATCH,
        pull_limit: int = protocol.PULL_LIMIT,
        ca_file: str | None = None,
    ) -> None:
        self.desk = desk
        self._ca_file = ca_file
        self._server_url = server_url.rstrip("/") if server_url else None
        self._token_source = token_source
        self._transport = transport
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.verify_interval = verify_interval
        self.push_batch = push_batch
        self.pull_limit = pull_limit
        self._cancel: Cancel | None = None
        self._told: dict[str, str] = {}  # the unsent count each request tells the server

    # -- what the UI shows --------------------------------------------------------------------
    @property
    def server_url(self) -> str:
        return self._server_url or self.desk.setting(SERVER_URL) or ""

    @property
    def ca_file(self) -> str:
        """The county's CA bundle given to this engine, else the one stored at enrollment."""
        return self._ca_file or self.desk.setting(tls.CA_FILE) or ""

    def status(self) -> dict[str, Any]:
        """Unsent count, server, last sync, last error, open conflicts: local reads only."""
        d = self.desk
        online = d.setting(ONLINE)
        return {
            "unsent": d.unsent_count(),
            "server": self.server_url,
            "ca_file": self.ca_file,
            "enrolled": bool(self.server_url and d.setting("sync_enrolled")),
            "last_sync": d.setting(LAST_SYNC) or "",
            "last_error": d.setting(LAST_ERROR) or "",
            "last_error_code": d.setting(LAST_ERROR_CODE) or "",
            "online": None if online is None else online == "1",
            "open_conflicts": _open_conflicts(d),
            "held": held.count(d.conn),
            "refused": refused.count(d),
            "kept_back": scope.kept_back_changes(d),
            "cursor": local.cursor(d),
        }

    # -- enrollment ---------------------------------------------------------------------------
    def enroll(
        self, server_url: str, user: str, password: str, device_name: str | None = None
    ) -> dict[str, Any]:
        """Exchange user name and password for a device token, kept in the OS keyring (or,
        on a computer without one, in the encrypted database: ``device_token``)."""
        url = tls.check_server_url(server_url)
        d = self.desk
        body = {
            "user": user,
            "password": password,
            "device_id": d.device_id,
            "device_name": device_name or platform.node(),
        }
        with self._http(url) as http:
            try:
                got = self._call(http, "POST", "/v1/enroll", body=body, token=None)
            except SyncError as e:
                if e.code != "unreachable":
                    raise
                raise protocol.enroll_unreachable(url) from None  # nothing waits to sync yet
        community = str(got["community_id"])
        if d.community_id and d.community_id != community:
            raise SyncError(
                "other_community",
                "本机数据库属于另一个社区，不能登记到此账号的社区",
                "this database belongs to another community than the account's",
            )
        device_token.keep(d, url, str(got["token"]))
        with d.transaction():
            if not d.community_id:
                d.adopt_community(community)
            if d.setting(SERVER_URL) != url:
                d.set_setting(local.CURSOR, "0")
                # Another server's history: what it lacks of this file goes up first.
                unknown = reconcile.UNKNOWN if reconcile.has_rows(d) else None
                d.set_setting(reconcile.EPOCH, unknown)
            d.set_setting(SERVER_URL, url)
            d.set_setting("sync_enrolled", "1")
            d.set_setting("sync_user", user)
            d.set_setting("sync_role", str(got["role"]))
            d.set_setting("sync_device", str(got["device"]))
            if self._ca_file is not None:  # given for this enrollment ("" clears it)
                d.set_setting(tls.CA_FILE, self._ca_file or None)
            self._store_error(None)
        self._server_url = url
        return {k: v for k, v in got.items() if k != "token"}

    # -- one sync -----------------------------------------------------------------------------
    def run(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        verify: bool | None = None,
    ) -> SyncReport:
        """Push, pull, check. ``verify``: compare digests always (True), never (False), or
        when data moved and the last check is older than ``verify_interval`` (None)."""
        started = time.perf_counter()
        self._cancel = cancel
        lock = _lock_for(self.desk)
        if not lock.acquire(timeout=600):
            raise SyncError("busy", "另一次同步正在进行", "another sync is running")
        try:
            report = self._run(progress, verify)
        except SyncError as e:
            self._record_failure(e)
            raise
        except Exception as e:
            self._record_failure(e)
            raise
        finally:
            lock.release()
            self._cancel = None
        report.seconds = time.perf_counter() - started
        return report

    def _run(self, progress: Progress | None, verify: bool | None) -> SyncReport:
        d = self.desk
        url = self.server_url
        if not url or not d.community_id:
            raise protocol.not_enrolled()
        token = self._token(url)
        report = SyncReport()
        with self._http(url) as http:
            # Pull first: with the cursor at the server's head, a push's own changes need not
            # come back down (see _push). Pull again only if something went up.
            final = self._pull(http, token, report, progress)
            try:
                pushed = self._push(http, token, report, progress)
            except SyncError as e:
                if e.code != "out_of_scope":
                    raise
                self._pull(http, token, report, progress)
                pushed = self._push(http, token, report, progress)
            if pushed:
                final = self._after_push(final) or self._pull(http, token, report, progress)
            if d.setting(local.FULL):
                local.finish_full(d)
                report.full_download = True
            report.held = held.count(d.conn)
            if report.held:
                received.retry_held(d)
                report.held = held.count(d.conn)
            if self._should_verify(final, verify):
                if not self._digest_matches(final):
                    # Something diverged: offer the server what it lacks, then fetch
                    # everything again; the outbox stays, and no local row is dropped.
                    report.reconciled += self._offer(http, token)
                    local.start_full(d)
                    final = self._pull(http, token, report, progress)
                    if self._push(http, token, report, progress):
                        final = self._pull(http, token, report, progress)
                    local.finish_full(d)
                    received.retry_held(d)
                    report.full_download = True
                    report.verified = self._digest_matches(final)
                else:
                    report.verified = True
                if report.verified:
                    d.set_setting(VERIFIED_CURSOR, str(local.cursor(d)))
                    d.set_setting(VERIFIED_AT, str(time.time()))
            if isinstance(final.get("release"), dict):  # the last page carried the notice
                release.remember(d, final["release"])
            else:  # a server before that: ask for it
                release.remember_from(d, lambda: self._call(http, "GET", "/v1/info", token=None))
        report.cursor = local.cursor(d)
        report.held = held.count(d.conn)
        report.open_conflicts = _open_conflicts(d)  # not all of status(): a dozen reads
        d.set_setting(LAST_SYNC, datetime.datetime.now().isoformat(timespec="seconds"))
        self._store_error(None if report.verified is not False else protocol.digest_mismatch())
        d.set_setting(ONLINE, "1")
        return report

    def _should_verify(self, final: dict[str, Any], verify: bool | None) -> bool:
        d = self.desk
        if verify is False or "digest" not in final or d.unsent_count():
            return False
        if local.cursor(d) != int(final["head"]):
            return False
        if verify:
            return True
        if d.setting(VERIFIED_CURSOR) == str(local.cursor(d)):
            return False
        last = float(d.setting(VERIFIED_AT) or 0)
        return time.time() - last >= self.verify_interval

    def _digest_matches(self, final: dict[str, Any]) -> bool:
        want, d = (int(final["count"]), int(final["digest"])), self.desk
        # Before calling it a divergence, count every row: the kept figure may be what is wrong.
        return local.local_digest(d) == want or local.recounted_digest(d) == want

    def _after_push(self, final: dict[str, Any]) -> dict[str, Any] | None:
        """The last page a pull would answer now, from the push's own answer, when every
        number the push took was this device's (its cursor moved to ``seq_after``) and the
        answer holds the community's count and digest there (a server before them leaves
        them out, and a building head's answer never has them): no pull after the push."""
        got, d = self._last_push, self.desk
        if got is None or "digest" not in got or "digest" not in final or d.setting(local.FULL):
            return None
        head = int(got["seq_after"])
        if local.cursor(d) != head:
            return None  # another device pushed meanwhile: its rows come with a pull
        fresh = {"rows": [], "more": False, "next": head, "head": head}
        return {**final, **fresh, "count": got["count"], "digest": got["digest"]}

    def _push(
        self, http: httpx.Client, token: str, report: SyncReport, progress: Progress | None
    ) -> int:
        """Push the whole outbox; returns how many ops the server acknowledged."""
        self._last_push: dict[str, Any] | None = None

        def send(body: bytes, told: dict[str, str]) -> dict[str, Any]:
            got: dict[str, Any] = self._call(
                http, "POST", "/v1/push", encoded=body, told=told, token=token
            )
            return got

        pusher = pushing.Pusher(
            self.desk,
            send,
            report,
            batch_size=self.push_batch,
            kept=scope.kept_back_rows(self.desk),
            progress=progress,
            check_cancel=self._check_cancel,
        )
        try:
            return pusher.run()
        finally:
            self._last_push = pusher.last_answer

    def _pull(
        self, http: httpx.Client, token: str, report: SyncReport, progress: Progress | None
    ) -> dict[str, Any]:
        self._told = protocol.unsent_headers(self.desk.unsent_count())
        return pulling.Puller(
            self.desk,
            functools.partial(self._call, http, token=token),
            report,
            progress,
            self._check_cancel,
            offer=lambda: self._offer(http, token),
            again=lambda: self._pull(http, token, report, progress),
            limit=self.pull_limit,
        ).run()

    def _offer(self, http: httpx.Client, token: str) -> int:
        """Offer the server every row version it lacks (after a restore)."""

        def call(path: str, body: dict[str, Any]) -> dict[str, Any]:
            got: dict[str, Any] = self._call(http, "POST", path, body=body, token=token)
            return got

        try:
            return reconcile.offer_missing(self.desk, call)
        except SyncError as e:
            if e.status == 404:
                return 0  # a server older than epochs: nothing to offer it; nothing is dropped
            raise

    # -- HTTP -----------------------------------------------------------------------------------
    def _token(self, url: str) -> str:
        token = (
            self._token_source()
            if self._token_source is not None
            else device_token.read(self.desk, url)
        )
        if not token:
            raise protocol.not_enrolled()
        return token

    def _http(self, url: str) -> contextlib.nullcontext[httpx.Client]:
        return calls.shared_client(url, self._transport, self.ca_file, self.timeout)

    def _call(
        self,
        http: httpx.Client,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        token: str | None,
        read: Callable[[bytes], Any] = protocol.decode,
        encoded: bytes | None = None,
        told: dict[str, str] | None = None,
    ) -> Any:
        """``encoded``: the body already encoded (a push batch made ahead); ``told``: the
        unsent-count headers of this request, else the engine's latest."""
        told = self._told if told is None else told
        headers = {"Authorization": f"Bearer {token}", **told} if token else {}
        content = protocol.encode(body) if body is not None else encoded
        if content is not None:
            headers.update({"Content-Type": "application/json", "Content-Encoding": "gzip"})
        return calls.request(
            http,
            method,
            path,
            content=content,
            params=params,
            headers=headers,
            read=read,
            retries=self.retries,
            pause=self._pause,
            check_cancel=self._check_cancel,
        )

    def _pause(self, attempt: int, wait: float) -> None:
        calls.sleep(wait or calls.backoff_delay(self.backoff, attempt), self._check_cancel)

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled()

    def _store_error(self, e: BaseException | None) -> None:
        self.desk.set_setting(LAST_ERROR, None if e is None else str(e))
        self.desk.set_setting(LAST_ERROR_CODE, getattr(e, "code", None) or None)

    def _record_failure(self, e: BaseException) -> None:
        d = self.desk
        try:
            if d.conn.in_transaction:
                return
            self._store_error(e)
            if isinstance(e, SyncError) and e.code == "unreachable":
                d.set_setting(ONLINE, "0")
        except Exception:  # recording the failure must not hide it
            pass


def _open_conflicts(desk: LocalDesk) -> int:
    return int(
        desk.conn.execute(
            "SELECT count(*) FROM conflict WHERE resolution IS NULL AND deleted = 0"
        ).fetchone()[0]
    )


def _lock_for(desk: LocalDesk) -> threading.Lock:
    key = str(Path(desk.path).resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())
