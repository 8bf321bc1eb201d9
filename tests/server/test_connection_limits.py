"""What one client may hold of the server: a request's head in time, and a cap on the
connections of one address (relocdesk.server.connections), against the real server
process and raw sockets on 127.0.0.1 (127.0.0.2 is a second machine on the same loopback)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from relocdesk.server.connections import trusted_addresses
from relocdesk.sync import protocol
from tests.sync.faults import ServerProcess

Serve = Callable[..., ServerProcess]  # the fixture: a started server with these options
NOBODY = "192.0.2.1"  # TEST-NET-1: a trusted proxy no test connects from


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []

    def start(*args: str, trusted: str = NOBODY) -> ServerProcess:
        db = f"sqlite:///{tmp_path / f'county{len(started)}.db'}"
        server = ServerProcess(db, args=args, env={"FORWARDED_ALLOW_IPS": trusted}).start()
        started.append(server)
        return server

    yield start
    for s in started:
        s.kill()


def _connect(server: ServerProcess, source: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), 10, (source, 0))


def _seconds_until_closed(sock: socket.socket, feed: bytes | None, most: float) -> float | None:
    """Seconds until the server closes ``sock`` (None: still open after ``most``), sending
    ``feed`` every 0.25 s meanwhile: a head trickling in."""
    start = time.monotonic()
    while (spent := time.monotonic() - start) < most:
        try:
            if feed is not None:
                sock.sendall(feed)
            sock.settimeout(0.25)
            if sock.recv(4096) == b"":
                return spent
        except TimeoutError:
            continue
        except OSError:  # reset, or a broken pipe: closed
            return spent
    return None


def _answer(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = sock.recv(4096)
        if not chunk:
            break
        got += chunk
    return got


def test_a_head_that_never_ends_is_closed_though_bytes_keep_coming(serve: Serve) -> None:
    """Slowloris: a header line every quarter second held the connection for ever."""
    server = serve("--header-timeout", "1")
    sock = _connect(server)
    sock.sendall(b"GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    closed = _seconds_until_closed(sock, b"X-Wait: 1\r\n", most=6)
    assert closed is not None, "the server kept a head that never ended"
    assert 0.7 <= closed <= 4, closed
    sock.close()
    # a connection that says nothing at all goes the same way
    idle = _connect(server)
    assert _seconds_until_closed(idle, None, most=6) is not None
    idle.close()


def test_a_slow_but_whole_request_is_answered_and_its_body_is_not_timed_whole(serve: Serve) -> None:
    server = serve("--header-timeout", "1.5", "--stall-timeout", "3")
    sock = _connect(server)
    for part in (b"GET /v1/info HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"):
        sock.sendall(part)
        time.sleep(0.3)
    assert _answer(sock).startswith(b"HTTP/1.1 200")
    # the next head on the same connection has the same time, counted from the answer
    sock.sendall(b"GET /v1/info HTTP/1.1\r\n")
    assert _seconds_until_closed(sock, b"X-Wait: 1\r\n", most=6) is not None
    sock.close()

    # A push on a slow line: the head in at once, the body after longer than the head may take.
    body = json.dumps({"user": "nobody", "password": "wrong", "device_id": "d1"}).encode()
    slow = _connect(server)
    slow.sendall(_enroll_head(len(body)))
    time.sleep(2.5)
    slow.sendall(body)
    answer = _answer(slow)
    assert _refused_as_a_wrong_password(answer), answer[:80]
    slow.close()


def _enroll_head(length: int) -> bytes:
    """An enrollment's head: with the protocol's version, so that its body is read (without,
    the answer is 426 at once)."""
    return (
        b"POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"{protocol.VERSION_HEADER}: {protocol.VERSION}\r\n".encode()
        + f"Content-Length: {length}\r\n\r\n".encode()
    )


def _refused_as_a_wrong_password(answer: bytes) -> bool:
    """The body was read: only its password can be wrong."""
    return answer.startswith((b"HTTP/1.1 401", b"HTTP/1.1 403"))


def test_a_body_that_stops_coming_is_dropped_and_one_that_keeps_coming_is_read(
    serve: Serve,
) -> None:
    """A head sent whole and then a body that never ends held the connection for ever: the
    head's timer stops when the head is in."""
    server = serve("--stall-timeout", "1")
    body = json.dumps({"user": "nobody", "password": "wrong", "device_id": "d1"}).encode()
    stalled = _connect(server)
    stalled.sendall(_enroll_head(len(body)) + body[:10])
    closed = _seconds_until_closed(stalled, None, most=6)
    assert closed is not None, "the server kept a body that stopped coming"
    assert 0.7 <= closed <= 4, closed
    stalled.close()

    # a body on a slow line, a few bytes at a time, longer in all than the stall allowed
    slow = _connect(server)
    slow.sendall(_enroll_head(len(body)))
    started = time.monotonic()
    for i in range(0, len(body), 8):
        time.sleep(0.4)
        slow.sendall(body[i : i + 8])
    assert time.monotonic() - started > 2
    answer = _answer(slow)
    assert _refused_as_a_wrong_password(answer), answer[:80]
    slow.close()


def test_an_answer_the_client_stops_reading_is_dropped(serve: Serve) -> None:
    """A client that asks for large answers and never reads them held the connection (and
    the answers' buffered bytes) for ever."""
    server = serve("--stall-timeout", "1")
    path = "/web/static/echarts.min.js"  # a public answer of over a megabyte
    one = len(httpx.get(f"{server.url}{path}", timeout=10).content)
    assert one > 1_000_000
    asked = 12  # more than the system's socket buffers hold (4 MB each way at most)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode() * asked)
    time.sleep(4)  # nothing read meanwhile
    got = 0
    sock.settimeout(5)
    try:
        while chunk := sock.recv(1 << 20):
            got += len(chunk)
    except (ConnectionResetError, TimeoutError):
        pass
    sock.close()
    assert got < asked * one, "the answers waited for a client that did not read them"
    # and a client that reads gets its answer whole
    assert len(httpx.get(f"{server.url}{path}", timeout=10).content) == one


def test_one_address_holds_at_most_its_cap_and_others_are_served(serve: Serve) -> None:
    server = serve("--connections-per-address", "3")
    held = [_connect(server) for _ in range(3)]
    time.sleep(0.3)  # accepted by the server
    refused = httpx.get(f"{server.url}/v1/info", timeout=10)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "30"
    error = protocol.error_from_wire(503, refused.json())
    assert error.code == "too_many_connections"
    assert "连接过多" in error.zh and "too many connections" in error.en
    # another machine is served meanwhile
    other = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(transport=other, timeout=10) as client:
        assert client.get(f"{server.url}/v1/info").status_code == 200
    # a connection let go makes room again
    held.pop().close()
    time.sleep(0.3)
    assert httpx.get(f"{server.url}/v1/info", timeout=10).status_code == 200
    for s in held:
        s.close()


def test_a_trusted_proxy_is_not_capped(serve: Serve) -> None:
    """Every device behind a reverse proxy comes from its address: the proxy's own limits
    apply, not one address's."""
    server = serve("--connections-per-address", "2", trusted="127.0.0.1")
    held = [_connect(server) for _ in range(4)]
    time.sleep(0.3)
    assert httpx.get(f"{server.url}/v1/info", timeout=10).status_code == 200
    for s in held:
        s.close()


@pytest.mark.parametrize(
    ("allowed", "address", "trusted"),
    [
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.2", False),
        ("10.0.0.0/8, 192.168.1.5", "10.20.30.40", True),
        ("10.0.0.0/8, 192.168.1.5", "192.168.1.6", False),
        (["::1", "fd00::/8"], "fd12::1", True),
        ("*", "203.0.113.9", True),
        ("proxy.local", "proxy.local", True),
        ("proxy.local", "", False),
    ],
)
def test_trusted_addresses_read_as_uvicorn_writes_them(
    allowed: str | list[str], address: str, trusted: bool
) -> None:
    assert trusted_addresses(allowed)(address) is trusted


def test_the_server_raises_its_open_files_limit_to_the_hard_one(tmp_path: Path) -> None:
    """With the usual soft limit of 1,024 open files, a cap of 256 connections an address
    was four addresses' worth: the limit, not the cap, decided who was refused."""
    import resource

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard <= 512:
        pytest.skip(f"this machine's hard limit on open files is {hard}")

    def low() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))

    server = ServerProcess(f"sqlite:///{tmp_path / 'county.db'}", before_start=low).start()
    try:
        assert server.proc is not None
        limits = Path(f"/proc/{server.proc.pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max open files"))
        raised = int(line.split()[3])
        assert raised > 256
        assert raised == (65536 if hard == resource.RLIM_INFINITY else min(hard, 65536))
    finally:
        server.kill()
