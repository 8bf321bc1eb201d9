"""Move a member to another household: find it by room, name or number, then move them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.shell import Shell

Row = dict[str, Any]
T = QCoreApplication.translate


class MoveMemberDialog(QDialog):
    """Find the household a member moves to (by room, name or number) and move them."""

    moved = Signal()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # a small laptop screen: the buttons stay on it

    def __init__(self, window: Shell, member: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveMemberDialog")
        self.tasks = window.tasks
        self.member = member
        self.query = QLineEdit()
        self.query.setObjectName("moveSearch")
        self.results = QListWidget()
        self.results.setObjectName("moveResults")
        self.results.setProperty("i18n_data", True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setProperty("i18n_data", True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.do_move)
        self.buttons.rejected.connect(self.reject)
        self.query.textEdited.connect(self._search)
        self.results.itemDoubleClicked.connect(lambda _i: self.do_move())
        self.prompt = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(T("HouseholdDetail", "Move to another household"))
        self.prompt.setText(
            T(
                "HouseholdDetail", "Find the household %1 moves to (room, name or household no.):"
            ).replace("%1", member["name"])
        )
        self.resize(480, 400)

    def _search(self, text: str) -> None:
        current = self.member["household_id"]

        def find(desk: Desk) -> list[tuple[str, str]]:
            seen: dict[str, str] = {}
            for hit in desk.search(text, 40):
                if hit.household_id != current and hit.household_id not in seen:
                    label = hit.title if hit.kind == "household" else f"{hit.detail} {hit.title}"
                    seen[hit.household_id] = label
            return list(seen.items())

        self.tasks.run_read(find, self._show, key="move-member-search")

    def _show(self, found: list[tuple[str, str]]) -> None:
        self.results.clear()
        for hid, label in found:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hid)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)

    def do_move(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.error.setText(T("HouseholdDetail", "Choose a household first."))
            return
        target, pid = item.data(Qt.ItemDataRole.UserRole), self.member["id"]

        def done(_row: Any) -> None:
            self.moved.emit()
            self.accept()

        def failed(err: BaseException) -> None:
            from ui.errors import friendly_message

            self.error.setText(friendly_message(err))

        self.tasks.run_db(lambda desk: desk.people.move(pid, target), done, failed)
