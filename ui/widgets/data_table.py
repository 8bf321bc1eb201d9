"""A read-only table of records: the household file's tabs and the trainings panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

T = QCoreApplication.translate


class DataTable(QTableWidget):
    """A read-only table of a few hundred rows at most; cells are data, headers are labels."""

    def __init__(self, headers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.header_sources = headers  # (context, English)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([T(c, s) for c, s in self.header_sources])

    def fill(self, rows: list[list[Any]], keys: list[Any] | None = None) -> None:
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if keys is not None and c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, keys[r])
                self.setItem(r, c, item)

    def selected_key(self) -> Any:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)
