"""County IT's mistakes with `relocdesk-server admin`: a community created twice, an id
already taken, a blank name, a user name with a space in it. Each is refused with what to do,
in Chinese and English, exit code 2, nothing stored; and what is fine still goes through (a
second community of the same name in another township; a name typed with spaces around it,
stored as it is signed in with)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import orjson
import pytest

from relocdesk.server import cli as server_cli
from relocdesk.server.storage import Storage

PASSWORD = "jinxiu-river-2024"


def _run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = server_cli.main(["admin", *argv])
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'county.db'}"


def _communities(db: str) -> list[str]:
    storage = Storage(db)
    try:
        with storage.read() as conn:
            return [r.name for r in conn.execute(storage.t_community.select()).all()]
    finally:
        storage.close()


def test_a_community_created_twice_is_refused_with_its_id(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        capsys, "create-community", "--db", db, "--name", "锦绣社区", "--county", "惠水县"
    )
    assert code == 0
    first = out.strip()
    code, out = _run(
        capsys, "create-community", "--db", db, "--name", "锦绣社区", "--county", "惠水县"
    )
    assert code == 2 and first in out and "--township" in out and "已有同名社区" in out
    assert "Traceback" not in out
    assert _communities(db) == ["锦绣社区"]
    # another of the same name, told apart by its township, is made
    code, out = _run(
        capsys,
        "create-community",
        "--db",
        db,
        "--name",
        "锦绣社区",
        "--county",
        "惠水县",
        "--township",
        "濛江街道",
    )
    assert code == 0 and _communities(db) == ["锦绣社区", "锦绣社区"]
    # the same id again (onboarding a laptop twice) is named, not a database error
    code, out = _run(capsys, "create-community", "--db", db, "--name", "新民社区", "--id", first)
    assert code == 2 and first in out and "exists already" in out
    assert "sqlalche.me" not in out and "INSERT" not in out
    code, out = _run(capsys, "create-community", "--db", db, "--name", "  ")
    assert code == 2 and "1 到 100" in out and len(_communities(db)) == 2


@pytest.mark.parametrize("name", [" ", "li wei", "王\t伟", "x" * 65])
def test_a_user_name_that_could_never_sign_in_is_refused(
    db: str, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _, cid = _run(capsys, "create-community", "--db", db, "--name", "锦绣社区")
    argv = ["create-user", "--db", db, "--community", cid.strip(), "--name", name]
    code, out = _run(capsys, *argv, "--role", "secretary", "--password-stdin", stdin=PASSWORD)
    assert code == 2 and "用户名应为" in out and "user name" in out
    assert Storage(db).list_users() == []


def test_a_user_name_typed_with_spaces_around_is_stored_as_signed_in_with(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, cid = _run(capsys, "create-community", "--db", db, "--name", "锦绣社区")
    argv = ["create-user", "--db", db, "--community", cid.strip(), "--name", " 李伟 "]
    code, _ = _run(capsys, *argv, "--role", "secretary", "--password-stdin", stdin=PASSWORD)
    assert code == 0
    assert [u["name"] for u in Storage(db).list_users()] == ["李伟"]


@pytest.mark.parametrize("given", ["bad id", "锦绣社区", "a/b", "x" * 65])
def test_a_community_id_no_device_could_sync_is_refused(
    db_url: str, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    """``--id`` is a device database's community id: an id the sync protocol refuses would
    make a community whose own row no device could ever change (and PostgreSQL refuses one
    over 64 characters with the INSERT statement in the message)."""
    code, out = _run(
        capsys, "create-community", "--db", db_url, "--name", "锦绣社区", "--id", given
    )
    assert code == 2 and "--id" in out and "编号" in out, out
    assert "sqlalche.me" not in out and "INSERT" not in out and "unexpected" not in out
    assert _communities(db_url) == []
    fine = "3f2c9a6e-1b7d-4c35-9e0f-2a8b5d7c6e14"
    code, out = _run(capsys, "create-community", "--db", db_url, "--name", "锦绣社区", "--id", fine)
    assert code == 0 and out.strip() == fine


def test_a_county_or_township_typed_with_spaces_is_the_same_one(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["create-community", "--db", db_url, "--name", "锦绣社区"]
    code, first = _run(capsys, *argv, "--county", " 惠水县　", "--township", "濛江街道 ")
    assert code == 0
    code, out = _run(capsys, *argv, "--county", "惠水县", "--township", "濛江街道")
    assert code == 2 and first.strip() in out and "已有同名社区" in out
    code, out = _run(capsys, *argv, "--county", "惠水县  ")
    assert code == 2 and first.strip() in out
    storage = Storage(db_url)
    try:
        with storage.read() as conn:
            [row] = conn.execute(storage.t_row.select().where(storage.t_row.c.tbl == "community"))
        # what every device of the community receives, and what the county's pages group by
        assert orjson.loads(row.data) == {
            "name": "锦绣社区",
            "county": "惠水县",
            "township": "濛江街道",
        }
    finally:
        storage.close()


def _side_by_side(url: str, n: int) -> list[str]:
    """``n`` commands started at the same moment on ``url``, each on its own connections, as
    separate processes would be: the kinds of the errors they ended in."""
    import threading

    start = threading.Barrier(n)
    failed: list[str] = []

    def command(i: int) -> None:
        storage = Storage(url)
        try:
            start.wait()
            storage.create_all()  # what every admin command and the server do first
            storage.create_community(f"社区{i}")
        except Exception as e:  # its kind is what the test reports
            failed.append(type(e).__name__)
        finally:
            storage.close()

    threads = [threading.Thread(target=command, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return failed


@pytest.mark.parametrize("attempt", [1, 2])
def test_commands_run_at_once_on_a_new_database_all_go_through(
    tmp_path: Path, db_url: str, attempt: int
) -> None:
    """County IT's set-up script runs its admin commands side by side (or one runs while the
    server first starts) on a database nothing has used yet. Each makes the tables it finds
    missing: on SQLite all but one failed with 'database is locked' (a read that turns into a
    write cannot wait), on PostgreSQL with the catalogue's duplicate keys or a second epoch.
    They now take turns: every community is made, under one epoch."""
    assert _side_by_side(db_url, 6) == []
    assert sorted(_communities(db_url)) == [f"社区{i}" for i in range(6)]
    storage = Storage(db_url)
    try:
        with storage.read() as conn:
            assert len(conn.execute(storage.t_meta.select()).all()) == 1  # one epoch
    finally:
        storage.close()
