"""Requests to the county server: one kept HTTP client per server, and a request tried again
with backoff while the line or the server fails for a moment. What a person reads of a
failure is a ``SyncError`` in Chinese and English."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from relocdesk.sync import protocol, replies, tls
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    import httpx

MAX_BACKOFF = 10.0  # seconds between two attempts at most

_clients: dict[tuple[str, int, str], httpx.Client] = {}
_clients_guard = threading.Lock()


def shared_client(
    url: str, transport: httpx.BaseTransport | None, ca_file: str, timeout: float
) -> contextlib.nullcontext[httpx.Client]:
    """A shared client per server: building one costs ~40 ms (its TLS context), and a
    kept-alive connection saves the handshake of every sync."""
    import httpx

    url = tls.check_server_url(url)  # before any byte is sent
    key = (url, id(transport), ca_file)
    with _clients_guard:
        client = _clients.get(key)
        if client is None or client.is_closed:
            client = httpx.Client(
                base_url=url,
                timeout=timeout,
                transport=transport,
                verify=tls.ssl_context(ca_file),
                headers={
                    protocol.VERSION_HEADER: str(protocol.VERSION),
                    "Accept-Encoding": "gzip",
                    "User-Agent": f"relocdesk-sync/{protocol.VERSION}",
                },
            )
            _clients[key] = client
    return contextlib.nullcontext(client)  # left open for the next sync


def close_clients() -> None:
    """Close the kept clients: a server gone for good leaves each a half-closed connection."""
    with _clients_guard:
        while _clients:
            _clients.popitem()[1].close()


def request(
    http: httpx.Client,
    method: str,
    path: str,
    *,
    content: bytes | None,
    params: dict[str, Any] | None,
    headers: dict[str, str],
    read: Callable[[bytes], Any],
    retries: int,
    pause: Callable[[int, float], None],
    check_cancel: Callable[[], None],
) -> Any:
    """The decoded reply; a failure of the line, a 5xx or a 429 is tried again up to
    ``retries`` times, ``pause(attempt, the server's Retry-After or 0)`` before each."""
    last: SyncError | None = None
    wait = 0.0
    for attempt in range(retries + 1):
        if attempt:
            pause(attempt, wait)
        check_cancel()
        try:
            resp = http.request(method, path, content=content, params=params, headers=headers)
        except replies.transport_errors() as e:
            if (refused := tls.untrusted(e)) is not None:
                raise refused from None
            last = protocol.unreachable(type(e).__name__)
            continue
        status = resp.status_code
        if (foreign := replies.foreign(resp)) is not None:
            raise foreign
        if status < 400:
            try:
                return read(resp.content)
            except ValueError:
                last = SyncError(
                    "bad_reply", "服务器回复无法解析", "the server's reply is not valid"
                )
                continue
        err = protocol.error_from_wire(status, replies.json_or_none(resp))
        # Too many wrong passwords: waiting seconds will not help, the person must wait.
        if (status >= 500 or status == 429) and err.code != "throttled":
            last = err
            wait = replies.retry_after(resp, MAX_BACKOFF)
            continue
        raise err
    assert last is not None
    raise last


def backoff_delay(backoff: float, attempt: int) -> float:
    """Exponential, capped, with jitter: fifty devices coming back online after a server
    restart must not knock on it again all in the same instant."""
    step = backoff * float(2 ** max(attempt - 1, 0))
    return min(step, MAX_BACKOFF) * random.uniform(0.5, 1.0)


def sleep(seconds: float, check_cancel: Callable[[], None]) -> None:
    """A wait a cancel cuts short (within a tenth of a second)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        check_cancel()
        time.sleep(min(left, 0.1))
