"""Issue 11, defect 1: a county restores its server from a backup (pg_dump / pg_restore on
PostgreSQL, a copy of the file on SQLite) after devices pushed 20 visits and 50 edits. The
devices still hold that work and the server does not: they must give it back, not drop it.

The restore is done the way county IT does it: the server stopped, the backup put back with
the real tools (``pg_dump -Fc`` and ``pg_restore``; ``cp`` of the SQLite file), the server
started again on the same address, with or without ``relocdesk-server admin new-epoch``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk.server import cli as server_cli
from relocdesk.server.storage import Storage
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import (
    PG_DSN,
    County,
    LiveServer,
    MemoryKeyring,
    PgSchema,
    require_pg,
    server_snapshot,
    snapshot,
)


class Backup:
    """Take a backup of the county's database and put it back, with the tools a county uses."""

    def __init__(self, county: County, tmp_path: Path, schema: PgSchema | None) -> None:
        self.county = county
        self.schema = schema
        self.file = tmp_path / ("server.dump" if schema else "server-backup.db")

    def take(self) -> None:
        if self.schema is None:
            # A consistent file: the server's engine closed, its WAL folded back in.
            self.county.storage.close()
            shutil.copyfile(self._db_path(), self.file)
            return
        subprocess.run(
            ["pg_dump", *self._pg_args(), "-Fc", "-n", self.schema.name, "-f", str(self.file)],
            check=True,
        )

    def restore(self, *, new_epoch: bool) -> None:
        """Stop the server, put the backup back, start the server again on the same port."""
        county = self.county
        port = county.server.port
        county.server.stop()
        county.storage.close()
        if self.schema is None:
            db = self._db_path()
            for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
                extra.unlink(missing_ok=True)
            shutil.copyfile(self.file, db)
        else:
            import psycopg

            with psycopg.connect(PG_DSN, autocommit=True) as c:
                c.execute(f"DROP SCHEMA {self.schema.name} CASCADE")
            subprocess.run(
                ["pg_restore", *self._pg_args(), "-d", "test", str(self.file)], check=True
            )
        if new_epoch:
            assert server_cli.main(["admin", "new-epoch", "--db", county.storage.url]) == 0
        county.storage = Storage(county.storage.url)
        county.storage.create_all()
        county.server = LiveServer(county.storage, port).start()

    def _db_path(self) -> Path:
        return Path(self.county.storage.url.removeprefix("sqlite:///"))

    @staticmethod
    def _pg_args() -> list[str]:
        return ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "test"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def restorable(
    request: pytest.FixtureRequest, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[tuple[County, Backup]]:
    schema = None
    if request.param == "postgres":
        require_pg()
        if shutil.which("pg_dump") is None:
            pytest.fail("pg_dump is missing: installer/bootstrap.sh installs postgresql-client")
        schema = PgSchema()
        url = schema.url
    else:
        url = f"sqlite:///{tmp_path / 'server.db'}"
    county = County(url, tmp_path)
    yield county, Backup(county, tmp_path, schema)
    county.close()
    if schema is not None:
        schema.drop()


def _work(a: SyncEngine, b: SyncEngine, homes: list[dict[str, Any]]) -> dict[str, Any]:
    """20 visits and 50 edits, half on each device, each synced: what must survive."""
    made: dict[str, Any] = {"visits": [], "edits": {}}
    for n in range(20):
        engine = (a, b)[n % 2]
        home = homes[n % len(homes)]
        v = engine.desk.visits.create(
            household_id=home["id"], visitor=f"网格员{n}", date=f"2026-05-{1 + n:02d}"
        )
        made["visits"].append(v["id"])
    for n in range(50):
        engine = (a, b)[n % 2]
        home = homes[n % len(homes)]
        field, value = (
            ("notes", f"第{n}次走访：漏水已修") if n < 25 else ("phone", f"1390000{n:04d}")
        )
        engine.desk.households.update(home["id"], **{field: value})
        made["edits"][(home["id"], field)] = value
    a.run()
    b.run()
    return made


def _settle(engines: list[SyncEngine]) -> None:
    for _ in range(2):
        for e in engines:
            e.run()
    for e in engines:
        report = e.run(verify=True)
        assert report.verified is True, report


def _assert_nothing_lost(county: County, engines: list[SyncEngine], made: dict[str, Any]) -> None:
    server = server_snapshot(county.storage, county.community_id)
    for engine in engines:
        mine = snapshot(engine.desk)
        lost_visits = [v for v in made["visits"] if ("visit", v) not in mine]
        assert lost_visits == [], f"{len(lost_visits)} of 20 visits lost on a device"
        wrong = {
            k: mine[("household", k[0])][k[1]]
            for k, value in made["edits"].items()
            if mine[("household", k[0])][k[1]] != value
        }
        assert wrong == {}, f"{len(wrong)} edits lost on a device"
    assert all(("visit", v) in server for v in made["visits"])
    assert all(
        server[("household", h)]["data"][f] == value for (h, f), value in made["edits"].items()
    )
    first = snapshot(engines[0].desk)
    assert all(snapshot(e.desk) == first for e in engines[1:])


def _start(county: County) -> tuple[SyncEngine, SyncEngine, list[dict[str, Any]]]:
    a, b = county.device(), county.device()
    homes = [add_household(a.desk, room=f"{n + 1}01") for n in range(25)]
    a.run()
    b.run(verify=True)
    a.run(verify=True)
    return a, b, homes


def test_restore_without_a_new_epoch_loses_nothing(restorable: tuple[County, Backup]) -> None:
    """The reproduction of the issue: the dump restored, the server restarted, nobody told
    it. Both devices' cursors are above the restored head."""
    county, backup = restorable
    a, b, homes = _start(county)
    backup.take()
    made = _work(a, b, homes)
    backup.restore(new_epoch=False)
    report = a.run()
    assert report.reconciled > 0
    _settle([a, b])
    _assert_nothing_lost(county, [a, b], made)


def test_restore_with_a_new_epoch_and_the_head_past_the_cursors_loses_nothing(
    restorable: tuple[County, Backup],
) -> None:
    """The administrator declares a new epoch; a third device that worked offline syncs
    first and carries the restored head past the other two devices' old cursors."""
    county, backup = restorable
    a, b, homes = _start(county)
    c = county.device()
    c.run()
    backup.take()
    made = _work(a, b, homes)
    for n in range(150):  # offline work of the third device, more than the 70 changes
        c.desk.households.update(homes[n % len(homes)]["id"], room=f"{n}")
    backup.restore(new_epoch=True)
    c.run()
    _settle([a, b, c])
    _assert_nothing_lost(county, [a, b, c], made)


def test_a_server_older_than_epochs_still_syncs_and_nothing_is_dropped(
    county: County,
) -> None:
    """A county that has not updated its server yet answers 404 to the reconcile requests:
    the digest check's re-download goes on, and the row the server lacks stays."""
    import httpx

    real = httpx.Client(base_url=county.url)

    def old_server(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/reconcile"):
            return httpx.Response(404, json={"detail": "Not Found"})
        got = real.request(
            request.method,
            request.url.path,
            params=request.url.params,
            content=request.content,
            headers=request.headers,
        )
        # The body comes decoded: pass it on without the encoding it no longer has.
        kept = {
            k: v
            for k, v in got.headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        }
        return httpx.Response(got.status_code, headers=kept, content=got.content)

    a = county.device(transport=httpx.MockTransport(old_server))
    home = add_household(a.desk, room="701")
    a.run(verify=True)
    c = a.desk.conn
    stray = dict(c.execute("SELECT * FROM household WHERE id = ?", (home["id"],)).fetchone())
    stray["id"], stray["household_no"] = "stray-row", "STRAY"
    c.execute(
        f"INSERT INTO household ({', '.join(stray)}) VALUES ({', '.join('?' * len(stray))})",
        list(stray.values()),
    )
    report = a.run(verify=True)
    assert report.full_download is True and report.reconciled == 0
    assert a.desk.households.get("stray-row") is not None
    real.close()
