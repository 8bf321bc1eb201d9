"""The global search box: results as you type in a list under the box; Enter or click opens.

The popup never takes the keyboard: the line edit keeps focus, and Up/Down/Enter/Escape
typed in it move through the list. Each keystroke queues one search on the database
worker under one key, so typing fast runs only the latest query.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

if TYPE_CHECKING:
    from ui.tasks import TaskRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchBox(QLineEdit):
    """Emits ``household_chosen(household_id, person_id_or_empty)``."""

    household_chosen = Signal(str, str)
    results_shown = Signal(int)  # number of hits, after the list is on screen

    def __init__(
        self, tasks: TaskRunner, parent: QWidget | None = None, *, in_page: bool = False
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        # A box inside a page is narrower, and Ctrl+F goes to the window's box, not to it.
        self.in_page = in_page
        self.setObjectName("globalSearch")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.popup = QListWidget(self)
        self.popup.setObjectName("searchResults")
        self.popup.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setProperty("i18n_data", True)
        self.popup.itemClicked.connect(self._choose)
        self.textEdited.connect(self._typed)
        self.installEventFilter(self)
        self.last_query_started = 0.0
        self.last_results: list[Any] = []
        self.retranslateUi()

    def retranslateUi(self) -> None:
        if self.in_page:
            self.setPlaceholderText(self.tr("Name, pinyin, ID number, phone or room"))
        else:
            self.setPlaceholderText(
                self.tr("Search name, pinyin, ID number, phone or room (Ctrl+F)")
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _typed(self, text: str) -> None:
        self.last_query_started = time.perf_counter()
        query = text.strip()
        if not query:
            self.popup.hide()
            return
        self.tasks.run_read(
            lambda desk: desk.search(query, 30), self._show, self._failed, key="global-search"
        )

    def _failed(self, err: BaseException) -> None:
        self.popup.hide()

    def _show(self, hits: list[Any]) -> None:
        self.last_results = hits
        self.popup.clear()
        if not hits:
            item = QListWidgetItem(self.tr("Nothing found"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.popup.addItem(item)
        for hit in hits:
            kind = self.tr("person") if hit.kind == "person" else self.tr("household")
            item = QListWidgetItem(f"{hit.title}   {hit.detail}   [{kind}]")
            item.setData(HIT_ROLE, (hit.household_id, hit.id if hit.kind == "person" else ""))
            self.popup.addItem(item)
        self.popup.setCurrentRow(0 if hits else -1)
        width = max(self.width(), 420)
        rows = min(max(len(hits), 1), 12)
        self.popup.resize(width, rows * (self.popup.sizeHintForRow(0) or 22) + 6)
        self.popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup.show()
        self.results_shown.emit(len(hits))

    def _choose(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.popup.currentItem()
        if item is None:
            return
        data = item.data(HIT_ROLE)
        if not data:
            return
        self.popup.hide()
        self.household_chosen.emit(data[0], data[1])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            visible = self.popup.isVisible()
            if visible and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
                self.popup.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and visible:
                self._choose()
                return True
            if key == Qt.Key.Key_Escape and visible:
                self.popup.hide()
                return True
        if watched is self and event.type() == QEvent.Type.FocusOut:
            # Let a click on the list land before hiding it.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(150, self._hide_if_unfocused)
        return super().eventFilter(watched, event)

    def _hide_if_unfocused(self) -> None:
        if not self.hasFocus():
            self.popup.hide()

    def hideEvent(self, event: Any) -> None:
        self.popup.hide()
        super().hideEvent(event)
