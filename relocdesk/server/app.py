"""The county server's HTTP face (FastAPI). ``/docs`` and ``/openapi.json`` describe it.

Bodies are read and written as raw bytes (gzip + orjson, see ``relocdesk.sync.protocol``):
a per-row pydantic model would cost more than the rest of a 40,000-row page together.
Every ``/v1`` request except ``/v1/info`` carries the protocol version; every request but
``/v1/info`` and ``/v1/enroll`` carries the device token, checked against the device's
community and role on each call.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations at runtime,
# so each group of routes imports Request before it defines them; the helpers below quote it.

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from relocdesk import roles
from relocdesk.server import guard, unsent
from relocdesk.server.accounts import Device
from relocdesk.server.storage import Storage
from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

log = logging.getLogger("relocdesk.server")

_OP_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "[op_id, tbl, row_id, hlc, fields {field: value}, base {field: clock replaced}]",
    "items": {},
    "minItems": 6,
    "maxItems": 6,
}
_ROW_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": (
        "[seq, tbl, row_id, created_at, deleted, data {field: value}, clocks {field: hlc}]"
    ),
    "items": {},
}


def _body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description + " (JSON, optionally gzip: Content-Encoding: gzip)",
            "content": {"application/json": {"schema": schema}},
        }
    }


_ENROLL_BODY = _body(
    {
        "type": "object",
        "required": ["user", "password", "device_id"],
        "properties": {
            "user": {"type": "string"},
            "password": {"type": "string"},
            "device_id": {"type": "string"},
            "device_name": {"type": "string"},
        },
    },
    "credentials and the device's id",
)
_PUSH_BODY = _body(
    {
        "type": "object",
        "required": ["ops"],
        "properties": {"ops": {"type": "array", "items": _OP_SCHEMA}},
    },
    "ops in outbox order",
)
# What the device tells of its outbox with a push or a pull (relocdesk.server.unsent):
# optional, and a value the server cannot read is ignored.
_UNSENT: dict[str, Any] = {
    "parameters": [
        {
            "name": protocol.UNSENT_HEADER,
            "in": "header",
            "required": False,
            "description": "changes the device has not sent yet (its outbox), counted at ...",
            "schema": {"type": "integer", "minimum": 0},
        },
        {
            "name": protocol.UNSENT_AT_HEADER,
            "in": "header",
            "required": False,
            "description": "... this time (ISO 8601 with its zone, e.g. 2026-03-01T10:42:00+00:00)",
            "schema": {"type": "string", "format": "date-time"},
        },
    ]
}
_PUSH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "acked op ids, the community sequence before and after, and the "
        "rows whose result differs from what the device holds",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "acked": {"type": "array", "items": {"type": "string"}},
                        "seq_before": {"type": "integer"},
                        "seq_after": {"type": "integer"},
                        "rows": {"type": "array", "items": _ROW_SCHEMA},
                        "conflicts": {"type": "integer"},
                    },
                }
            }
        },
    }
}
_PULL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "rows, more, next (the cursor to store), head; on the last page "
        "also count and digest of the whole community, and its county's thresholds",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "rows": {"type": "array", "items": _ROW_SCHEMA},
                        "more": {"type": "boolean"},
                        "next": {"type": "integer"},
                        "head": {"type": "integer"},
                        "count": {"type": "integer"},
                        "digest": {"type": "integer"},
                        # the county's thresholds (docs/county.md), on the last page
                        "published": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                }
            }
        },
    }
}


def create_app(storage: Storage) -> Any:
    from fastapi import FastAPI

    app = FastAPI(
        title="RelocDesk county server",
        version=f"protocol {protocol.MIN_VERSION}-{protocol.MAX_VERSION}",
        description=(
            "Offline-first sync for resettlement community devices. Send the header "
            f"`{protocol.VERSION_HEADER}` with the protocol version and "
            "`Authorization: Bearer <device token>`. See docs/sync.md."
        ),
        lifespan=_lifespan,
    )
    app.state.storage = storage
    # What this app started in the background, stopped by its shutdown (_lifespan).
    app.state.at_shutdown = [storage.stop_snapshots]
    from relocdesk.server import observe, pace

    app.state.metrics = observe.Metrics()
    app.state.pace = pace.Pace.from_environment()
    observe.install(app, app.state.metrics)
    _add_errors(app)
    app.add_middleware(guard.Unhandled)
    _add_info(app)
    _add_enrollment(app, storage)
    _add_sync(app, storage)
    _add_snapshot(app, storage)
    _add_reconcile(app, storage)
    from relocdesk.server import web

    web.install(app, storage)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: "FastAPI") -> AsyncIterator[None]:
    yield
    # The password pools, the county refresher and the snapshot builder outlived a server
    # that stopped (a test run was left with a hundred threads): they stop with it, the
    # last started first. Blocking here is fine: the server no longer answers.
    stops: list[Callable[[], None]] = app.state.at_shutdown
    for stop in reversed(stops):
        try:
            stop()
        except Exception:
            log.exception("stopping %r failed", stop)


def reply(request: "Request", value: Any) -> "Response":
    from fastapi.responses import Response

    gz = "gzip" in request.headers.get("accept-encoding", "")
    headers = {"Content-Encoding": "gzip"} if gz else {}
    return Response(
        protocol.encode(value, compress=gz), media_type="application/json", headers=headers
    )


async def answer(request: "Request", work: Any, *args: Any) -> "tuple[Any, Response]":
    """``work(*args)`` and its answer encoded and compressed, all in a worker thread: a
    5,000-row page costs tens of milliseconds to encode, which the event loop (every other
    request's) must not wait for."""
    from fastapi.responses import Response
    from starlette.concurrency import run_in_threadpool

    gz = "gzip" in request.headers.get("accept-encoding", "")

    def run() -> tuple[Any, bytes]:
        value = work(*args)
        return value, protocol.encode(value, compress=gz)

    value, body = await run_in_threadpool(run)
    headers = {"Content-Encoding": "gzip"} if gz else {}
    return value, Response(body, media_type="application/json", headers=headers)


def check_version(request: "Request") -> None:
    # Never echo a long header back: 16 characters are more than any version number.
    raw = request.headers.get(protocol.VERSION_HEADER, "")[:16]
    try:
        version = int(raw)
    except ValueError:
        raise protocol.upgrade_required(raw or "?") from None
    if not protocol.MIN_VERSION <= version <= protocol.MAX_VERSION:
        raise protocol.upgrade_required(version)


async def device_of(storage: Storage, request: "Request") -> Device:
    """The device whose token the request carries, after its protocol version is checked."""
    from starlette.concurrency import run_in_threadpool

    check_version(request)
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer ") or len(auth) > 200:
        raise protocol.unauthorized()
    token = auth[7:].strip()
    # A token checked a moment ago (a sync's second and third request) is answered here: a
    # worker thread's round trip cost more than the look-up in memory.
    found = storage.checked(token)
    if found is None:
        found = await run_in_threadpool(storage.authenticate, token)
    request.state.device = found  # for the access log
    request.app.state.pace.take(found.id)
    outbox = unsent.told(request.headers)
    if outbox is not None:
        await note_unsent(storage, found.id, *outbox)
    return found


async def note_unsent(storage: Storage, record: str, count: int, at: str) -> None:
    """``storage.note_unsent`` in a worker thread, when it has something to write."""
    from starlette.concurrency import run_in_threadpool

    if storage.unsent_due(record, count):
        await run_in_threadpool(storage.note_unsent, record, count, at)


async def body_of(request: "Request") -> Any:
    """The JSON body, read no further than the limits allow (never a 200 MB body whole)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import ClientDisconnect

    from relocdesk.server import checks

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > checks.MAX_BODY_BYTES:
        raise checks.body_too_large()
    parts: list[bytes] = []
    size = 0
    try:
        async for part in request.stream():
            size += len(part)
            if size > checks.MAX_BODY_BYTES:
                raise checks.body_too_large()
            parts.append(part)
    except ClientDisconnect:
        # A connection lost mid-upload (a township's mobile link) is no fault of the
        # server's: a 4xx nobody receives, not a 5xx that operators are told to alert on.
        raise protocol.bad_request(
            "连接在上传途中断开", "the connection closed before the request was sent whole"
        ) from None
    # Inflating and parsing a push of 5,000 ops is milliseconds: not in the event loop.
    return await run_in_threadpool(_parsed, b"".join(parts))


def _parsed(raw: bytes) -> Any:
    import orjson

    from relocdesk.server import checks

    inflated = checks.inflate(raw)  # its own errors say what is wrong
    try:
        return orjson.loads(inflated)
    except (ValueError, OSError, EOFError):
        raise protocol.bad_request("请求内容无法解析", "the request body is not valid") from None


def _add_errors(app: "FastAPI") -> None:
    from fastapi import Request, Response
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    @app.exception_handler(RequestValidationError)
    async def _not_valid(request: Request, exc: RequestValidationError) -> Response:
        # A query parameter that is no whole number (?after=abc): the protocol's own error
        # shape, naming it, rather than FastAPI's 422 {"detail": [...]} no client reads.
        found = [str(e.get("loc", ("?",))[-1]) for e in exc.errors()][:1] or ["?"]
        name = found[0][:40]
        error = protocol.bad_request(f"参数 {name} 不正确", f"{name} is not valid")
        return JSONResponse(error.as_wire(), status_code=400)

    @app.exception_handler(SyncError)
    async def _sync_error(request: Request, exc: SyncError) -> Response:
        wait = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(wait)} if wait is not None else None
        body = exc.as_wire()
        if exc.code == "upgrade_required":
            # An app too old for this server is told where the county offers the new one.
            from starlette.concurrency import run_in_threadpool

            release = await run_in_threadpool(request.app.state.storage.client_release)
            body = protocol.with_download(body, release["download"])
        return JSONResponse(body, status_code=exc.status or 400, headers=headers)


def _add_info(app: "FastAPI") -> None:
    @app.get("/v1/info", summary="Protocol versions and epoch of this server (no token needed)")
    async def info() -> dict[str, Any]:
        from starlette.concurrency import run_in_threadpool

        release = await run_in_threadpool(app.state.storage.client_release)
        return {
            "server": "relocdesk",
            "protocol_min": protocol.MIN_VERSION,
            "protocol_max": protocol.MAX_VERSION,
            "epoch": await run_in_threadpool(app.state.storage.epoch),
            # The newest app the county hands out (None until it sets one).
            "client_latest": release["version"],
            "client_download": release["download"],
        }


MAX_WAITING_ENROLLMENTS = 32  # beyond this a flood is told to come back, not queued


def busy() -> SyncError:
    error = SyncError(
        "busy",
        "服务器正忙于处理登记，请稍后再试",
        "the server is busy with enrollments; try again shortly",
        status=503,
    )
    error.retry_after = 5  # type: ignore[attr-defined]
    return error


def _add_enrollment(app: "FastAPI", storage: Storage) -> None:
    """Tokens: a user name and password for a device token, and who a token is."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    from relocdesk.server.throttle import Throttled

    # scrypt costs 128 MB and a few tenths of a second: a pool of its own, so that a flood of
    # enrollments waits for itself and never for the threads every sync request needs.
    hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rd-password")
    app.state.at_shutdown.append(lambda: hashing.shutdown(cancel_futures=True))
    metrics = app.state.metrics
    queue = {"waiting": 0}

    @app.post(
        "/v1/enroll",
        summary="Exchange a user name and password for a revocable device token",
        openapi_extra=_ENROLL_BODY,
    )
    async def enroll(request: Request) -> Response:
        check_version(request)
        body = await body_of(request)
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k), str) for k in ("user", "password", "device_id")
        ):
            raise protocol.bad_request(
                "缺少用户名、密码或设备号", "user, password and device_id are required"
            )
        for key in ("user", "password", "device_id", "device_name"):
            value = body.get(key)
            # PostgreSQL text cannot hold NUL; nobody's name is a kilobyte long.
            if isinstance(value, str) and ("\x00" in value or len(value) > 1000):
                raise protocol.bad_request(f"{key} 的内容不正确", f"{key} is not valid")
        address = request.client.host if request.client else "?"
        if queue["waiting"] >= MAX_WAITING_ENROLLMENTS:
            raise busy()
        queue["waiting"] += 1
        try:
            # A throttled guess is answered at once, not after the hashes queued before it.
            await run_in_threadpool(storage.check_throttle, body["user"], address)
            result = await asyncio.get_running_loop().run_in_executor(
                hashing,
                storage.enroll,
                body["user"],
                body["password"],
                body["device_id"],
                str(body.get("device_name") or ""),
                address,
            )
        except Throttled:
            metrics.add("throttled")
            raise
        except SyncError as e:
            if e.code == "bad_credentials":
                metrics.add("login_failures")
            raise
        finally:
            queue["waiting"] -= 1
        return reply(request, result)

    @app.get("/v1/whoami", summary="The device, user, community and role of this token")
    async def whoami(request: Request) -> Response:
        d = await device_of(storage, request)
        return reply(
            request,
            {
                "device": d.id,
                "device_id": d.device_id,
                "user": d.user,
                "community_id": d.community_id,
                "role": d.role,
            },
        )


def _add_sync(app: "FastAPI", storage: Storage) -> None:
    """The two directions of sync: ops up, rows down."""
    from fastapi import Request, Response

    from relocdesk.server import checks

    @app.post(
        "/v1/push",
        summary="Apply a batch of outbox ops, each exactly once",
        openapi_extra={**_PUSH_BODY, **_UNSENT},
        responses=_PUSH_RESPONSES,
    )
    async def push(request: Request) -> Response:
        d = await device_of(storage, request)
        body = await body_of(request)
        ops = body.get("ops") if isinstance(body, dict) else None
        if not isinstance(ops, list):
            raise protocol.bad_request("同步批次格式不正确", "malformed push batch")
        if len(ops) > checks.MAX_PUSH_OPS:
            raise checks.too_large(
                f"一批最多 {checks.MAX_PUSH_OPS} 条修改，请分批同步",
                f"at most {checks.MAX_PUSH_OPS} ops a batch; sync in batches",
            )
        # What the device holds once it stores the answer is kept with the push: the device
        # may skip the pull after its last push (docs/sync.md), so the push answered says it.
        told = unsent.told(request.headers)
        result, response = await answer(request, storage.push, d, ops, told)
        app.state.metrics.add("pushed_ops", len(result.get("acked", ())))
        if result["seq_after"] != result["seq_before"]:
            storage.after_push(d.community_id, int(result["seq_after"]))
        return response

    @app.get(
        "/v1/pull",
        summary="Current states of the community's rows changed after a cursor, in sequence order",
        responses=_PULL_RESPONSES,
        openapi_extra=_UNSENT,
    )
    async def pull(
        request: Request, after: int = 0, limit: int = protocol.PULL_LIMIT, households: str = ""
    ) -> Response:
        d = await device_of(storage, request)
        if not 0 <= after < 2**63:
            raise protocol.bad_request(
                "参数 after（同步位置）超出范围", "after (the sync cursor) is out of range"
            )
        limit = max(1, min(limit, protocol.MAX_PULL_LIMIT))
        if households:
            # A building head's households that came into its buildings (docs/sync.md).
            wanted = households.split(",")
            if d.role not in roles.SCOPED or len(wanted) > protocol.MAX_SCOPE_HOUSEHOLDS:
                raise protocol.bad_request(
                    "参数 households 不适用于此账号或过多",
                    "households: not for this account or too many",
                )
            result, response = await answer(request, storage.scoped_pull, d, after, limit, wanted)
        else:
            result, response = await answer(request, storage.pull, d, after, limit)
        app.state.metrics.add("pulled_rows", len(result.get("rows", ())))
        return response


def _add_snapshot(app: "FastAPI", storage: Storage) -> None:
    """A first download's prepared snapshot (relocdesk.server.snapshot)."""
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    from relocdesk.server import snapshot

    @app.get(
        "/v1/snapshot",
        summary="The community's prepared first download: its rows up to a number, gzip",
        responses={
            200: {"description": "gzip of JSON lines: a header, then pages of rows (docs/sync.md)"},
            404: {"description": "none ready, or not for this role: download page by page"},
        },
    )
    async def prepared_snapshot(request: Request) -> Response:
        d = await device_of(storage, request)
        if not snapshot.eligible(d.role):
            # A building head or a role sent less than every row: the community's snapshot
            # would hand it what it may not see.
            raise snapshot.no_snapshot()
        found, due = await run_in_threadpool(storage.prepared, d.community_id)
        if due:
            storage.ask_snapshot(d.community_id)
        if found is None:
            raise snapshot.no_snapshot()
        # Stored compressed: sent as it is, nothing encoded here.
        return Response(
            found.body,
            media_type="application/gzip",
            headers={snapshot.HEAD_HEADER: str(found.head)},
        )


def _add_reconcile(app: "FastAPI", storage: Storage) -> None:
    """After a restore (a new epoch): which row versions the server lacks, and the rows."""
    from fastapi import Request, Response

    from relocdesk.server.reconcile import MAX_ROWS

    async def rows_of(request: Request) -> list[Any]:
        body = await body_of(request)
        rows = body.get("rows") if isinstance(body, dict) else None
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise protocol.bad_request("核对请求格式不正确", "malformed reconcile request")
        return rows

    @app.post("/v1/reconcile/versions", summary="Which of [tbl, row_id, version] the server lacks")
    async def versions(request: Request) -> Response:
        d = await device_of(storage, request)
        rows = await rows_of(request)
        return (await answer(request, storage.versions, d, rows))[1]

    @app.post("/v1/reconcile/offer", summary="Whole row states the server lacks, merged by clock")
    async def offer(request: Request) -> Response:
        d = await device_of(storage, request)
        rows = await rows_of(request)
        return (await answer(request, storage.offer, d, rows))[1]
