"""Start-up: log file, exception hook, single instance, font, translator, database, window.

The database is opened and migrated on the database worker while the window is built, with
a splash on screen. On a first start (no community yet) the person chooses: an empty
community, the demo, or enrollment with the county server (ui.dialogs.first_run); then someone
signs in (ui.lock) before anything of the community shows. Two processes
never write the same database: a lock file next to it decides which one runs, and a second
start asks the first one (over a local socket) to come to the front, then exits.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import logging.handlers
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLockFile, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPixmap
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QSplashScreen, QWidget

from ui import collector, i18n
from ui.errors import friendly_message

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

log = logging.getLogger("relocdesk")

FONT_FILE = i18n.RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
DEMO_HOUSEHOLDS = 2000


# -- logging and errors -------------------------------------------------------------------
def setup_logging(data_dir: Path) -> Path:
    """A rotating log in the data folder: five files of 1 MB."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "relocdesk.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    from relocdesk.desk import Desk

    # ID and phone numbers masked: an unhandled error's message may quote a value.
    handler.setFormatter(
        Desk.log_format("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class ErrorHook:
    """Log every unhandled exception with its traceback; show the person a plain message."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self._showing = False
        self._box: QMessageBox | None = None

    def install(self) -> None:
        sys.excepthook = self
        threading.excepthook = self._thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self(args.exc_type, args.exc_value, args.exc_traceback)

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unhandled error", exc_info=(kind, value, tb))
        app = QCoreApplication.instance()
        if app is None or self._showing:
            return
        if threading.current_thread() is not threading.main_thread():
            QTimer.singleShot(0, app, lambda: self._show(value))
            return
        self._show(value)

    def before_the_window(self, value: BaseException) -> None:
        """An error before the app's event loop runs (the database key, opening the file):
        logged, and said in a box the person closes. The hook's own box is only opened, and
        with no event loop it was never drawn: the app ended without a word."""
        log.error("unhandled error before the window", exc_info=value)
        self._show(value, wait=True)

    def _show(self, value: BaseException, *, wait: bool = False) -> None:
        # open() while the event loop runs: a second error while this one shows must not nest
        # event loops. Before it runs, exec(): nothing else would draw the box.
        self._showing = True
        box = QMessageBox(QApplication.activeWindow())
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self._box = box  # without a parent, Python owns it: keep it alive while shown
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("app", "Something went wrong"))
        box.setText(friendly_message(value))
        if self.log_path is not None:
            box.setInformativeText(
                QCoreApplication.translate(
                    "app", "Nothing you already saved is lost. Details are in the log: %1"
                ).replace("%1", str(self.log_path))
            )
        if wait:
            box.exec()
        else:
            box.open()

    def _closed(self, _result: int) -> None:
        self._showing = False
        self._box = None


# -- one process per database -------------------------------------------------------------
class SingleInstance:
    """A lock file beside the database, and a local server a second start can wake."""

    def __init__(self, db_path: Path) -> None:
        self.lock = QLockFile(str(db_path) + ".lock")
        self.lock.setStaleLockTime(0)  # stale only when its process is gone
        digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:16]
        self.name = f"relocdesk-{digest}"
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        return bool(self.lock.tryLock(200))

    def wake_first(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(b"raise\n")
        socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return True

    def listen(self, on_wake: Callable[[], None]) -> None:
        QLocalServer.removeServer(self.name)
        self.server = QLocalServer()
        self.server.newConnection.connect(lambda: self._accept(on_wake))
        self.server.listen(self.name)

    def _accept(self, on_wake: Callable[[], None]) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.disconnected.connect(conn.deleteLater)
        on_wake()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()


def bring_to_front(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


# -- fonts --------------------------------------------------------------------------------
def load_font(app: QApplication) -> str:
    """Use the bundled WenQuanYi Micro Hei so Chinese never depends on the system's fonts.

    The family is set explicitly: Qt's own fallback picks Japanese glyph forms from Noto CJK.
    """
    family = ""
    if FONT_FILE.exists():
        font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = families[0] if families else ""
    if not family and FONT_FAMILY in QFontDatabase.families():
        family = FONT_FAMILY  # installed on the system (development machines, CI)
    if family:
        font = QFont(family)
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
    else:
        log.warning("no CJK font found; Chinese may show as boxes")
    return family


def create_application(argv: Sequence[str]) -> QApplication:
    QCoreApplication.setOrganizationName("RelocDesk")
    QCoreApplication.setApplicationName("RelocDesk")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    collector.collect_on_gui_thread(app)
    return app


# -- the database -------------------------------------------------------------------------
def opener(
    path: Path, demo_households: int, progress: Callable[[int, int], None] | None = None
) -> Callable[[], Desk]:
    """What the worker runs to open the database: migrate, and make the demo on first run."""

    def open_it() -> Desk:
        from relocdesk.desk import Desk

        desk = Desk(path)
        if desk.community_id or demo_households <= 0:
            return desk
        try:
            desk.make_demo(demo_households, progress)
        except BaseException:
            desk.close()
            raise
        return desk

    return open_it


def splash_screen() -> QSplashScreen:
    pixmap = QPixmap(520, 260)
    pixmap.fill(QColor("#1f5f8b"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("white"))
    font = QApplication.font()
    font.setPointSize(22)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        pixmap.rect().adjusted(0, -40, 0, -40),
        Qt.AlignmentFlag.AlignCenter,
        QCoreApplication.translate("app", "RelocDesk"),
    )
    painter.end()
    splash = QSplashScreen(pixmap)
    splash.showMessage(
        QCoreApplication.translate("app", "Opening the community database…"),
        Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
        QColor("white"),
    )
    return splash


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="relocdesk-app")
    parser.add_argument("--data-dir", help="data directory (default: the user data directory)")
    parser.add_argument("--language", choices=i18n.LANGUAGES)
    parser.add_argument(
        "--demo-households",
        type=int,
        help="on a first start, make a demo of this many households without asking"
        " (default: ask what to start with)",
    )
    parser.add_argument("--page", default="today", help="the page shown first (default: today)")
    parser.add_argument(
        "--self-check",
        metavar="DIR",
        help="try the program (language, printing) on the open community, write what was"
        " found to DIR and quit: 0 when all worked",
    )
    parser.add_argument(
        "--benchmark-startup",
        action="store_true",
        help="print the time to a usable window and quit",
    )
    args, _qt_args = parser.parse_known_args(list(argv)[1:])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    phase("ui.app imported")
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    from relocdesk.desk import Desk

    db_path = Desk.database_in(args.data_dir)
    data_dir = db_path.parent
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = setup_logging(data_dir)
    app = create_application(argv)
    i18n.install(args.language)
    load_font(app)
    hook = ErrorHook(log_path)
    hook.install()

    instance = SingleInstance(db_path)
    if not instance.acquire():
        # Two processes must never write one database: this one only wakes the other.
        log.info("already running with %s: waking that window", db_path)
        if not instance.wake_first():
            QMessageBox.information(
                None,
                QCoreApplication.translate("app", "RelocDesk"),
                QCoreApplication.translate(
                    "app", "RelocDesk is already running with this database."
                ),
            )
        return 0
    try:
        from ui.dialogs.passphrase import unlock_before_opening

        # The database key first: a passphrase where there is no keyring, and a database
        # from before encryption encrypted once, with progress. Quitting here changes nothing.
        if not unlock_before_opening(db_path):
            return 0
        return run(app, db_path, args, instance)
    except Exception as e:
        hook.before_the_window(e)
        return 1
    finally:
        instance.release()


def run(
    app: QApplication, db_path: Path, args: argparse.Namespace, instance: SingleInstance
) -> int:
    from ui.damaged_start import offer_backup
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    splash = None if args.benchmark_startup else splash_screen()
    if splash is not None:
        splash.show()
        app.processEvents()
    tasks = TaskRunner()
    state: dict[str, Any] = {}

    def opened(info: Any) -> None:
        phase("database open")
        log.info("database open: %s", db_path)
        if not info["community_id"] and args.demo_households is None:
            # A first start: nothing is made before the person chooses what to start with.
            if splash is not None:
                splash.close()
            first_run(tasks, args.page, show_window, app.quit)
            return
        if splash is not None:
            splash.finish(state["window"])
        show_window(args.page)

    def show_window(page: str) -> None:
        window: MainWindow = state["window"]
        # The first page before show(): a navigation list without a current row would
        # pick row 0 when it gets focus, and build that page too.
        window.start(page)
        window.show()
        phase("window shown")
        sign_in(window, tasks)
        self_check_when_asked(app, window, tasks, args.self_check)
        if args.benchmark_startup:
            # Usable: on screen, and the reader that serves search and lists is open.
            tasks.run_read(lambda _d: None, lambda _v: benchmark_usable(app))
            tasks.barrier(lambda: QTimer.singleShot(0, lambda: benchmark_ready(app, window)))

    def failed(err: BaseException) -> None:
        if splash is not None:
            splash.close()
        # A damaged file: the newest backup offered once (ui.damaged_start).
        if not state.get("offered") and offer_backup(
            db_path, err, from_backup, lambda: failed(err)
        ):
            state["offered"] = True
            return
        open_failed(err)
        app.exit(2)

    def from_backup(source: Path) -> None:
        from relocdesk.desk import Desk

        tasks.open(lambda: Desk.open_from_backup(db_path, source), opened, failed)

    demo_progress = splash_progress(splash, tasks)
    tasks.open(opener(db_path, args.demo_households or 0, demo_progress), opened, failed)
    # Build the window while the worker opens the database.
    phase("application ready, database opening")
    window = MainWindow(tasks)
    window.restore_geometry()
    phase("window built")
    state["window"] = window

    def woken() -> None:
        log.info("a second start woke this window")
        bring_to_front(window)

    instance.listen(woken)
    try:
        return int(app.exec())
    finally:
        tasks.close()


def splash_progress(splash: QSplashScreen | None, tasks: TaskRunner) -> Callable[[int, int], None]:
    """The demo's progress on the splash screen (called on the worker)."""

    def said(done: int, total: int) -> None:
        text = (
            QCoreApplication.translate(
                "app", "First start: creating the demo community (%1 of %2 households)…"
            )
            .replace("%1", f"{done:,}")
            .replace("%2", f"{total:,}")
        )
        if splash is not None:
            tasks.run_on_main(
                lambda: splash.showMessage(
                    text,
                    Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
                    QColor("white"),
                )
            )

    return said


def first_run(
    tasks: TaskRunner, page: str, show_window: Callable[[str], None], quit_app: Callable[[], None]
) -> None:
    """Ask what to start with: an empty community, the demo, or enrollment with the county."""
    from ui.dialogs.first_run import FirstRunDialog

    dialog = FirstRunDialog(tasks, DEMO_HOUSEHOLDS, page)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: show_window(dialog.page))
    dialog.rejected.connect(quit_app)
    FIRST_RUN.append(dialog)  # no parent window yet: keep it alive while it shows
    dialog.finished.connect(lambda _r: FIRST_RUN.remove(dialog))
    dialog.open()


FIRST_RUN: list[QWidget] = []


def sign_in(window: MainWindow, tasks: TaskRunner) -> None:
    """Cover the window until someone signs in (or makes the first account); it locks
    again after the idle time and on Ctrl+L (ui.lock)."""
    from ui.lock import LockScreen

    window.lock_screen = LockScreen(window, tasks)
    window.lock_screen.start()


def self_check_when_asked(
    app: QApplication, window: MainWindow, tasks: TaskRunner, folder: str | None
) -> None:
    """``--self-check DIR``: once the first loads are done, try the program (ui.self_check)."""
    if folder:
        from ui import self_check

        tasks.barrier(lambda: self_check.start(app, window, Path(folder)))


def open_failed(err: BaseException) -> None:
    """The database would not open: log why, tell the person plainly (no traceback)."""
    log.error("database could not be opened", exc_info=err)
    QMessageBox.critical(
        None,
        QCoreApplication.translate("app", "RelocDesk"),
        QCoreApplication.translate("app", "The community database could not be opened.")
        + "\n"
        + friendly_message(err),
    )


PHASES: list[tuple[str, float]] = []


def benchmark_usable(app: QApplication) -> None:
    app.processEvents()
    phase("usable: window drawn, search and lists answer")
    print(f"usable {time.time():.4f}", flush=True)


def phase(name: str) -> None:
    """Start-up phases, printed by --benchmark-startup (where the 1.5 s go)."""
    PHASES.append((name, time.time()))


def benchmark_ready(app: QApplication, window: MainWindow) -> None:
    app.processEvents()
    phase("first page loaded and drawn")
    rss_mb = resident_mb()
    for name, at in PHASES:
        print(f"phase {at:.4f} {name}", flush=True)
    print(f"ready {time.time():.4f} rss_mb {rss_mb:.1f}", flush=True)
    if os.environ.get("RELOCDESK_BENCH_SCREENSHOT"):
        window.grab().save(os.environ["RELOCDESK_BENCH_SCREENSHOT"])
    window.close()
    app.quit()


def resident_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
