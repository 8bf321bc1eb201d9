"""A computer without a keyring: the command line works through the passphrase, and sync works
against a real county server on 127.0.0.1 with the device token kept in the encrypted
database.

Each command runs as its own process, as a person runs it, with keyring's ``fail`` backend
(what a headless Linux has) or its ``null`` one (a keyring switched off: before, the command
line and the app stopped at start, "the key did not read back"), and a key file of the
test's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.store import cipher
from tests.bench._plain import use_plain
from tests.conftest import add_household
from tests.sync.harness import County, quick_device

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "石榴花开 1984"
SQLITE_CLI = shutil.which("sqlite3")


# ``fail``: what a headless Linux has. ``null``: a keyring switched off (``keyring --disable``
# writes it into keyring's configuration), which takes every item and keeps none. And two
# that exist but cannot keep a key (tests/odd_keyrings.py): a Windows policy's refusal, and
# one that forgets. Before, all but ``fail`` stopped the app and the command line at start.
NO_KEYRING = [
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "tests.odd_keyrings.Refusing",
    "tests.odd_keyrings.Forgetful",
]


@pytest.fixture(params=NO_KEYRING, ids=["fail", "null", "refusing", "forgetful"])
def bare(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment of a computer without a keyring."""
    env = {k: v for k, v in os.environ.items() if k != "RELOCDESK_PASSPHRASE"}
    env["PYTHON_KEYRING_BACKEND"] = str(request.param)
    env["RELOCDESK_KEY_FILE"] = str(tmp_path / "key" / "database-key.json")
    env["RELOCDESK_DATA_DIR"] = str(tmp_path / "data")
    return env


def relocdesk(
    env: dict[str, str], *args: str, stdin: str = "", passphrase: str | None = None
) -> subprocess.CompletedProcess[str]:
    run_env = dict(env)
    if passphrase is not None:
        run_env["RELOCDESK_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=run_env,
    )


def init(env: dict[str, str], *extra: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return relocdesk(env, "init", "--name", "锦绣社区", "--county", "惠水县", *extra, stdin=stdin)


def test_the_command_line_asks_for_a_passphrase_and_sets_it(
    bare: dict[str, str], tmp_path: Path
) -> None:
    key_file = Path(bare["RELOCDESK_KEY_FILE"])
    refused = init(bare)
    assert refused.returncode == 2, refused.stderr
    assert "口令" in refused.stderr and "--passphrase-stdin" in refused.stderr
    assert "RELOCDESK_PASSPHRASE" in refused.stderr and "Traceback" not in refused.stderr
    assert not key_file.exists() and not (tmp_path / "data" / "community.db").exists()

    made = relocdesk(
        bare,
        "--passphrase-stdin",
        "init",
        "--name",
        "锦绣社区",
        "--county",
        "惠水县",
        stdin=PASSPHRASE + "\n",
    )
    assert made.returncode == 0, made.stderr
    assert key_file.exists() and PASSPHRASE not in key_file.read_text("utf-8")
    db = tmp_path / "data" / "community.db"
    assert db.read_bytes()[:16] != cipher.PLAIN_HEADER

    wrong = relocdesk(bare, "search", "王", passphrase="not the passphrase")
    assert wrong.returncode == 2 and "口令不正确" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    locked = relocdesk(bare, "search", "王")
    assert locked.returncode == 2 and "需要数据库口令" in locked.stderr
    right = relocdesk(bare, "search", "王", "--json", passphrase=PASSPHRASE)
    assert right.returncode == 0, right.stderr


@pytest.mark.skipif(SQLITE_CLI is None, reason="Debian's sqlite3 is installed by bootstrap")
def test_a_plain_database_is_encrypted_at_first_start_with_progress(
    bare: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "data" / "community.db"
    db.parent.mkdir()
    with use_plain(), Desk(db) as desk:  # as the app made it before encryption
        desk.create_community("锦绣社区", county="惠水县")
        h = add_household(desk)
        desk.people.create(household_id=h["id"], name="王秀英", relation="head")
        device_id = desk.device_id
    tool = subprocess.run([SQLITE_CLI or "", str(db), ".tables"], capture_output=True)
    assert tool.returncode == 0
    out = relocdesk(
        bare, "--passphrase-stdin", "search", "王秀英", "--json", stdin=PASSPHRASE + "\n"
    )
    assert out.returncode == 0, out.stderr
    assert "encrypting the database" in out.stderr and "100%" in out.stderr
    assert "rows checked" in out.stderr and "王秀英" in out.stdout
    tool = subprocess.run([SQLITE_CLI or "", str(db), ".tables"], capture_output=True, text=True)
    assert tool.returncode != 0 and "not a database" in tool.stderr
    # The device keeps its identity: the row came through.
    conn = cipher.connect(db, _key(bare))
    assert (
        conn.execute("SELECT value FROM settings WHERE key='device_id'").fetchone()[0] == device_id
    )
    conn.close()


def _key(env: dict[str, str]) -> bytes:
    """The key unwrapped by this process from the test's key file."""
    from relocdesk.store import database_key

    saved = os.environ.get(database_key.KEY_FILE_ENV)
    held = database_key._held
    os.environ[database_key.KEY_FILE_ENV] = env["RELOCDESK_KEY_FILE"]
    try:
        database_key.forget()
        return database_key.unlock(PASSPHRASE)
    finally:
        database_key._held = held
        if saved is None:
            os.environ.pop(database_key.KEY_FILE_ENV, None)
        else:
            os.environ[database_key.KEY_FILE_ENV] = saved


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    c = County(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    yield c
    c.close()


def test_sync_works_without_a_keyring(bare: dict[str, str], tmp_path: Path, county: County) -> None:
    enrolled = relocdesk(
        bare,
        "--passphrase-stdin",
        "enroll",
        "--server",
        county.url,
        "--user",
        county.user,
        "--password-stdin",
        stdin=f"{PASSPHRASE}\n{county.password}\n",
    )
    assert enrolled.returncode == 0, enrolled.stderr
    # Another device of the community (with a keyring) records a family and syncs it up.
    other = quick_device(county, county.community_id, county.user)
    b = other.desk.buildings.create(number="7", units=2, floors=6)
    h = other.desk.households.create(building_id=b["id"], unit=1, room="302", household_no="H7")
    other.desk.people.create(household_id=h["id"], name="龙秀英", relation="head")
    other.run()
    synced = relocdesk(bare, "sync", passphrase=PASSPHRASE)
    assert synced.returncode == 0, synced.stderr
    found = relocdesk(bare, "search", "龙秀英", "--json", passphrase=PASSPHRASE)
    assert found.returncode == 0 and "龙秀英" in found.stdout, found.stderr
    # The token sits in the encrypted database, and in no file anyone can read.
    db = tmp_path / "data" / "community.db"
    conn = cipher.connect(db, _key(bare))
    rows = conn.execute("SELECT value FROM settings WHERE key LIKE 'device_token|%'").fetchall()
    conn.close()
    assert len(rows) == 1 and len(rows[0][0]) >= 20
    token = rows[0][0]
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "server.db":
            assert token.encode() not in path.read_bytes(), path.name
