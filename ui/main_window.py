"""The main window: navigation built from the page registry, global search, status bar.

Pages are created the first time they are shown. The household file (一户一档) is a page
of its own outside the navigation; ``open_household(id)`` shows it and remembers where the
person came from, so Back (Alt+Left) returns there.
"""

from __future__ import annotations

import datetime
import html
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from ui import i18n, pages
from ui.tasks import TaskRunner
from ui.widgets.placeholder import PlaceholderPage
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.search_box import SearchBox
from ui.work_pages import DAY

if TYPE_CHECKING:
    from relocdesk.queries.status import SyncStatus

log = logging.getLogger("relocdesk.ui.window")

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_REFRESH_MS = 5000


class MainWindow(QMainWindow):
    data_changed = Signal(str)  # table name, after any save
    household_opened = Signal(str)  # household id, once its file is on screen
    language_changed = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.tasks = tasks
        self.pages: dict[str, QWidget] = {}
        self._specs: dict[str, pages.PageSpec] = {}
        self._history: list[str] = []
        self._detail: Any = None
        self.lock_screen: Any = None  # ui.lock.LockScreen once the app has started (app.py)
        pages.discover()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(0, 0))
        self.stack = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        for spec in pages.navigation():
            self._specs[spec.key] = spec
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.back_action = QAction(self)
        self.back_action.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.back_action.triggered.connect(self.go_back)
        self.toolbar.addAction(self.back_action)
        self.search = SearchBox(tasks)
        self.search.household_chosen.connect(lambda hid, _pid: self.open_household(hid))
        self.toolbar.addWidget(self.search)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        from ui import keys

        keys.install_undo(self)
        self.language_button = QToolButton()
        self.language_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.language_button)
        self.lang_zh = menu.addAction("中文")
        self.lang_en = menu.addAction("English")
        self.lang_zh.triggered.connect(lambda: self.set_language("zh_CN"))
        self.lang_en.triggered.connect(lambda: self.set_language("en"))
        self.language_button.setMenu(menu)
        self.toolbar.addWidget(self.language_button)
        from ui.help import HelpButton

        self.help_button = HelpButton(self)
        self.toolbar.addWidget(self.help_button)

        self._build_status_bar()
        self.retranslateUi()
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._day = datetime.date.today()
        self._status_timer.timeout.connect(self._watch_day)
        self.data_changed.connect(lambda _t: self.refresh_status())

    # -- status bar (places the sync engineer fills) -------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_online = QLabel()
        self.status_unsent = QLabel()
        self.status_last_sync = QLabel()
        self.status_conflicts = QLabel()
        self.status_error = QLabel()
        self.status_error.setStyleSheet("color: #b00020")
        self.status_update = QLabel()
        self.status_update.setObjectName("statusUpdate")
        self.status_update.setOpenExternalLinks(True)
        self.status_update.setStyleSheet("color: #1f5f8b")
        for w in (
            self.status_online,
            self.status_unsent,
            self.status_last_sync,
            self.status_conflicts,
        ):
            w.setObjectName("status_" + str(id(w)))
            w.setContentsMargins(10, 0, 10, 0)  # the four facts read as separate items
            bar.addPermanentWidget(w)
        bar.addWidget(self.status_error, 1)
        bar.addWidget(self.status_update)
        self._newer: tuple[str, str] = ("", "")
        self._online: bool | None = None
        self._unsent: int | None = None
        self._last_sync = ""
        self._conflicts = 0
        self._error = ""
        self._sync_error = ""
        self._sync_error_code = ""

    def set_online(self, online: bool | None) -> None:
        self._online = online
        self._paint_status()

    def set_last_sync(self, when: str) -> None:
        """``when`` is already formatted for people (e.g. "10:42" or "2026-11-20 10:42")."""
        self._last_sync = when
        self._paint_status()

    def set_conflicts(self, count: int) -> None:
        self._conflicts = count
        self._paint_status()

    def set_status_error(self, text: str) -> None:
        self._error = text
        self._paint_status()

    def set_sync_error(self, stored: str, code: str) -> None:
        """The sync engine's last failure as it stored it ('' once a sync succeeded)."""
        self._sync_error, self._sync_error_code = stored, code
        self._paint_status()

    def refresh_status(self) -> None:
        if self.tasks.is_open:
            self.tasks.run_db(
                lambda desk: desk.sync_status(),
                self._got_status,
                lambda _e: None,
                key="status-unsent",
            )

    def _watch_day(self) -> None:
        """After midnight every page that counts days from today loads again, and Today
        evaluates the new day's warnings: left open overnight, the app went on showing
        yesterday's visits due, waiting days and warnings until someone pressed Reload."""
        today = datetime.date.today()
        if today != self._day:
            self._day = today
            self.data_changed.emit(DAY)

    def _got_status(self, status: SyncStatus) -> None:
        self._unsent = status.unsent
        self._newer = (status.newer_version, status.download)
        self._sync_error, self._sync_error_code = status.last_error, status.last_error_code
        self._paint_status()

    def _paint_status(self) -> None:
        if self._online is None:
            self.status_online.setText(self.tr("Not enrolled"))
        else:
            self.status_online.setText(self.tr("Online") if self._online else self.tr("Offline"))
        self.status_unsent.setText(
            self.tr("Unsent changes: %1").replace(
                "%1", "—" if self._unsent is None else str(self._unsent)
            )
        )
        self.status_last_sync.setText(
            self.tr("Last sync: %1").replace("%1", self._last_sync or self.tr("never"))
        )
        self.status_conflicts.setText(self.tr("Conflicts: %1").replace("%1", str(self._conflicts)))
        error = self._error
        if not error and self._sync_error:
            # A sync that failed in the background (or from the command line) says so too.
            from ui.views.sync_page import sync_error_text

            error = sync_error_text(self._sync_error, self._sync_error_code)
        self.status_error.setText(error)
        version, download = self._newer
        if version:
            # The update notice: what the county's server announced at the last sync.
            text = self.tr("A newer version (%1) is available: %2").replace("%1", version)
            link = f'<a href="{html.escape(download)}">{html.escape(download)}</a>'
            self.status_update.setText(html.escape(text).replace("%2", link))
        self.status_update.setVisible(bool(version))

    # -- pages -------------------------------------------------------------------------
    def show_page(self, key: str, *, remember: bool = True) -> QWidget:
        widget = self.page(key)
        for row in range(self.nav.count()):
            if self.nav.item(row).data(KEY_ROLE) == key:
                if self.nav.currentRow() != row:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(row)
                    self.nav.blockSignals(False)
                break
        self._switch_to(key, widget, remember)
        return widget

    def page(self, key: str) -> QWidget:
        """The page widget of a key, created on first use."""
        widget = self.pages.get(key)
        if widget is None:
            spec = self._specs[key]
            try:
                widget = spec.build(self)
            except Exception:
                log.exception("page %s failed to build", key)
                widget = PlaceholderPage(spec.title)
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return widget

    def current_key(self) -> str:
        for key, widget in self.pages.items():
            if widget is self.stack.currentWidget():
                return key
        return ""

    def _switch_to(self, key: str, widget: QWidget, remember: bool = True) -> None:
        current = self.current_key()
        if remember and current and current != key:
            self._history.append(current)
            del self._history[:-20]
        self.stack.setCurrentWidget(widget)
        shown = getattr(widget, "page_shown", None)
        if callable(shown):
            shown()

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_page(self.nav.item(row).data(KEY_ROLE))

    def go_back(self) -> None:
        while self._history:
            key = self._history.pop()
            if key in self._specs:
                self.show_page(key, remember=False)
                return

    def open_household(self, household_id: str) -> None:
        """Show a household's file (一户一档). Pages call this to open a household."""
        if self._detail is None:
            self._detail = pages.HOUSEHOLD.build(self)
            self._detail.setObjectName("page_household")
            self.pages["household"] = self._detail
            self.stack.addWidget(self._detail)
        # The navigation keeps the page the household was opened from selected: clearing it
        # would let the list pick row 0 on its next focus-in and show that page as well.
        self._switch_to("household", self._detail)
        self._detail.load(household_id)
        # Opening a file is a look at the family's data: one audit row, under who is signed in.
        self.tasks.run_db(lambda desk: desk.opened_household(household_id))

    def notify_changed(self, table: str) -> None:
        """Pages call this after a save so every page showing that table refreshes."""
        self.data_changed.emit(table)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- language ------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        i18n.install(language, save=True)
        self.language_changed.emit(language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("RelocDesk — resettlement community desk"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setText(self._specs[item.data(KEY_ROLE)].translated_title())
        # As wide as its longest title, no wider: every pixel counts on an 800-pixel screen.
        frame = 2 * self.nav.frameWidth()
        self.nav.setFixedWidth(max(self.nav.sizeHintForColumn(0) + frame + 16, 90))
        self.back_action.setText(self.tr("Back"))
        self.back_action.setToolTip(self.tr("Back to the previous screen (Alt+Left)"))
        self.language_button.setText(self.tr("Language"))
        self.language_button.setProperty("i18n_menu_exempt", True)
        self._paint_status()

    # -- start and close -----------------------------------------------------------------
    def start(self, first_page: str = "today") -> None:
        """Called once the database is open: show the first page, start the status timer."""
        self.show_page(first_page if first_page in self._specs else self.nav.item(0).data(KEY_ROLE))
        self.refresh_status()
        self._status_timer.start()
        from ui import backup_schedule

        self._backup_timer = backup_schedule.schedule(self)

    def restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        # A geometry saved on another screen (a projector, a larger monitor unplugged since) may
        # not restore, or restore off screen: then start at the default size rather than tiny.
        if geometry is None or not self.restoreGeometry(geometry) or not self._on_screen():
            self.resize(1280, 800)
            fit_to_screen(self)  # 1366 x 768, or a larger screen at 125-150 %: on it, whole
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _on_screen(self) -> bool:
        available = self.screen().availableGeometry()
        shown = self.frameGeometry()
        return available.intersects(shown) and shown.width() >= 640 and shown.height() >= 400

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self._status_timer.stop()
        self.search.popup.hide()
        super().closeEvent(event)
