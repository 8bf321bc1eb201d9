"""UI fixtures: the real main window, offscreen, on a real demo database in a tmp dir.

The database is built once per session (``relocdesk.demo`` when it can run, else a small
community written through the façade) and copied for each test, so tests never share
state. The window's task runner runs with ``DatabaseGuard``: every SQL statement is traced
and any statement on a thread other than the DB worker is a failure.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import datetime
import random
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk.store import cipher
from tests.conftest import connect

HOUSEHOLDS = 300
# What the app's connections are opened with (the store's SQLCipher driver).
_CONNECT = cipher.dbapi2.connect
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, birth: datetime.date, seq: int) -> str:
    """A valid 18-character ID number (GB 11643 check character)."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W, strict=True)) % 11]


def _fill(desk: Any, households: int) -> None:
    """A small community through the façade, used while relocdesk.demo cannot run."""
    rng = random.Random(7)
    desk.create_community("幸福社区", county="惠水县", township="和平镇")
    surnames = "王李张刘陈杨黄赵吴周罗龙石杨吴"
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华"
    employment = [
        "local_job",
        "outside_county",
        "public_welfare",
        "flexible",
        "unemployed_willing",
        "not_seeking",
    ]
    seq = 0
    with desk.transaction():
        buildings = [desk.buildings.create(number=str(b), units=3, floors=6) for b in range(1, 9)]
        for n in range(households):
            b = buildings[n % len(buildings)]
            unit = 1 + (n // len(buildings)) % 3
            room = f"{1 + (n // 24) % 6}0{1 + n % 4}"
            h = desk.households.create(
                building_id=b["id"],
                unit=unit,
                room=room,
                household_no=f"HS{n + 1:05d}",
                origin_county="惠水县",
                origin_township="摆金镇",
                origin_village=f"村{n % 9}",
                monitored=int(n % 11 == 0),
                formerly_poor=int(n % 3 == 0),
                dibao="rural" if n % 7 == 0 else "none",
                income_wages=rng.randint(8000, 40000),
                income_transfers=rng.randint(0, 5000),
                phone=f"138{n:08d}",
            )
            surname = surnames[n % len(surnames)]
            members = []
            for m in range(2 + n % 4):
                seq += 1
                born = datetime.date(1960 + (n * 7 + m * 13) % 55, 1 + m % 12, 1 + n % 27)
                gender_seq = seq * 2 + (1 if m % 2 == 0 else 0)
                name = surname + given[(n + m * 5) % len(given)] + (given[m] if m > 1 else "")
                members.append(
                    desk.people.create(
                        household_id=h["id"],
                        name=name,
                        id_number=id_number("522731", born, gender_seq % 1000),
                        relation="head" if m == 0 else ("spouse" if m == 1 else "son"),
                        employment_status=employment[(n + m) % len(employment)],
                        ins_medical=int((n + m) % 13 != 0),
                        phone=f"139{seq:08d}",
                    )
                )
            desk.households.update(h["id"], head_person_id=members[0]["id"])


def build_database(path: Path, households: int = HOUSEHOLDS) -> Path:
    from relocdesk.desk import Desk

    try:
        from relocdesk import demo

        with Desk(path) as desk:
            demo.build(desk, households, seed=3)
        return path
    except ImportError:
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    with Desk(path) as desk:
        _fill(desk, households)
    return path


@pytest.fixture(autouse=True)
def _collect_on_gui_thread(qapp: Any) -> None:
    """As in the app: no collection on a worker thread (it may free Qt objects there)."""
    from ui.collector import collect_on_gui_thread

    collect_on_gui_thread(qapp)


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ui-template") / "community.db"
    build_database(path)
    conn = connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def ui_db(ui_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "community.db"
    path.parent.mkdir()
    shutil.copy(ui_template, path)
    return path


@pytest.fixture
def read_db(ui_db: Path) -> Iterator[Callable[[str, tuple[Any, ...]], list[sqlite3.Row]]]:
    """What the test itself reads back from the file (its own connection, not the app's)."""
    conns: list[sqlite3.Connection] = []

    def query(sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        conn = connect(ui_db)
        conn.row_factory = cipher.Row
        conns.append(conn)
        try:
            return list(conn.execute(sql, params))
        finally:
            conn.close()

    yield query


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> Iterator[None]:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@pytest.fixture
def connections_opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread name of every SQLite connection the app opens during the test."""
    opened: list[str] = []

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(threading.current_thread().name)
        conn: sqlite3.Connection = _CONNECT(*args, **kwargs)
        return conn

    monkeypatch.setattr(cipher.dbapi2, "connect", connect)
    return opened


@pytest.fixture
def language() -> str:
    return "zh_CN"


@pytest.fixture
def window(
    qtbot: Any, qapp: Any, ui_db: Path, language: str, connections_opened: list[str]
) -> Iterator[Any]:
    from relocdesk.desk import Desk
    from ui import i18n
    from ui.app import load_font
    from ui.main_window import MainWindow
    from ui.tasks import DatabaseGuard, TaskRunner

    qapp.setOrganizationName("RelocDesk-tests")
    load_font(qapp)
    i18n.install(language)
    guard = DatabaseGuard()
    tasks = TaskRunner(guard=guard)
    opened: list[Any] = []
    tasks.open(lambda: Desk(ui_db), opened.append)
    win = MainWindow(tasks)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    win.show()
    win.start("households")
    wait_idle(qtbot, win)
    yield win
    win.close()
    tasks.close()
    i18n.install("zh_CN")
    assert guard.statements > 0
    assert guard.violations == [], guard.violations
    assert "MainThread" not in connections_opened, connections_opened


def wait_idle(qtbot: Any, win: Any, timeout: int = 10000) -> None:
    """Wait until every database job queued so far has run and its result is delivered."""
    done: list[bool] = []
    win.tasks.barrier(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=timeout)
    qtbot.wait(5)
    # Results may queue more work (a page fetch after a reset): drain once more.
    done.clear()
    win.tasks.barrier(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=timeout)


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a person, Chinese too (QTest only knows ASCII keys; an IME sends text)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
