"""Settings → Backups: the copies kept in the data folder, one taken now, one put back.

Restoring asks first, keeps the current database aside, and says afterwards what was done
(the file kept aside, the integrity check, whether the next sync reconciles with the county
server). Every other page reloads, since every table may have changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.work_pages import WorkPage, error_text

# Pages reload on a change of the tables they watch: after a restore, all of them.
ALL_TABLES = (
    "household", "person", "referral", "visit", "need", "training", "warning_ack",
    "building", "building_head", "conflict", "audit", "settings",
)  # fmt: skip


class BackupsBox(WorkPage):
    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.box = QGroupBox()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backupsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(180)
        self.table.itemSelectionChanged.connect(self._selection)
        self.back_up = QPushButton()
        self.back_up.setObjectName("backUpNow")
        self.back_up.clicked.connect(self.take_now)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask_restore)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self._open_folder)
        self.note = QLabel()
        self.note.setObjectName("backupsNote")
        self.note.setWordWrap(True)
        self.note.setProperty("i18n_data", True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.back_up, self.restore_button, self.open_folder):
            buttons.addWidget(b)
        buttons.addStretch(1)
        inner = QVBoxLayout(self.box)
        inner.addWidget(self.explain)
        inner.addWidget(self.table)
        inner.addLayout(buttons)
        inner.addWidget(self.note)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.box)
        self.kept: list[Any] = []
        self.folder = ""
        self._confirm: QMessageBox | None = None
        self.retranslate()

    # -- the list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.run_read(lambda desk: (str(desk.backups.folder), desk.backups.kept()), self._show)

    def _show(self, found: tuple[str, list[Any]]) -> None:
        self.folder, self.kept = found
        self.table.clearSelection()  # the rows are new: a kept selection would point elsewhere
        self.table.setRowCount(len(self.kept))
        for row, b in enumerate(self.kept):
            cells = (
                b.taken_at.strftime("%Y-%m-%d %H:%M"),
                self._kind(b.kind),
                f"{b.size / 1024 / 1024:.1f} MB",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                self.table.setItem(row, col, item)
        self._selection()

    def _kind(self, kind: str) -> str:
        return {
            "daily": self.tr("Daily"),
            "weekly": self.tr("Weekly"),
            "manual": self.tr("Taken by hand"),
            "before-restore": self.tr("Kept before a restore"),
        }.get(kind, kind)

    def _selection(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.kept[rows[0].row()] if rows and rows[0].row() < len(self.kept) else None

    # -- taking and restoring -------------------------------------------------------------
    def take_now(self) -> None:
        self.back_up.setEnabled(False)

        def done(path: Any) -> None:
            self.back_up.setEnabled(True)
            self.note.setStyleSheet("")
            self.note.setText(self.tr("Backed up to %1").replace("%1", str(path)))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.back_up.setEnabled(True)
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(error_text(exc))

        self.run_db(lambda desk: desk.backups.take_now(), done, failed, key="backups")

    def ask_restore(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        box = QMessageBox(self)
        box.setObjectName("restoreConfirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            self.tr(
                "Put back the data as it was on %1? Everything saved on this computer since"
                " then is replaced. The current data is kept aside first, so nothing is lost."
            ).replace("%1", backup.taken_at.strftime("%Y-%m-%d %H:%M"))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda r: self.restore(backup.path) if r == QMessageBox.StandardButton.Yes else None
        )
        self._confirm = box
        box.open()

    def restore(self, path: Any) -> None:
        self.restore_button.setEnabled(False)

        def done(result: Any) -> None:
            text = self.tr(
                "Restored. The data from before is kept as %1. Integrity check: %2."
            ).replace("%1", str(result.kept_aside))
            passed = result.integrity == "ok"
            text = text.replace("%2", self.tr("passed") if passed else result.integrity)
            if result.reconciles:
                text += " " + self.tr(
                    "The next sync checks with the county server and sends what it lacks."
                )
            self.note.setStyleSheet("")
            self.note.setText(text)
            for table in ALL_TABLES:
                self.changed(table)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(error_text(exc))
            self.refresh()

        self.run_db(lambda desk: desk.backups.restore(path), done, failed, key="restore")

    def _open_folder(self) -> None:
        if self.folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder))

    def retranslate(self) -> None:
        self.box.setTitle(self.tr("Backups"))
        self.explain.setText(
            self.tr(
                "A copy of the data is kept every day (the last 7 days) and every week (the"
                " last 4 weeks), in the backups folder inside the data folder."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr("Taken"), self.tr("Kind"), self.tr("Size")])
        self.back_up.setText(self.tr("Back up now"))
        self.restore_button.setText(self.tr("Restore the selected backup…"))
        self.open_folder.setText(self.tr("Open backups folder"))
        if self.kept:
            self._show((self.folder, self.kept))
