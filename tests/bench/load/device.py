"""Simulated devices: the requests a device's sync makes, over raw HTTP/1.1 on asyncio streams.

A sync is what ``SyncEngine.run`` sends: a first download asks for the community's prepared
snapshot and then pages what follows its head (or everything, when none is ready); a sync
pulls after the cursor (every page), pushes the outbox if there is one, pulls again if
something went up, then asks ``/v1/info``; on one connection, closed after the sync (the
server's keep-alive would close it between syncs anyway). Bodies go up gzipped and come down
gzipped, as the app sends and asks for them. A page is not parsed whole: only its tail after
the rows (``more``, ``next``, ``head``) — a device's own work on a page is the device's cost,
not the server's.

Nothing is retried: a failed request is counted and the rest of that sync dropped, so every
error shows in the report.
"""

from __future__ import annotations

import asyncio
import gzip
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson

from tests.bench.load.county import SimDevice

PULL_LIMIT = 5000  # the app's page size (protocol.PULL_LIMIT)
SNAPSHOT_HEAD = b"\r\nx-relocdesk-snapshot-head:"  # relocdesk.server.snapshot.HEAD_HEADER
TIMEOUT = 180.0  # seconds a request may take before it counts as failed


@dataclass
class Round:
    """One sync of one device: ``at`` seconds after its phase starts, ``ops`` changes sent
    (-1: a first download)."""

    at: float
    device: int
    ops: int
    kind: str


@dataclass
class Tally:
    """What a worker process measured and what its devices got acknowledged."""

    samples: list[tuple[str, str, float, int]] = field(
        default_factory=list
    )  # phase, what, s, status
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # phase, what, detail
    cpu: dict[str, float] = field(default_factory=dict)  # phase -> this process's CPU seconds
    acked: dict[str, int] = field(default_factory=dict)  # device -> ops acknowledged
    visits: dict[str, int] = field(default_factory=dict)  # device -> visits it added
    notes: dict[str, str] = field(default_factory=dict)  # household -> the last notes written


class Failed(Exception):
    pass


class Link:
    """One HTTP/1.1 connection to the server."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.headers = b""  # the last answer's header lines, lower case

    async def call(self, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
        self.writer.write(head + body)
        got = await self.reader.readuntil(b"\r\n\r\n")
        status = int(got[9:12])
        lower = self.headers = got.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at < 0:
            raise Failed(f"HTTP {status} without a length")
        length = int(lower[at + 17 : lower.index(b"\r\n", at + 2)])
        data = await self.reader.readexactly(length)
        if b"\r\ncontent-encoding: gzip" in lower:
            data = gzip.decompress(data)
        return status, data

    def close(self) -> None:
        self.writer.close()


def _head(
    method: str, target: str, token: str | None, unsent: int | None, extra: str = ""
) -> bytes:
    lines = [
        f"{method} {target} HTTP/1.1",
        "Host: 127.0.0.1",
        "X-RelocDesk-Protocol: 1",
        "Accept-Encoding: gzip",
        "User-Agent: relocdesk-load/1",
    ]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if unsent is not None:
        at = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        lines += [f"X-RelocDesk-Unsent: {unsent}", f"X-RelocDesk-Unsent-At: {at}"]
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def tail_of(page: bytes) -> dict[str, Any]:
    """``more``, ``next``, ``head`` … of a pull page without parsing its rows: they follow
    the rows, and ``"more":`` outside a string appears nowhere else at the top level."""
    at = page.rfind(b',"more":')
    if at < 0:
        raise Failed("a pull page without more/next")
    return dict(orjson.loads(b"{" + page[at + 1 :]))


class Devices:
    """The devices of one worker process and what they do."""

    def __init__(self, port: int, communities: list[str], devices: list[SimDevice], seed: int):
        self.port = port
        self.communities = communities
        self.devices = devices
        self.random = random.Random(seed)
        self.tally = Tally()
        self.counter = 0
        self.phase = ""
        for d in devices:
            self.tally.acked[d.name] = 0
            self.tally.visits[d.name] = 0

    def timed(self, what: str, started: float, status: int) -> None:
        self.tally.samples.append((self.phase, what, time.perf_counter() - started, status))

    async def run_phase(self, phase: str, rounds: list[Round]) -> None:
        self.phase = phase
        cpu = time.process_time()
        start = time.monotonic()
        await asyncio.gather(*(self._at(start, r) for r in rounds))
        self.tally.cpu[phase] = time.process_time() - cpu

    async def _at(self, start: float, r: Round) -> None:
        await asyncio.sleep(max(0.0, start + r.at - time.monotonic()))
        dev = self.devices[r.device]
        started = time.perf_counter()
        what = "first download" if r.ops < 0 else f"sync: {r.kind}"
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError as e:
            self.tally.errors.append((self.phase, "connect", f"{type(e).__name__}: {e}"))
            return
        link = Link(reader, writer)
        try:
            await asyncio.wait_for(self._sync(link, dev, r), TIMEOUT)
            self.timed(what, started, 200)
        except (Failed, OSError, asyncio.IncompleteReadError, TimeoutError) as e:
            self.tally.errors.append((self.phase, what, f"{type(e).__name__}: {e}"[:300]))
        finally:
            link.close()

    async def _request(self, link: Link, what: str, head: bytes, body: bytes = b"") -> bytes:
        started = time.perf_counter()
        status, data = await link.call(head, body)
        self.timed(what, started, status)
        if status != 200:
            raise Failed(f"{what}: HTTP {status} {data[:200]!r}")
        return data

    async def _sync(self, link: Link, dev: SimDevice, r: Round) -> None:
        first = r.ops < 0
        if first:
            await self._snapshot(link, dev)
        ops = self._ops(dev, r.ops) if r.ops > 0 else []
        await self._pull(
            link, dev, "GET /v1/pull (first download page)" if first else None, len(ops)
        )
        if ops:
            body = gzip.compress(orjson.dumps({"ops": [o[0] for o in ops]}), 1)
            extra = (
                "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
            what = "POST /v1/push (100 ops)" if r.ops >= 100 else "POST /v1/push (1-10 ops)"
            got = orjson.loads(
                await self._request(
                    link, what, _head("POST", "/v1/push", dev.token, len(ops), extra), body
                )
            )
            if len(got.get("acked") or ()) != len(ops):
                raise Failed(f"{len(ops)} ops pushed, {len(got.get('acked') or ())} acknowledged")
            self._acknowledged(dev, ops)
            if dev.cursor == int(got["seq_before"]):
                dev.cursor = int(got["seq_after"])  # its own changes need not come back down
            await self._pull(link, dev, None, 0)
        await self._request(link, "GET /v1/info", _head("GET", "/v1/info", None, None))

    async def _snapshot(self, link: Link, dev: SimDevice) -> None:
        """A first download asks for the prepared snapshot first, as the app does; with one,
        the device goes on from its head (the tail is paged); without one (404: none built
        yet), it pages from 0. The body is read, not inflated: that is the device's work."""
        started = time.perf_counter()
        status, _ = await link.call(_head("GET", "/v1/snapshot", dev.token, 0))
        self.timed("GET /v1/snapshot", started, status)
        if status == 404:
            return
        at = link.headers.find(SNAPSHOT_HEAD)
        if status != 200 or at < 0:
            raise Failed(f"GET /v1/snapshot: HTTP {status} without a head")
        value = at + len(SNAPSHOT_HEAD)
        try:
            dev.cursor = int(link.headers[value : link.headers.index(b"\r\n", value)])
        except ValueError as e:  # counted as this sync's error, never a worker's crash
            raise Failed(f"GET /v1/snapshot: unreadable head ({e})") from e

    async def _pull(self, link: Link, dev: SimDevice, what: str | None, unsent: int) -> None:
        label = what or "GET /v1/pull"
        while True:
            target = f"/v1/pull?after={dev.cursor}&limit={PULL_LIMIT}"
            tail = tail_of(
                await self._request(link, label, _head("GET", target, dev.token, unsent))
            )
            dev.cursor = int(tail["next"])
            if not tail["more"]:
                return

    def _ops(self, dev: SimDevice, n: int) -> list[tuple[list[Any], str, str]]:
        """n changes, half of them edits of the notes of its households (with the clock the
        device last saw as the base), half new visits; (op, household, notes) each."""
        ms = int(time.time() * 1000)
        homes = list(dev.households)
        cid = self.communities[dev.community]
        out: list[tuple[list[Any], str, str]] = []
        seen = dict(dev.households)  # a second edit of a household in one batch follows the first
        for i in range(n):
            self.counter = (self.counter + 1) & 0xFFFF
            stamp = f"{ms:016d}-{self.counter:04x}-{dev.name}"
            home = homes[self.random.randrange(len(homes))] if homes else ""
            if i % 2 == 0 and home:
                notes = f"{dev.name} 入户核实 {stamp[:16]}-{i}：家庭成员均在家，就业情况稳定"
                op = [stamp, "household", home, stamp, {"notes": notes}, {"notes": seen[home]}]
                seen[home] = stamp
                out.append((op, home, notes))
            else:
                fields = {
                    "household_id": home or None,
                    "date": time.strftime("%Y-%m-%d"),
                    "visitor": "王秀英",
                    "kind": "routine",
                    "met": "户主",
                    "notes": "了解家庭就业情况，收入稳定，孩子按时上学，无新的困难。",
                    "community_id": cid,
                }
                out.append(([stamp, "visit", str(uuid.uuid4()), stamp, fields, {}], "", ""))
        return out

    def _acknowledged(self, dev: SimDevice, ops: list[tuple[list[Any], str, str]]) -> None:
        self.tally.acked[dev.name] += len(ops)
        for op, home, notes in ops:
            if home:
                dev.households[home] = op[3]
                self.tally.notes[home] = notes
            else:
                self.tally.visits[dev.name] += 1


def work(
    port: int,
    communities: list[str],
    devices: list[SimDevice],
    phases: list[tuple[str, list[Round]]],
    barrier: Any,
    out: Any,
    seed: int,
) -> None:
    """A worker process: each phase starts when every process and the conductor are ready."""
    sims = Devices(port, communities, devices, seed)
    for name, rounds in phases:
        barrier.wait()
        asyncio.run(sims.run_phase(name, rounds))
        barrier.wait()
    out.send(sims.tally)
    out.close()
