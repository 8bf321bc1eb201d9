"""Start-up and the machinery under every screen: the real process, the single-instance
guard, the error hook, and the task runner (DB work only on its worker; coalescing;
progress and cancel)."""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import type_text, wait_idle

ROOT = Path(__file__).resolve().parents[2]


def test_gui_thread_never_runs_a_query(window: Any, qtbot: Any) -> None:
    """Search, lists, sorting, scrolling, a household file: every statement on the worker.

    The fixture traces every SQL statement of the app's connection and fails the test if
    one ran on another thread, or if any connection was opened on the GUI thread.
    """
    guard = window.tasks.guard
    type_text(qtbot, window.search, "wang")
    wait_idle(qtbot, window)
    people = window.show_page("people")
    wait_idle(qtbot, window)
    people.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    people.view.scrollToBottom()
    wait_idle(qtbot, window)
    window.open_household(people.model.household_id(0))
    wait_idle(qtbot, window)
    for key in ("today", "referrals", "visits", "warnings", "dashboard"):
        window.show_page(key)
        wait_idle(qtbot, window)
    assert guard.statements > 50
    assert guard.violations == []
    assert sorted(guard.threads) == ["relocdesk-db", "relocdesk-read-1", "relocdesk-read-2"]
    assert threading.current_thread() is threading.main_thread()


def test_guard_catches_a_query_off_the_worker(tmp_path: Path) -> None:
    from relocdesk.desk import Desk
    from ui.tasks import DatabaseGuard

    guard = DatabaseGuard()
    holder: dict[str, Desk] = {}

    def open_on_worker() -> None:
        holder["desk"] = Desk(tmp_path / "g.db", check_same_thread=False)
        guard.attach(holder["desk"])
        holder["desk"].unsent_count()

    worker = threading.Thread(target=open_on_worker)
    worker.start()
    worker.join()
    assert guard.violations == []
    holder["desk"].unsent_count()  # on this (the GUI) thread: caught
    assert guard.violations and "MainThread" in guard.violations[0]
    holder["desk"].close()


def test_runner_coalesces_and_delivers_on_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

    tasks = TaskRunner()
    opened: list[Any] = []
    tasks.open(lambda: Desk(tmp_path / "c.db"), opened.append)
    qtbot.waitUntil(lambda: bool(opened))
    gate = threading.Event()
    tasks.run_db(lambda _d: gate.wait(5))  # hold the worker so the next five queue up
    got: list[tuple[int, bool]] = []

    def delivered(value: int) -> None:
        got.append((value, threading.current_thread() is threading.main_thread()))

    for n in range(5):
        tasks.run_db(
            functools.partial(lambda value, _desk: value, n),
            delivered,
            key="typing",
        )
    gate.set()
    done: list[bool] = []
    tasks.barrier(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done))
    assert got == [(4, True)]
    errors: list[BaseException] = []
    tasks.run_db(lambda _d: 1 / 0, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)
    tasks.close()


def test_long_work_reports_progress_and_cancels(qtbot: Any, tmp_path: Path) -> None:
    from relocdesk.desk import Desk
    from ui.tasks import Cancelled, TaskRunner

    tasks = TaskRunner()
    opened: list[Any] = []
    tasks.open(lambda: Desk(tmp_path / "p.db"), opened.append)
    qtbot.waitUntil(lambda: bool(opened))
    seen: list[int] = []
    failed: list[BaseException] = []

    def work(_desk: Any, progress: Any) -> int:
        for i in range(1000):
            if progress.cancelled:
                raise Cancelled()
            progress.report(i, 1000)
            seen.append(i)
            time.sleep(0.002)
        return 1000

    task = tasks.run_long(work, None, failed.append, label="…")
    qtbot.waitUntil(lambda: len(seen) > 20)
    assert task.progress is not None
    task.progress.cancel()  # what the dialog's Cancel button does
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert isinstance(failed[0], Cancelled)
    assert len(seen) < 1000
    finished: list[int] = []

    def short(_desk: Any, progress: Any) -> int:
        progress.report(1, 1)
        return 7

    tasks.run_long(short, finished.append)
    qtbot.waitUntil(lambda: bool(finished))
    assert finished == [7]
    tasks.close()


def test_single_instance_guard_wakes_the_first(qtbot: Any, tmp_path: Path) -> None:
    from ui.app import SingleInstance

    db = tmp_path / "community.db"
    first = SingleInstance(db)
    assert first.acquire()
    woken: list[bool] = []
    first.listen(lambda: woken.append(True))
    second = SingleInstance(db)
    assert not second.acquire()
    # The second start knocks; the first one hears it on its event loop.
    thread = threading.Thread(target=second.wake_first)
    thread.start()
    qtbot.waitUntil(lambda: bool(woken), timeout=5000)
    thread.join()
    first.release()
    third = SingleInstance(db)
    assert third.acquire()
    third.release()


def test_an_error_before_the_window_is_said_until_the_person_closes_it(
    qtbot: Any, tmp_path: Path, qapp: Any
) -> None:
    """At start, before the event loop (the database key, the file): the box the hook only
    opened was never drawn, and the app ended without a word."""
    from PySide6.QtCore import QTimer

    from relocdesk.keystore import KeystoreUnavailable
    from ui import i18n
    from ui.app import ErrorHook, setup_logging

    i18n.install("zh_CN")
    hook = ErrorHook(setup_logging(tmp_path))
    read: list[str] = []

    def read_and_close() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible():
                read.append(w.text())
                w.accept()

    timer = QTimer()
    timer.timeout.connect(read_and_close)
    timer.start(50)
    try:
        hook.before_the_window(KeystoreUnavailable("policy"))  # returns once it is closed
    finally:
        timer.stop()
    assert len(read) == 1 and "密钥库" in read[0] and "Traceback" not in read[0]
    i18n.install("en")


def test_error_hook_logs_details_and_shows_a_plain_message(
    qtbot: Any, tmp_path: Path, qapp: Any
) -> None:
    from relocdesk.validation import ValidationError
    from ui import i18n
    from ui.app import ErrorHook, setup_logging
    from ui.errors import friendly_message

    i18n.install("zh_CN")
    log_path = setup_logging(tmp_path)
    hook = ErrorHook(log_path)
    try:
        raise RuntimeError("secret internal detail")
    except RuntimeError as e:
        hook(type(e), e, e.__traceback__)

    def boxes() -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog"
        ]

    qtbot.waitUntil(lambda: bool(boxes()), timeout=3000)
    box = boxes()[-1]
    shown = box.text() + box.informativeText()
    assert "Traceback" not in shown and "secret internal detail" not in shown
    assert "重试" in shown
    box.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_path.read_text("utf-8")
    assert "Traceback" in logged and "secret internal detail" in logged
    err = ValidationError("id_number", "checksum", "校验位不对", "wrong check character")
    assert friendly_message(err) == "校验位不对"
    i18n.install("en")
    assert friendly_message(err) == "wrong check character"
    i18n.install("zh_CN")
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "") == str(log_path):
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.mark.timeout(120)
def test_app_process_starts_and_remembers_geometry(ui_db: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "RELOCDESK_DATA_DIR": str(ui_db.parent),
    }
    shot = tmp_path / "start.png"
    env["RELOCDESK_BENCH_SCREENSHOT"] = str(shot)
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--benchmark-startup"],
        capture_output=True,
        text=True,
        env=env,
        timeout=100,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ready" in run.stdout
    assert (ui_db.parent / "logs" / "relocdesk.log").exists()
    assert shot.exists() and shot.stat().st_size > 5000
    settings = list((tmp_path / "cfg").rglob("*.conf"))
    assert settings and "geometry" in settings[0].read_text()
    assert not Path(str(ui_db) + ".lock").exists()  # released on the way out


def test_unreadable_database_says_so_without_a_traceback(
    qtbot: Any, tmp_path: Path, qapp: Any
) -> None:
    from PySide6.QtCore import QTimer

    from ui import i18n
    from ui.app import open_failed, opener

    i18n.install("zh_CN")
    db = tmp_path / "community.db"
    db.write_bytes(b"this is not a database" * 100)
    # What the start-up's database worker runs; its error goes to open_failed on the GUI.
    with pytest.raises(Exception) as raised:
        opener(db, 0)()
    shown: list[str] = []

    def answer() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                shown.append(w.text())
                w.accept()
                return
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    open_failed(raised.value)
    assert shown and "无法打开社区数据库" in shown[0]
    assert "无法读取数据库，请联系县里的信息技术人员" in shown[0]  # what to do next
    assert "Traceback" not in shown[0] and "not a database" not in shown[0]


def test_no_result_is_handed_over_after_close(qtbot: Any) -> None:
    """A network job still running when the window closes must not call back into it."""
    from ui.tasks import TaskRunner

    tasks = TaskRunner()
    gate, ran = threading.Event(), threading.Event()
    got: list[str] = []

    def slow() -> str:
        gate.wait(5)
        ran.set()
        return "late"

    tasks.run_net(slow, got.append, got.append)
    tasks.close()
    gate.set()
    assert ran.wait(5)
    qtbot.wait(200)  # the queued result, if any, is drained by now
    assert got == []


def test_window_geometry_comes_back_next_start(window: Any, qtbot: Any) -> None:
    from ui.main_window import MainWindow

    # Inside the offscreen screen (800 x 600): restoreGeometry keeps a window on screen.
    window.resize(700, 500)
    window.move(40, 30)
    # Every page fits an 800-pixel screen (test_narrow_window): the window takes 700 x 500
    # as asked, and exactly that comes back.
    shown = (window.width(), window.height())
    window.close()  # saves geometry and state (QSettings, per test: see conftest)
    again = MainWindow(window.tasks)
    qtbot.addWidget(again)
    again.restore_geometry()
    assert shown == (700, 500)
    assert (again.width(), again.height()) == shown


def test_a_geometry_from_another_screen_starts_at_the_default_size(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QByteArray, QSettings, QSize

    from ui.main_window import MainWindow
    from ui.widgets.screen_fit import FRAME_ALLOWANCE

    # Saved on a screen that is gone, far off this one: Qt brings it back on screen.
    window.resize(700, 500)
    window.move(5000, 4000)
    window.close()
    off = MainWindow(window.tasks)
    qtbot.addWidget(off)
    off.restore_geometry()
    assert off.screen().availableGeometry().intersects(off.frameGeometry())

    # Written by a Qt that used another format: it does not restore, and must not leave the
    # window at Qt's bare minimum (this happened: a 200 x 100 window on a real desktop).

    QSettings().setValue("window/geometry", QByteArray(b"\x01\xd9\xd0\xcb not a geometry"))
    unreadable = MainWindow(window.tasks)
    qtbot.addWidget(unreadable)
    unreadable.restore_geometry()
    # the default size, 1280 x 800, made no larger than this 800-point screen's free area
    free = unreadable.screen().availableGeometry().size() - FRAME_ALLOWANCE
    assert unreadable.size() == QSize(1280, 800).boundedTo(free)


def _log_lines(path: Path, text: str) -> int:
    try:
        return path.read_text("utf-8").count(text)
    except FileNotFoundError:
        return 0


@pytest.mark.timeout(60)
def test_second_process_wakes_the_first_and_never_opens_the_database(
    ui_db: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "RELOCDESK_DATA_DIR": str(ui_db.parent),
    }
    log_file = ui_db.parent / "logs" / "relocdesk.log"
    command = [sys.executable, str(ROOT / "main.py"), "--page", "households"]
    errors = tmp_path / "first.stderr"
    with errors.open("wb") as sink:  # a file, not a pipe nobody reads until the end
        first = subprocess.Popen(
            command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=sink
        )
    try:
        deadline = time.monotonic() + 30
        while _log_lines(log_file, "database open:") < 1:
            assert first.poll() is None, errors.read_text("utf-8", "replace")[-2000:]
            assert time.monotonic() < deadline, "the first window never opened its database"
            time.sleep(0.1)
        second = subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=20
        )
        assert second.returncode == 0, second.stderr[-2000:]
        assert "Traceback" not in second.stderr
        deadline = time.monotonic() + 10
        while _log_lines(log_file, "a second start woke this window") < 1:
            assert time.monotonic() < deadline, "the first window was not woken"
            time.sleep(0.1)
        assert _log_lines(log_file, "already running with") == 1
        assert _log_lines(log_file, "database open:") == 1  # only the first opened it
        assert first.poll() is None  # the first keeps running
    finally:
        first.terminate()
        first.wait(timeout=20)
