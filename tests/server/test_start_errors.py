"""County IT's mistakes when starting the server, as a real process: a database that is not
there or not running, a URL of another engine, a port already taken. Each is told plainly in
Chinese and English with what to do, exit code 3 (or 2 for the port), no traceback, no
password, no library's web address."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.harness import free_port, require_pg


def _start(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.server.cli", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def _said_plainly(out: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert out.returncode == code, out.stderr
    for word in words:
        assert word in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "sqlalche.me" not in out.stderr
    assert "unexpected error" not in out.stderr


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "postgresql://postgres:s3cret-pw@127.0.0.1:{closed}/test",
            ("连接被拒绝", "connection refused", "postgres:***@"),
        ),
        ("sqlite:///{tmp}/no/such/folder/county.db", ("无法打开 SQLite", "does its folder exist")),
        ("mysql://root@127.0.0.1/county", ("不支持的数据库地址", "sqlite:///PATH")),
    ],
)
def test_a_database_the_server_cannot_use_is_named_with_what_to_do(
    tmp_path: Path, url: str, words: tuple[str, ...]
) -> None:
    url = url.format(closed=free_port(), tmp=tmp_path)  # nothing listens on a free port
    out = _start("--db", url, "--port", str(free_port()), cwd=tmp_path)
    _said_plainly(out, 3, *words)
    assert "s3cret-pw" not in out.stderr


@pytest.mark.postgres
def test_a_postgresql_database_not_made_yet_says_create_it(tmp_path: Path) -> None:
    require_pg()
    url = "postgresql://postgres@127.0.0.1:5432/relocdesk_never_made"
    out = _start("admin", "list-users", "--db", url, cwd=tmp_path)
    _said_plainly(out, 3, "数据库 relocdesk_never_made 不存在", "createdb relocdesk_never_made")


def test_a_port_already_taken_is_said_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'county.db'}"
        out = _start("--db", db, "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path)
    _said_plainly(out, 2, f"无法在 127.0.0.1:{port} 上监听", "choose another --port")
