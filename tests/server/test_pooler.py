"""The county server behind PgBouncer in transaction mode, as docs/scaling.md proposes once
more server processes than PostgreSQL's connections allow are wanted.

In transaction mode each transaction may run on another server connection. psycopg prepares a
statement on its connection at the statement's fifth use; PgBouncer before 1.21 (Debian 12
ships 1.18) knows nothing of it, so the next connection either lacks the statement or has one
of the name already: the server stopped at start with "unexpected error: ProgrammingError
... prepared statement "_pg3_0" already exists", printing the SQL and the library's web page.
A real PgBouncer of the machine's own, in front of a real database, two server connections
shared by everything.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.harness import free_port, require_pg

pytestmark = pytest.mark.postgres

ADMIN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"


def _require_pgbouncer() -> str:
    found = shutil.which("pgbouncer") or next(
        (p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.path.exists(p)), None
    )
    if found:
        return found
    message = "pgbouncer is not installed (installer/bootstrap.sh installs it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def pooled_url(tmp_path: Path) -> Iterator[str]:
    """A new UTF8 database, and a PgBouncer in transaction mode before it with a server pool
    of two connections; the URL the county server is given."""
    require_pg()
    binary = _require_pgbouncer()
    import psycopg

    name = f"rdpool_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    port = free_port()
    folder = tmp_path / "pgbouncer"
    folder.mkdir()
    (folder / "users.txt").write_text('"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"[databases]\n{name} = host=127.0.0.1 port=5432 dbname={name} user=postgres\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = trust\n"
        f"auth_file = {folder / 'users.txt'}\npool_mode = transaction\n"
        "default_pool_size = 2\nmax_client_conn = 200\nunix_socket_dir =\n"
    )
    folder.chmod(0o777)  # PgBouncer refuses to run as root: as root it runs as postgres
    tmp_path.chmod(0o755)
    user = ["-u", "postgres"] if os.geteuid() == 0 else []
    proc = subprocess.Popen(
        [binary, *user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"postgresql://postgres@127.0.0.1:{port}/{name}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                psycopg.connect(url, connect_timeout=1).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_the_county_server_works_behind_pgbouncer_in_transaction_mode(
    pooled_url: str, tmp_path: Path
) -> None:
    from relocdesk import demo
    from relocdesk.desk import Desk
    from relocdesk.server.storage import Storage
    from tests.bench.bench_sync import device
    from tests.sync.faults import ServerProcess

    storage = Storage(pooled_url)
    storage.create_all()
    server = ServerProcess(pooled_url).start()  # the real process, its start included
    try:
        with Desk(tmp_path / "a.db") as d:
            demo.build(d, 12, seed=5)
            community, name = d.community_id, d.community()["name"]
        storage.create_community(name, community)
        storage.create_user("secretary", "correct horse 42", "secretary", community)
        office = device(storage, tmp_path / "a.db", server.url, "secretary")
        other = device(storage, tmp_path / "b.db", server.url, "secretary", community)
        first = office.run(verify=True)
        assert first.pushed > 0 and first.verified
        assert other.run(verify=True).pulled == first.pushed
        people = [r[0] for r in office.desk.conn.execute("SELECT id FROM person LIMIT 12")]
        # The same statements again and again over two shared server connections.
        for i, pid in enumerate(people):
            phone = f"1390000{i:04d}"
            with office.desk.transaction() as w:
                w.update("person", pid, {"phone": phone})
            sent, got = office.run(verify=True), other.run(verify=True)
            assert (sent.pushed, got.pulled, sent.verified, got.verified) == (1, 1, True, True)
            seen = other.desk.conn.execute("SELECT phone FROM person WHERE id = ?", (pid,))
            assert seen.fetchone()[0] == phone
        office.desk.close()
        other.desk.close()
    finally:
        server.kill()
        storage.close()
