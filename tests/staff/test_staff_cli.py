"""``relocdesk staff`` and ``--as``, as county IT would script them: real processes, PINs on
stdin or in the environment, never on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from tests.conftest import connect


def relocdesk(
    *args: str, data_dir: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELOCDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**clean, **(env or {})},
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
    return tmp_path


def test_add_sign_in_and_manage_accounts(data_dir: Path) -> None:
    first = relocdesk("staff", "add", "王芳", data_dir=data_dir, stdin="482913\n")
    assert first.returncode == 0, first.stderr
    assert "王芳" in first.stdout
    # A second account needs a signed-in secretary: --as, her PIN then the new one on stdin.
    refused = relocdesk(
        "staff", "add", "李强", "--role", "clerk", data_dir=data_dir, stdin="730052\n"
    )
    assert refused.returncode == 2
    assert "书记" in refused.stderr and "secretary" in refused.stderr
    assert "Traceback" not in refused.stderr
    added = relocdesk(
        "--as", "王芳", "staff", "add", "李强", "--role", "clerk",
        data_dir=data_dir, stdin="482913\n730052\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = relocdesk("staff", "list", "--json", data_dir=data_dir)
    accounts = {a["name"]: a for a in json.loads(listed.stdout)}
    assert {n: (a["role"], a["active"]) for n, a in accounts.items()} == {
        "王芳": ("secretary", True),
        "李强": ("clerk", True),
    }
    assert all("pin" not in key for a in accounts.values() for key in a)
    # PINs from the environment; --as after the command works too.
    off = relocdesk(
        "staff",
        "disable",
        "李强",
        "--as",
        "王芳",
        data_dir=data_dir,
        env={"RELOCDESK_PIN": "482913"},
    )
    assert off.returncode == 0, off.stderr
    text = relocdesk("staff", "list", data_dir=data_dir).stdout
    assert "李强" in text and "disabled" in text
    reset = relocdesk(
        "--as", "王芳", "staff", "pin", "王芳",
        data_dir=data_dir, env={"RELOCDESK_PIN": "482913", "RELOCDESK_NEW_PIN": "551903"},
    )  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    old = relocdesk("--as", "王芳", "staff", "list", data_dir=data_dir, stdin="482913\n")
    assert old.returncode == 2 and "PIN" in old.stderr


def test_wrong_pins_are_throttled_between_commands(data_dir: Path) -> None:
    relocdesk("staff", "add", "王芳", data_dir=data_dir, stdin="482913\n")
    told = [
        relocdesk("--as", "王芳", "staff", "list", data_dir=data_dir, stdin="000123\n")
        for _ in range(3)
    ]
    assert [t.returncode for t in told] == [2, 2, 2]
    assert "30 秒" in told[-1].stderr and "30 seconds" in told[-1].stderr
    # Each command is a new process: the count lives in the database file.
    right = relocdesk("--as", "王芳", "staff", "list", data_dir=data_dir, stdin="482913\n")
    assert right.returncode == 2 and "try again in" in right.stderr
    conn = connect(data_dir / "community.db")
    assert conn.execute("SELECT failures FROM staff_throttle").fetchall() == [(3,)]
    conn.close()


def test_no_pin_is_told_plainly(data_dir: Path) -> None:
    relocdesk("staff", "add", "王芳", data_dir=data_dir, stdin="482913\n")
    out = relocdesk("--as", "王芳", "staff", "list", data_dir=data_dir, stdin="")
    assert out.returncode == 2
    assert "RELOCDESK_PIN" in out.stderr and "Traceback" not in out.stderr
    weak = relocdesk("staff", "pin", "王芳", data_dir=data_dir, stdin="12\n")
    assert weak.returncode == 2 and "secretary" in weak.stderr  # not signed in: refused first
