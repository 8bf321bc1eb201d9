"""``relocdesk-server migrate``: a database an earlier server made (no migrations, no
disabled users, no throttle) upgrades in place with its data; a new one is made whole; the
revisions make exactly the schema the server's tables describe."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect

from relocdesk.server import cli as server_cli
from relocdesk.server import migrate
from relocdesk.server.database import engine_for
from relocdesk.server.storage import Storage
from tests.server.test_start_errors import run_cli
from tests.sync.harness import free_port

# What the wave-2 server's create_all made of the two tables the accounts use (PostgreSQL
# and SQLite both take this DDL).
_OLD = [
    "CREATE TABLE rd_community (id VARCHAR(64) PRIMARY KEY, name TEXT NOT NULL,"
    " seq BIGINT NOT NULL, n_rows BIGINT NOT NULL, digest BIGINT NOT NULL,"
    " created_at TEXT NOT NULL)",
    "CREATE TABLE rd_user (name VARCHAR(200) PRIMARY KEY, community_id VARCHAR(64) NOT NULL,"
    " role VARCHAR(32) NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL)",
    "INSERT INTO rd_community VALUES ('c1', '锦绣社区', 1, 1, 0, '2025-06-01T08:00:00')",
    "INSERT INTO rd_user VALUES ('li', 'c1', 'secretary', 'scrypt$16384$8$1$00$00',"
    " '2025-06-01T08:00:00')",
]


def schema(url: str) -> dict[str, set[str]]:
    engine = engine_for(url)
    try:
        found = inspect(engine)
        return {  # each table's columns, and its indexes by name
            t: {c["name"] for c in found.get_columns(t)}
            | {f"index {i['name']}" for i in found.get_indexes(t)}
            for t in found.get_table_names()
            if t.startswith("rd_")
        }
    finally:
        engine.dispose()


def run(capsys: pytest.CaptureFixture[str], url: str) -> str:
    assert server_cli.main(["migrate", "--db", url]) == 0
    return capsys.readouterr().out


def test_an_earlier_servers_database_upgrades_with_its_data(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = engine_for(db_url)
    with engine.connect() as conn, conn.begin():
        for statement in _OLD:
            conn.exec_driver_sql(statement)
    engine.dispose()
    assert "none → " + migrate.head() in run(capsys, db_url)
    assert migrate.current(db_url) == migrate.head()
    assert "up to date" in run(capsys, db_url)  # a second run changes nothing
    tables = schema(db_url)
    assert "disabled_at" in tables["rd_user"] and "rd_login_failure" in tables
    assert "index rd_row_tbl_idx" in tables["rd_row"]
    storage = Storage(db_url)
    try:
        (user,) = storage.list_users()
        assert user["name"] == "li" and user["community_id"] == "c1"
        assert storage.disable_user("li") == 0
        storage.record_failure("li", "10.0.0.8")
        assert storage.communities()[0]["name"] == "锦绣社区"
    finally:
        storage.close()


def test_the_revisions_make_the_schema_the_server_describes(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, db_url)
    migrated = schema(db_url)
    storage = Storage(db_url)
    try:
        storage.create_all()  # adds whatever the revisions forgot
    finally:
        storage.close()
    # A table, column or index added to database.py needs a revision of its own.
    assert schema(db_url) == migrated
    assert "index rd_row_tbl_idx" in migrated["rd_row"]


def test_migrate_on_an_unreachable_database_is_plain(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'county.db'}"
    assert server_cli.main(["migrate", "--db", url]) == 3  # the machine, not the command
    err = capsys.readouterr().err
    assert "Traceback" not in err and "无法打开 SQLite 数据库文件" in err
    assert "does its folder exist" in err and "unexpected" not in err


def test_a_database_a_newer_server_made_is_refused_by_every_command(
    db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """County IT installs an older package again after a newer one migrated the database
    (a rollback): this version must not run on a schema it does not know, nor tell
    'unexpected error' when asked to migrate it."""
    from sqlalchemy import text

    run(capsys, db_url)
    newer = "0099_made_by_a_newer_server"
    engine = engine_for(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
    finally:
        engine.dispose()
    state = str(tmp_path / "state.json")
    for argv in (
        ["migrate", "--db", db_url],
        ["admin", "list-users", "--db", db_url],
        ["admin", "create-community", "--db", db_url, "--name", "锦绣社区"],
        ["report", "county", "--db", db_url, "--county", "1", "--month", "2026-01", "-o", "x.xlsx"],
        ["--db", db_url, "--port", str(free_port()), "--state-file", state],  # the server
    ):
        out = run_cli(*argv, cwd=tmp_path)
        assert out.returncode == 3, (argv, out.stderr)
        err = out.stderr
        assert "较新版本" in err and "newer relocdesk-server" in err and newer in err, err
        assert migrate.head() in err and "Traceback" not in err and "unexpected" not in err
    assert migrate.current(db_url) == newer
    storage = Storage(db_url)
    try:  # nothing made, nothing changed
        with storage.read() as conn:
            assert conn.execute(storage.t_community.select()).all() == []
    finally:
        storage.close()
    assert not (tmp_path / "x.xlsx").exists()
