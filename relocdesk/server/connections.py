"""What one client may hold of the server's connections.

uvicorn keeps a connection whose request never finishes its head (the request line and the
headers) for as long as the client likes: its keep-alive timer starts only after a response,
and any byte received stops it. A few hundred sockets opened from one machine and fed a byte
now and then ("slowloris") hold every file descriptor of the process, and then no device of
the county can sync. Two rules, as a reverse proxy keeps them (nginx's
``client_header_timeout``, ``limit_conn``):

- a request's head must have arrived ``header_timeout`` seconds after the connection opened
  or after the previous answer on it; bytes trickling in do not extend that. Past it the
  connection is closed.
- a request's body, and the answer the client reads, must keep moving: no byte of the body
  for ``stall_timeout`` seconds while the server waits for it, or an answer the client has
  stopped reading for as long (nginx's ``client_body_timeout``, ``send_timeout``), and the
  connection is dropped. The whole body is not timed: a push over a slow line may take long,
  as long as it comes. Nothing is timed while the server itself works on a request.
- one address holds at most ``per_address`` connections at once. One more is answered 503
  (busy, with ``Retry-After``: the device's sync waits and tries again) and closed. A trusted
  proxy's address (uvicorn's ``FORWARDED_ALLOW_IPS``) is not counted: every device behind it
  shares it, and the proxy keeps its own limits.

A process starts with 1,024 descriptors on most Linux machines (the soft limit), though
it may raise that itself to the hard one: ``raise_descriptor_limit`` does, to at most
``DESCRIPTORS``, so that the cap above, not the limit, decides who is refused.

The server's command line sets them (``--header-timeout``, ``--stall-timeout``,
``--connections-per-address``)
through the environment, so that each worker process of ``--workers N`` keeps them too; each
process counts its own connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import time
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import h11
import orjson
from uvicorn.config import Config
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from relocdesk.sync.protocol import SyncError

HEADER_TIMEOUT = 30.0
PER_ADDRESS = 256
HEADER_TIMEOUT_ENV = "RELOCDESK_HEADER_TIMEOUT"
# the device's own wait for a byte either way (sync.client's timeout) is as long
STALL_TIMEOUT = 60.0
STALL_TIMEOUT_ENV = "RELOCDESK_STALL_TIMEOUT"
PER_ADDRESS_ENV = "RELOCDESK_CONNECTIONS_PER_ADDRESS"
# A connection past the cap gets this long to say what it wants before it is closed: it is
# answered, but it must not hold a descriptor for long.
OVER_CAP_WAIT = 5.0
RETRY_AFTER = 30
DESCRIPTORS = 65536
PROTOCOL = "relocdesk.server.connections:GuardedH11"  # as uvicorn's http= takes it

log = logging.getLogger("relocdesk.server.access")


@dataclass(frozen=True)
class Limits:
    header_timeout: float
    stall_timeout: float
    per_address: int
    trusted: Callable[[str], bool]
    # connections held per address; counted by this server's connections
    held: Counter[str] = field(default_factory=Counter)


def limits(config: Config) -> Limits:
    return Limits(
        float(os.environ.get(HEADER_TIMEOUT_ENV) or HEADER_TIMEOUT),
        float(os.environ.get(STALL_TIMEOUT_ENV) or STALL_TIMEOUT),
        int(os.environ.get(PER_ADDRESS_ENV) or PER_ADDRESS),
        trusted_addresses(config.forwarded_allow_ips),
    )


# One per uvicorn server (one in a process, but tests may run more): its limits read once,
# not at every connection, and the connections it holds.
_SERVERS: weakref.WeakKeyDictionary[ServerState, Limits] = weakref.WeakKeyDictionary()


def trusted_addresses(allowed: list[str] | str) -> Callable[[str], bool]:
    """Whether an address is one of uvicorn's trusted proxies: ``*``, addresses and networks
    (``10.0.0.0/8``), written as a list or comma-separated."""
    items = allowed.split(",") if isinstance(allowed, str) else allowed
    words = {w.strip() for w in items if w.strip()}
    if "*" in words:
        return lambda address: True
    networks = []
    for w in words:
        # a unix socket's name, or a host name, is matched as written
        with contextlib.suppress(ValueError):
            networks.append(ipaddress.ip_network(w, strict=False))

    def trusted(address: str) -> bool:
        if address in words:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in n for n in networks)

    return trusted


def raise_descriptor_limit() -> tuple[int, int]:
    """The soft limit on open files raised to the hard one (at most ``DESCRIPTORS``, never
    lowered): (before, after)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = DESCRIPTORS if hard == resource.RLIM_INFINITY else min(hard, DESCRIPTORS)
    if soft != resource.RLIM_INFINITY and soft < want:
        with contextlib.suppress(ValueError, OSError):  # a limit this process may not change
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return soft, resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class GuardedH11(H11Protocol):
    """uvicorn's h11 protocol with the two rules of this module."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        if (found := _SERVERS.get(server_state)) is None:
            found = _SERVERS[server_state] = limits(config)
        self._limits = found
        self._held = found.held
        self._counted: str | None = None
        self._head_timer: asyncio.TimerHandle | None = None
        self._stall_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.flow = _WatchedFlow(transport, self._watch)
        address = self.client[0] if self.client else ""
        wait = self._limits.header_timeout
        if not self._limits.trusted(address):
            if self._held[address] >= self._limits.per_address:
                _say_refused(address, self._held[address])
                self.app = _too_many  # answered once its head is in, then closed
                wait = min(wait, OVER_CAP_WAIT)
            else:
                self._held[address] += 1
                self._counted = address
        self._arm(wait)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._unwatch()
        if self._counted is not None:
            self._held[self._counted] -= 1
            if self._held[self._counted] <= 0:
                del self._held[self._counted]
            self._counted = None
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # a request's head is in: its body is watched, not timed whole
        self._watch()

    def on_response_complete(self) -> None:
        # armed first: the next request, if already here, disarms it at once
        if not self.transport.is_closing():
            self._arm(self._limits.header_timeout)
        super().on_response_complete()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        _cancel(self._head_timer)
        self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def _watch(self) -> None:
        """The stall timer, after anything that may start or end a stall: bytes in, reading
        resumed, writing paused or resumed. Each arrival of body bytes starts it again."""
        cycle = self.cycle
        waiting_for_body = (
            cycle is not None
            and not cycle.response_complete
            and self.conn.their_state is h11.SEND_BODY
            and not self.flow.read_paused  # paused: the handler has not taken what came
        )
        self._unwatch()
        if self.transport.is_closing():
            return
        if self.flow.write_paused or waiting_for_body:
            self._stall_timer = self.loop.call_later(self._limits.stall_timeout, self._stalled)

    def _unwatch(self) -> None:
        _cancel(self._stall_timer)
        self._stall_timer = None

    def _stalled(self) -> None:
        # dropped, not closed: a close waits for the answer to be read, which it is not
        self._stall_timer = None
        self.transport.abort()


def _cancel(timer: asyncio.TimerHandle | None) -> None:
    if timer is not None:
        timer.cancel()


class _WatchedFlow(FlowControl):
    """uvicorn's flow control, telling the connection when reading or writing pauses or
    goes on again."""

    def __init__(self, transport: asyncio.Transport, changed: Callable[[], None]) -> None:
        super().__init__(transport)
        self._changed = changed

    def resume_reading(self) -> None:
        super().resume_reading()
        self._changed()

    def pause_writing(self) -> None:
        super().pause_writing()
        self._changed()

    def resume_writing(self) -> None:
        super().resume_writing()
        self._changed()


_TOLD: dict[str, float] = {}  # address -> when its refusals were last logged
_TELL_EVERY = 60.0


def _say_refused(address: str, held: int) -> None:
    """One log line a minute per address refused, not one per connection of a flood."""
    now = time.monotonic()
    if now - _TOLD.get(address, -_TELL_EVERY) < _TELL_EVERY:
        return
    if len(_TOLD) > 10_000:  # many addresses: forget, rather than grow without end
        _TOLD.clear()
    _TOLD[address] = now
    log.warning("%s holds %d connections: more are refused", address, held)


_BUSY = orjson.dumps(
    SyncError(
        "too_many_connections",
        "此地址与服务器的连接过多，请稍后再试",
        "too many connections from this address; try again shortly",
        status=503,
    ).as_wire()
)


async def _too_many(scope: Any, receive: Any, send: Any) -> None:
    """The answer to a connection past its address's cap (ASGI)."""
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(RETRY_AFTER).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _BUSY})
