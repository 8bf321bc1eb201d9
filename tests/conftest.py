"""Shared fixtures: real SQLite files in tmp dirs, built through the façade."""

from __future__ import annotations

import atexit
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from sqlcipher3 import dbapi2

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Every database is encrypted with the device's key, kept in the OS keyring. The tests get a
# real keyring backend of their own (keyrings.alt's file keyring, in a folder of this run),
# so this machine's keyring is never touched and a machine without one (CI) runs the same
# path; the child processes a test starts inherit it. The passphrase path, for a machine
# without a keyring, has its own tests (tests/test_encryption.py, tests/test_no_keyring.py,
# tests/ui/test_passphrase_dialog.py).
_KEYS = Path(tempfile.mkdtemp(prefix="relocdesk-test-keys-"))
atexit.register(shutil.rmtree, _KEYS, True)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(_KEYS / "data")
os.environ["RELOCDESK_KEY_FILE"] = str(_KEYS / "database-key.json")

from relocdesk.desk import Desk  # noqa: E402
from relocdesk.store import database_key  # noqa: E402

DATABASE_KEY = database_key.database_key()
_OPEN = dbapi2.connect  # before any test wraps it

_seq = itertools.count(1)


@pytest.fixture
def desk_factory(tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    """Make as many desks as a test needs, each a fresh database with its own community."""
    made: list[Desk] = []

    def make(name: str = "锦绣社区", *, path: Path | None = None, community: bool = True) -> Desk:
        desk = Desk(path or tmp_path / f"desk{next(_seq)}.db")
        if community and not desk.community_id:
            desk.create_community(name, county="惠水县", township="和平镇")
        made.append(desk)
        return desk

    yield make
    for d in made:
        d.close()


@pytest.fixture
def desk(desk_factory: Callable[..., Desk]) -> Desk:
    return desk_factory()


def connect(path: str | Path, **kwargs: Any) -> sqlite3.Connection:
    """A test's own connection to a community database file, with the device's key: opened
    with the driver directly (not through the store, and not counted as one the app opened).
    Rows are plain tuples, as the standard module gives them."""
    kwargs.setdefault("isolation_level", None)
    conn: Any = _OPEN(str(path), **kwargs)
    conn.execute(f"PRAGMA key = \"x'{DATABASE_KEY.hex()}'\"")
    # The page MAC the app writes (docs/encryption.md), said here rather than read from the
    # store: a file written any other way does not open.
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
    return cast(sqlite3.Connection, conn)


def frame(conn: Any, sql: str) -> Any:
    """A query's rows as a pandas DataFrame (pandas reads only the standard module's
    connections without SQLAlchemy)."""
    import pandas as pd

    cur = conn.execute(sql)
    names = [d[0] for d in cur.description]
    return pd.DataFrame.from_records([tuple(r) for r in cur], columns=names, coerce_float=True)


def add_household(
    desk: Desk, *, building: str = "3", unit: int = 2, room: str = "501", **fields: Any
) -> dict[str, Any]:
    b = desk.buildings.find(number=building)
    building_row = b[0] if b else desk.buildings.create(number=building, units=4, floors=18)
    values: dict[str, Any] = {
        "building_id": building_row["id"],
        "unit": unit,
        "room": room,
        "household_no": f"HH{next(_seq):05d}",
    }
    values.update(fields)
    return desk.households.create(**values)


# -- threads left behind --------------------------------------------------------------------
# A full run once died of "Fatal Python error: Bus error" with more than a hundred threads
# left by earlier tests (servers' password pools, county refreshers, snapshot builders, a
# proxy's handlers). A test module must end with no more threads than it began with, give
# or take THREADS_SPARE, once threads on their way out have had THREADS_GRACE seconds.
THREADS_SPARE = 2
THREADS_GRACE = 5.0
_THREADS_LEFT: list[str] = []


def threads_left(before: set[threading.Thread], grace: float = THREADS_GRACE) -> list[str]:
    """Names of the threads alive now that were not in ``before``, after waiting up to
    ``grace`` seconds for them to end (not waiting once within THREADS_SPARE)."""
    deadline = time.monotonic() + grace
    while True:
        new = [
            t
            for t in threading.enumerate()
            # a foreign thread (Qt's) that once ran Python stays listed for good as a dummy
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        if len(new) <= THREADS_SPARE or time.monotonic() >= deadline:
            return sorted(t.name for t in new)
        time.sleep(0.05)


@pytest.fixture(scope="module", autouse=True)
def _threads_stopped(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the module that leaves threads running (its last test's teardown errs)."""
    before = set(threading.enumerate())
    yield
    left = threads_left(before)
    if len(left) > THREADS_SPARE:
        counts = Counter(re.sub(r"\d+", "N", name) for name in left)
        told = ", ".join(f"{name} x{n}" for name, n in counts.most_common())
        _THREADS_LEFT.append(f"{request.module.__name__}: {len(left)} threads ({told})")
        pytest.fail(f"threads left running after the module: {told}", pytrace=False)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _THREADS_LEFT:
        terminalreporter.section("threads left running by test modules")
        for line in _THREADS_LEFT:
            terminalreporter.write_line(line)
