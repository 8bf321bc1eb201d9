"""Passwords and administration: the server keeps only a slow salted hash; the admin
commands refuse mistakes in plain words, never with a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from relocdesk.server import cli as server_cli
from relocdesk.server.accounts import check_password, hash_password
from relocdesk.server.storage import Storage


def test_passwords_are_kept_as_slow_salted_hashes(tmp_path: Path) -> None:
    storage = Storage(f"sqlite:///{tmp_path / 'county.db'}")
    storage.create_all()
    cid = storage.create_community("锦绣社区")
    storage.create_user("li", "s3cret-pw", "secretary", cid)
    storage.create_user("wang", "s3cret-pw", "clerk", cid)
    with storage.read() as conn:
        q = select(storage.t_user.c.name, storage.t_user.c.password_hash)
        stored = {str(r[0]): str(r[1]) for r in conn.execute(q)}
    storage.close()
    assert all("s3cret" not in h for h in stored.values())
    # scrypt at OWASP's cost (N=2^17, r=8, p=1) and a salt of its own per user.
    for h in stored.values():
        kind, n, r, p, salt, _key = h.split("$")
        assert kind == "scrypt" and int(n) >= 2**17 and int(r) >= 8 and int(p) >= 1
        assert len(salt) >= 32
    assert stored["li"] != stored["wang"]
    assert check_password("s3cret-pw", stored["li"])
    assert not check_password("s3cret-pW", stored["li"])
    assert not check_password("s3cret-pw", "not a hash")
    assert hash_password("x") != hash_password("x")


def _admin(argv: list[str], stdin: str = "") -> int:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return server_cli.main(["admin", *argv])
    finally:
        sys.stdin = old


def test_admin_mistakes_are_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'county.db'}"]
    assert _admin(["create-community", *db, "--name", "锦绣社区", "--county", "惠水县"]) == 0
    cid = capsys.readouterr().out.strip()
    user = ["create-user", *db, "--community", cid, "--name", "li", "--role", "secretary"]
    assert _admin([*user, "--password-stdin"], "wuhu-river-9\n") == 0
    capsys.readouterr()
    nowhere = [*user[:3], "--community", "nope", "--name", "x", "--role", "clerk"]
    cases = [
        ([*user, "--password-stdin"], "wuhu-river-9\n", "用户名已存在"),
        ([*user, "--password-stdin"], "\n", "密码为空"),
        (
            [*nowhere, "--password-stdin"],
            "wuhu-river-9\n",
            "没有此社区",
        ),
        (["revoke-device", *db, "no-such-device"], "", "没有此设备"),
    ]
    for argv, stdin, words in cases:
        assert _admin(argv, stdin) == 2, argv
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err
    assert _admin(["list-devices", *db]) == 0
    assert capsys.readouterr().out == ""
