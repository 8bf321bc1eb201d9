"""County IT's mistakes when starting the server, as a real process: a database that is not
there or not running, a URL of another engine, a port already taken. Each is told plainly in
Chinese and English with what to do, exit code 3 (or 2 for the port), no traceback, no
password, no library's web address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sync.harness import free_port, require_pg


def run_cli(
    *argv: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.server.cli", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env} if env else None,
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
        # a host name mistyped (.invalid never resolves, RFC 2606)
        (
            "postgresql://postgres:s3cret-pw@db.county.invalid/test",
            ("找不到数据库服务器 db.county.invalid", "cannot find the database host"),
        ),
        ("postgresql://postgres@127.0.0.1:99999/test", ("端口", "1 to 65535", "99999")),
        # the URL of a database that keeps nothing once the process ends
        ("sqlite://", ("内存", "in memory", "sqlite:///PATH")),
        ("sqlite:///:memory:", ("内存", "in memory", "sqlite:///PATH")),
        # --db pointed at another file: the certificate, a compressed backup
        ("sqlite:///{tmp}/server.pem", ("不是 SQLite 数据库", "is not a SQLite database")),
    ],
)
def test_a_database_the_server_cannot_use_is_named_with_what_to_do(
    tmp_path: Path, url: str, words: tuple[str, ...]
) -> None:
    (tmp_path / "server.pem").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n" * 40)
    url = url.format(closed=free_port(), tmp=tmp_path)  # nothing listens on a free port
    out = run_cli("--db", url, "--port", str(free_port()), cwd=tmp_path)
    _said_plainly(out, 3, *words)
    assert "s3cret-pw" not in out.stderr


@pytest.mark.postgres
def test_a_postgresql_database_not_made_yet_says_create_it(tmp_path: Path) -> None:
    require_pg()
    url = "postgresql://postgres@127.0.0.1:5432/relocdesk_never_made"
    out = run_cli("admin", "list-users", "--db", url, cwd=tmp_path)
    _said_plainly(out, 3, "数据库 relocdesk_never_made 不存在", "createdb relocdesk_never_made")


@pytest.mark.postgres
@pytest.mark.parametrize("command", [(), ("admin", "list-users"), ("migrate",)])
def test_a_postgresql_user_that_does_not_exist_is_named(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    require_pg()
    url = "postgresql://relocdesk_nobody:s3cret-pw@127.0.0.1:5432/test"
    argv = [*command, "--db", url] + (["--port", str(free_port())] if not command else [])
    out = run_cli(*argv, cwd=tmp_path)
    _said_plainly(out, 3, "用户名或密码不对", "the database user or password is wrong")
    assert "s3cret-pw" not in out.stderr


@pytest.fixture
def database_of(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A PostgreSQL database in the given encoding, as ``createdb -E`` (or a cluster made under
    the C locale, SQL_ASCII) makes it; dropped afterwards."""
    require_pg()
    import psycopg

    made: list[str] = []

    def make(encoding: str) -> str:
        name = f"relocdesk_{encoding.lower()}_{tmp_path.name[-8:].lower()}".replace("-", "_")
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(
                f"CREATE DATABASE {name} ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C'"
                " TEMPLATE template0"
            )
        made.append(name)
        return f"postgresql://postgres@127.0.0.1:5432/{name}"

    yield make
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")


ADMIN = "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"


@pytest.mark.postgres
@pytest.mark.parametrize("encoding", ["SQL_ASCII", "LATIN1", "EUC_CN"])
@pytest.mark.parametrize(
    "command", [(), ("admin", "create-community", "--name", "锦绣社区"), ("migrate",)]
)
def test_a_postgresql_database_not_in_utf8_is_named_before_anything_is_made(
    tmp_path: Path, database_of: Callable[[str], str], encoding: str, command: tuple[str, ...]
) -> None:
    url = database_of(encoding)
    argv = [*command, "--db", url] + (["--port", str(free_port())] if not command else [])
    out = run_cli(*argv, cwd=tmp_path)
    _said_plainly(out, 3, f"编码是 {encoding}", "needs UTF8", "ENCODING 'UTF8'")
    import psycopg

    with psycopg.connect(url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)  # nothing half-made


def test_a_port_already_taken_is_said_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'county.db'}"
        out = run_cli("--db", db, "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path)
    _said_plainly(out, 2, f"无法在 127.0.0.1:{port} 上监听", "choose another --port")


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("RELOCDESK_STALL_TIMEOUT", "一分钟", ("秒数", "must be seconds")),
        ("RELOCDESK_HEADER_TIMEOUT", "0", ("more than 0",)),
        ("RELOCDESK_CONNECTIONS_PER_ADDRESS", "many", ("at least 1",)),
    ],
)
def test_a_limit_set_wrongly_in_the_environment_is_named_at_start(
    tmp_path: Path, name: str, value: str, words: tuple[str, ...]
) -> None:
    """Set by hand in a service's environment, such a value failed every connection (each
    with a traceback in the log) while the server seemed to run."""
    db = f"sqlite:///{tmp_path / 'county.db'}"
    out = run_cli("--db", db, "--port", str(free_port()), cwd=tmp_path, env={name: value})
    _said_plainly(out, 2, name, *words)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--port", "80000"), ("1 到 65535", "from 1 to 65535", "--port")),
        (("--port", "八千"), ("1 到 65535", "not '八千'")),
        # TEST-NET-3 (RFC 5737): an address no machine here has
        (("--host", "203.0.113.5"), ("本机没有地址 203.0.113.5", "--host 0.0.0.0")),
        # "no cap" is not 0: with 0 every enrollment was refused, the server up and silent
        (("--device-cap", "0"), ("--device-cap", "at least 1", "不是 '0'")),
        (("--device-cap", "-3"), ("--device-cap", "at least 1")),
        (("--workers", "0"), ("--workers", "at least 1")),
        (("--header-timeout", "0"), ("--header-timeout", "more than 0", "不是 '0'")),
        (("--header-timeout", "半分钟"), ("--header-timeout", "秒数")),
        (("--stall-timeout", "-1"), ("--stall-timeout", "more than 0")),
        (("--connections-per-address", "0"), ("--connections-per-address", "at least 1")),
    ],
)
def test_a_port_or_address_that_cannot_be_used_is_named(
    tmp_path: Path, argv: tuple[str, ...], words: tuple[str, ...]
) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"
    out = run_cli("--db", db, *argv, cwd=tmp_path)
    _said_plainly(out, 2, *words)
    assert not (tmp_path / "county.db").exists()  # nothing made before the refusal


@pytest.mark.parametrize("where", ["no/such/folder/state.json", "."])
def test_a_state_file_that_cannot_be_written_is_named_before_anything_starts(
    tmp_path: Path, where: str
) -> None:
    """--state-file in a folder that is not there, or naming a folder: the server made the
    database, then stopped with 'unexpected error: FileNotFoundError' and the library's
    English."""
    db = f"sqlite:///{tmp_path / 'county.db'}"
    state = tmp_path / where
    out = run_cli("--db", db, "--port", str(free_port()), "--state-file", str(state), cwd=tmp_path)
    _said_plainly(out, 2, "--state-file", str(state), "cannot use")
    assert not (tmp_path / "county.db").exists()  # nothing made before the refusal


def _tls_files(tmp_path: Path, case: str) -> tuple[Path, Path]:
    """A certificate and key as county IT might hand them over, right or in one of the
    ways they go wrong."""
    import trustme
    from cryptography.hazmat.primitives import serialization

    ca = trustme.CA()
    leaf, other = ca.issue_cert("127.0.0.1"), ca.issue_cert("127.0.0.1")
    cert, key = tmp_path / "server.pem", tmp_path / "server.key"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    if case == "missing":
        key.unlink()
    elif case == "swapped":
        return key, cert
    elif case == "other key":
        other.private_key_pem.write_to_path(str(key))
    elif case == "locked key":
        private = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), None)
        key.write_bytes(
            private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"county-it-2024"),
            )
        )
    elif case == "der":
        from cryptography import x509

        der = x509.load_pem_x509_certificate(leaf.cert_chain_pems[0].bytes())
        cert.write_bytes(der.public_bytes(serialization.Encoding.DER))
    return cert, key


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing", ("无法读取 TLS 私钥文件", "cannot read the TLS key file")),
        ("swapped", ("放反了", "wrong way round")),
        ("other key", ("不是一对", "do not belong together")),
        ("locked key", ("受口令保护", "openssl pkey")),
        ("der", ("不是 PEM 格式", "openssl x509 -inform der")),
    ],
)
def test_a_certificate_and_key_that_cannot_serve_are_named(
    tmp_path: Path, case: str, words: tuple[str, ...]
) -> None:
    cert, key = _tls_files(tmp_path, case)
    db = f"sqlite:///{tmp_path / 'county.db'}"
    port = str(free_port())
    out = run_cli(
        "--db", db, "--port", port, "--certfile", str(cert), "--keyfile", str(key), cwd=tmp_path
    )
    _said_plainly(out, 2, *words)
    assert not (tmp_path / "county.db").exists()


def test_an_unexpected_database_error_shows_no_statement_and_no_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from sqlalchemy.exc import ProgrammingError

    from relocdesk.server import cli

    # as SQLAlchemy raises it: the statement, its values (a person's ID number) and the cause
    error = ProgrammingError(
        "SELECT data FROM rd_row WHERE row_id = %(id)s",
        {"id": "522731198612080009"},
        Exception('prepared statement "_pg3_0" already exists\nHINT: something'),
    )
    code = cli._unexpected(error, argparse.Namespace(db="postgresql://postgres@127.0.0.1/test"))
    said = capsys.readouterr().err
    assert code == 1 and 'prepared statement "_pg3_0" already exists' in said
    assert "SELECT" not in said and "522731" not in said and "sqlalche.me" not in said
