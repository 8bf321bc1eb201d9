"""Shared by the sync and server tests: a real server on 127.0.0.1, an in-memory keyring,
PostgreSQL schemas of their own, devices enrolled the way a person does it."""

from __future__ import annotations

import itertools
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from relocdesk.desk import Desk
from relocdesk.server.storage import Storage
from relocdesk.sync.calls import close_clients
from relocdesk.sync.client import SyncEngine

PG_DSN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
_seq = itertools.count(1)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    old = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(old)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a thread, on a port of its own (``ssl_certfile``/``ssl_keyfile``: https)."""

    def __init__(self, storage: Storage, port: int | None = None, **options: Any) -> None:
        import uvicorn

        from relocdesk.server.app import create_app

        self.storage = storage
        self.port = port or free_port()
        config = uvicorn.Config(
            create_app(storage),
            host="127.0.0.1",
            port=self.port,
            log_level="error",
            # on, as in production: the app's shutdown stops its background threads
            lifespan="on",
            access_log=False,
            **options,
        )
        self.scheme = "https" if options.get("ssl_certfile") else "http"
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the app's shutdown (its threads joined); the devices'
        kept connections to it are closed, not left half-open for the rest of the run."""
        # First: a kept TLS connection held the server's shutdown for its 30 s close.
        close_clients()
        self.server.should_exit = True
        self.thread.join(30)


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_DSN):
            return True
    except Exception:
        return False


def require_pg() -> None:
    """Skip without PostgreSQL on a developer's machine; fail in CI, where the PostgreSQL
    tests are the only proof of the multi-process and sequence guarantees and a silent skip
    would hide their absence."""
    if pg_available():
        return
    message = "PostgreSQL on 127.0.0.1:5432 (database test) is not reachable"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(message)


class PgSchema:
    """A schema of its own per test, dropped afterwards."""

    def __init__(self) -> None:
        import psycopg

        self.name = f"rdtest_{secrets.token_hex(6)}"
        with psycopg.connect(PG_DSN, autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {self.name}")
        self.url = f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(PG_DSN, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {self.name} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    require_pg()
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


class County:
    """A server with one community, and a way to enroll devices to it."""

    password = "correct horse 42"

    def __init__(self, url: str, tmp_path: Path, *, serve: bool = True) -> None:
        self.storage = Storage(url)
        self.storage.create_all()
        self.server = LiveServer(self.storage)
        if serve:
            self.server.start()
        self.tmp_path = tmp_path
        self.community_id = self.new_community("锦绣社区")
        self.engines: list[SyncEngine] = []
        self.user = f"secretary{next(_seq)}"
        self.storage.create_user(self.user, self.password, "secretary", self.community_id)

    @property
    def url(self) -> str:
        return self.server.url

    def new_community(self, name: str) -> str:
        return self.storage.create_community(name, county="惠水县")

    def device(self, *, user: str | None = None, path: Path | None = None, **kw: Any) -> SyncEngine:
        desk = Desk(path or self.tmp_path / f"device{next(_seq)}.db")
        engine = SyncEngine(
            desk, retries=kw.pop("retries", 3), backoff=kw.pop("backoff", 0.02), **kw
        )
        engine.enroll(self.url, user or self.user, self.password)
        self.engines.append(engine)
        return engine

    def close(self) -> None:
        for e in self.engines:
            e.desk.close()
        if self.server.thread.is_alive():
            self.server.stop()
        close_clients()  # a server of its own (a process, a proxy) has no stop of ours
        self.storage.close()  # its snapshot builder too


@pytest.fixture
def county(db_url: str, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[County]:
    c = County(db_url, tmp_path)
    yield c
    c.close()


@pytest.fixture
def pg_county(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[County]:
    """A county on a PostgreSQL schema of its own, with no server running (tests start
    their own processes, or use ``county.server.start()``)."""
    require_pg()
    schema = PgSchema()
    county = County(schema.url, tmp_path, serve=False)
    yield county
    county.close()
    schema.drop()


@pytest.fixture
def sqlite_county(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[County]:
    c = County(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    yield c
    c.close()


SYNCED_FOR_COMPARE = (
    "community",
    "building",
    "household",
    "person",
    "referral",
    "referral_event",
    "visit",
    "need",
    "need_event",
    "conflict",
)


def snapshot(desk: Desk) -> dict[tuple[str, str], dict[str, Any]]:
    """Every synced row of a device, with its sync columns, for comparing devices."""
    import orjson

    out: dict[tuple[str, str], dict[str, Any]] = {}
    for table in SYNCED_FOR_COMPARE:
        for r in desk.conn.execute(f"SELECT * FROM {table}"):
            row = dict(r)
            # The same clocks may be written with their keys in another order.
            row["clocks"] = orjson.loads(row["clocks"])
            out[(table, row["id"])] = row
    return out


def search_index(desk: Desk) -> set[tuple[object, ...]]:
    """Every entry of the search index with what its hit shows, its rowid left out: two
    devices holding the same rows hold the same entries, however they were numbered."""
    return {
        tuple(r)
        for r in desk.conn.execute(
            "SELECT d.kind, d.ref_id, d.household_id, d.title, d.detail, n.chars, n.pinyin,"
            " g.digits FROM search_doc d"
            " LEFT JOIN search_name n ON n.rowid = d.rowid"
            " LEFT JOIN search_digits g ON g.rowid = d.rowid"
        )
    }


def server_snapshot(storage: Storage, community_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    import orjson
    from sqlalchemy import select

    r = storage.t_row
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with storage.read() as conn:
        for x in conn.execute(select(r).where(r.c.community_id == community_id)):
            out[(x.tbl, x.row_id)] = {
                "data": orjson.loads(x.data),
                "clocks": orjson.loads(x.clocks),
                "created_at": x.created_at,
                "deleted": x.deleted,
            }
    return out


def quick_device(county: County, community_id: str, user: str, **kw: Any) -> SyncEngine:
    """A device enrolled through the server's token issue, without the slow password hash
    (enrollment itself is tested on its own)."""
    # Usable from a worker thread too (one thread at a time), as the app's DB worker does.
    desk = Desk(county.tmp_path / f"device{next(_seq)}.db", check_same_thread=False)
    token = county.storage.issue_token(user, desk.device_id)["token"]
    with desk.transaction():
        desk.adopt_community(community_id)
        desk.set_setting("sync_server_url", kw.pop("url", county.url))
        desk.set_setting("sync_enrolled", "1")
    engine = SyncEngine(
        desk,
        kw.pop("server_url", None),
        token_source=lambda: token,
        retries=kw.pop("retries", 3),
        backoff=kw.pop("backoff", 0.02),
        **kw,
    )
    county.engines.append(engine)
    return engine


class Workload:
    """Devices of one fresh community editing a shared hot set of households offline.

    Every write is remembered with the field clock it replaced, so the end state can be
    checked: each write stands, was knowingly overwritten by a later write that saw it, or
    is recorded as the losing value of a conflict.
    """

    def __init__(self, county: County, devices: int, *, url: str | None = None, **kw: Any) -> None:
        self.county = county
        self.community_id = county.new_community(f"社区{next(_seq)}")
        self.user = f"worker{next(_seq)}"
        county.storage.create_user(self.user, "pw", "secretary", self.community_id)
        self.devices = [
            quick_device(county, self.community_id, self.user, url=url or county.url, **kw)
            for _ in range(devices)
        ]
        self.writes: list[tuple[str, str, str, Any, str, str | None]] = []
        self.ops = 0
        first = self.devices[0].desk
        with first.transaction() as w:
            self.building = w.insert("building", {"number": "1", "units": 4, "floors": 6})["id"]
        self.ops += 1
        for i in range(3):
            self.create(0, i)

    def _record(self, desk: Desk) -> None:
        import orjson

        tbl, row_id, stamp, fields, base = desk.conn.execute(
            "SELECT tbl, row_id, hlc, fields, base FROM outbox ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        self.ops += 1
        bases = orjson.loads(base)
        for name, value in orjson.loads(fields).items():
            self.writes.append((tbl, row_id, name, value, stamp, bases.get(name)))

    def live(self, d: int) -> list[str]:
        return [
            r[0]
            for r in self.devices[d].desk.conn.execute(
                "SELECT id FROM household WHERE deleted = 0 ORDER BY household_no"
            )
        ]

    def create(self, d: int, n: int) -> None:
        desk = self.devices[d].desk
        if desk.buildings.get(self.building) is None:
            return  # this device has not received the building yet
        desk.households.create(
            building_id=self.building,
            unit=1 + n % 4,
            room=f"{n}01",
            household_no=f"H{next(_seq):06d}",
        )
        self._record(desk)

    def step(self, kind: str, d: int, target: int, value: int) -> None:
        d %= len(self.devices)
        engine = self.devices[d]
        desk = engine.desk
        if kind == "sync":
            engine.run()
            return
        if kind == "create":
            self.create(d, value)
            return
        live = self.live(d)
        if not live:
            return
        hid = live[target % len(live)]
        if kind == "visit":
            desk.visits.create(household_id=hid, visitor=f"v{value}", date="2026-03-01")
            self._record(desk)
            return
        if kind == "delete":
            desk.households.delete(hid)
            self._record(desk)
            return
        field, val = {
            "room": ("room", f"{value}"),
            "notes": ("notes", f"note {value}"),
            "unit": ("unit", 1 + value % 6),
            "phone": ("phone", f"138{value:08d}"),
        }[kind]
        before = desk.unsent_count()
        desk.households.update(hid, **{field: val})
        if desk.unsent_count() > before:
            self._record(desk)

    def settle(self) -> None:
        for _ in range(2):
            for e in self.devices:
                e.run()
        for e in self.devices:
            report = e.run(verify=True)
            assert report.verified is True, report

    def check(self) -> None:
        from sqlalchemy import func, select

        storage = self.county.storage
        first = snapshot(self.devices[0].desk)
        for e in self.devices[1:]:
            assert snapshot(e.desk) == first
        assert all(e.desk.unsent_count() == 0 for e in self.devices)
        server = server_snapshot(storage, self.community_id)
        mine = {k: v for k, v in first.items() if k[0] != "community"}
        assert set(mine) <= set(server)
        for key, row in mine.items():
            s = server[key]
            for name, value in s["data"].items():
                assert row[name] == value, (key, name)
            assert row["deleted"] == s["deleted"] and row["created_at"] == s["created_at"]
            assert row["clocks"] == s["clocks"]
        # Exactly once: every op the devices made is applied once, none twice.
        a = storage.t_applied
        with storage.read() as conn:
            applied = conn.execute(
                select(func.count()).where(a.c.community_id == self.community_id)
            ).scalar_one()
        assert applied == self.ops
        # Nothing lost.
        lost = {
            (r["tbl"], r["row_id"], r["field"], r["lost_clock"])
            for k, r in first.items()
            if k[0] == "conflict"
        }
        seen_bases = {(t, r, f, b) for t, r, f, _, _, b in self.writes if b}
        ok: dict[tuple[str, str, str], list[tuple[str, Any]]] = {}
        # Latest first: a write whose value a later write of the same value carries on is
        # as safe as that later write (the server kept one clock for the equal values).
        for tbl, row_id, name, value, stamp, _base in sorted(
            self.writes, key=lambda w: w[4], reverse=True
        ):
            if name == "community_id":
                continue
            s = server[(tbl, row_id)]
            clock = s["clocks"].get(name, s["created_at"])
            stands = clock >= stamp and s["data"].get(name) == value
            recorded = (tbl, row_id, name, stamp) in lost
            overwritten = (tbl, row_id, name, stamp) in seen_bases
            carried = any(v == value for _, v in ok.get((tbl, row_id, name), []))
            assert stands or recorded or overwritten or carried, (
                tbl,
                row_id,
                name,
                value,
                stamp,
            )
            ok.setdefault((tbl, row_id, name), []).append((stamp, value))
