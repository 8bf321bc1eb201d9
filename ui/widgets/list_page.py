"""A list page: filter bar, a count, and a lazy sortable table; Enter or double-click opens.

Filters apply the moment they change (one query on the worker). Keyboard: the table takes
the arrows, Page Up/Down, Home/End; Enter opens the household of the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from ui.i18n import N, enum_label
from ui.models.lazy import Column, LazyTableModel, Source
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.list_export import (
    Exporter,
    ListOnScreen,
    export_button,
    filter_captions,
    retranslate_button,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from relocdesk.desk import Desk
    from relocdesk.queries.building_heads import BuildingChoice
    from ui.shell import Shell

T = QCoreApplication.translate


class DataView(QTableView):
    open_requested = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class FilterCombo(QComboBox):
    """Filter choices: (value, English source text or data text, translate?)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"filter_{name}")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choices: list[tuple[Any, str, str]] = []  # value, kind, source

    def set_choices(self, choices: list[tuple[Any, str, str]]) -> None:
        """kind: 'tr' (English source, context "filters"), 'enum:<NAME>' or 'data'."""
        current = self.currentData()
        self.choices = choices
        self.retranslate()
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))

    def retranslate(self) -> None:
        current = self.currentIndex()
        self.blockSignals(True)
        self.clear()
        for value, kind, source in self.choices:
            if kind == "tr":
                text = T("filters", source)
            elif kind.startswith("enum:"):
                text = enum_label(getattr(enums, kind[5:]), source)
            else:
                text = source
            self.addItem(text, value)
        self.setCurrentIndex(max(current, 0))
        self.blockSignals(False)


class ListPage(QWidget):
    """Base of the households and people pages."""

    list_kind = "households"  # how the export names the list (relocdesk.reports.list_export)
    list_title = N("export", "Households")

    def __init__(self, window: Shell, source: Source) -> None:
        super().__init__()
        self.window_ = window
        self.tasks = window.tasks
        self.model = LazyTableModel(self.tasks, source, self)
        self.view = DataView()
        self.view.setModel(self.model)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.open_requested.connect(self.open_row)
        self.model.loaded.connect(self._loaded)
        self.count_label = QLabel()
        self.count_label.setProperty("i18n_data", False)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("filter_text")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setProperty("i18n_data", True)
        self.text_filter.setMaximumWidth(200)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filters)
        self.text_filter.textEdited.connect(lambda _t: self._debounce.start())
        self.building = FilterCombo("building")
        self.unit = FilterCombo("unit")
        self.building.currentIndexChanged.connect(self._building_changed)
        # Wraps onto a second row in a narrow window (an 800-pixel screen).
        self.filters_bar = FlowLayout()
        self.filters_bar.addWidget(self.text_filter)
        self.filters_bar.addWidget(self.building)
        self.filters_bar.addWidget(self.unit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._buildings: list[BuildingChoice] = []
        self._started = False
        self._stale = False
        self.count = 0
        self.exporter = Exporter(self, lambda: self.tasks)
        self.export_button = export_button(self, self.export)
        window.data_changed.connect(self._data_changed)

    def add_filter(self, combo: FilterCombo) -> None:
        self.filters_bar.insertWidget(self.filters_bar.count(), combo)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filters())

    def finish_bar(self) -> None:
        self.filters_bar.addWidget(self.export_button)

    # -- life --------------------------------------------------------------------------
    def page_shown(self) -> None:
        if not self._started:
            self._started = True
            self.tasks.run_read(lambda desk: desk.building_choices(), self._got_buildings)
            self.apply_filters()
        elif self._stale:
            self._stale = False
            self.model.reload()
        self.view.setFocus()

    def _data_changed(self, table: str) -> None:
        if table in ("household", "person", "building"):
            if self.isVisible():
                self.model.reload()
            else:
                self._stale = True

    def _got_buildings(self, buildings: list[BuildingChoice]) -> None:
        self._buildings = buildings
        self.building.set_choices(
            [(None, "tr", N("filters", "All buildings"))]
            + [
                (b.id, "data", T("filters", "Building %1").replace("%1", b.number))
                for b in buildings
            ]
        )
        self._building_changed()

    def _building_changed(self, *_: Any) -> None:
        bid = self.building.currentData()
        units = max((b.units for b in self._buildings if bid in (None, b.id)), default=0)
        self.unit.blockSignals(True)
        self.unit.set_choices(
            [(None, "tr", N("filters", "All units"))]
            + [
                (n, "data", T("filters", "Unit %1").replace("%1", str(n)))
                for n in range(1, units + 1)
            ]
        )
        self.unit.blockSignals(False)
        self.apply_filters()

    def filters(self) -> dict[str, Any]:
        return {
            "building_id": self.building.currentData(),
            "unit": self.unit.currentData(),
            "text": self.text_filter.text().strip(),
        }

    def apply_filters(self) -> None:
        if self._started:
            self.model.set_filters(self.filters())

    def _loaded(self, count: int) -> None:
        self.count = count
        self._paint_count()
        if self.view.currentIndex().row() < 0 and count:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _paint_count(self) -> None:
        self.count_label.setText(T("filters", "%1 shown").replace("%1", f"{self.count:,}"))

    def open_row(self, row: int) -> None:
        household = self.model.household_id(row)
        if household:
            self.window_.open_household(household)

    # -- export (Ctrl+E) ------------------------------------------------------------------
    def export(self) -> None:
        self.exporter.ask(self.shown)

    def export_to(self, path: str) -> None:
        """The list as the model shows it, every matching row, to ``path`` on the worker."""
        self.exporter.run(self.shown(), path)

    def shown(self) -> ListOnScreen:
        query, source = self.model.query(), self.model.source
        columns = list(source.columns)
        header = Qt.Orientation.Horizontal
        headers = [str(self.model.headerData(i, header)) for i in range(len(columns))]
        sort = ""
        if query.sort is not None:
            sort = headers[self.model.sort_column] + (" desc" if query.descending else " asc")
        combos = [c for c in self.findChildren(FilterCombo) if c.currentData() is not None]
        filters = filter_captions(
            [("text", query.filters.get("text"))]
            + [(c.objectName().removeprefix("filter_"), c.currentText()) for c in combos]
        )

        def rows(desk: Desk) -> tuple[int, Iterator[list[Any]]]:
            ids = source.ids(desk, query)

            def lines() -> Iterator[list[Any]]:
                for start in range(0, len(ids), 1000):
                    chunk = ids[start : start + 1000]
                    got = source.rows(desk, chunk)
                    for rowid in chunk:
                        yield [_cell(c, got[rowid][c.key]) for c in columns]

            return len(ids), lines()

        return ListOnScreen(
            kind=self.list_kind,
            title=T("export", self.list_title),
            headers=headers,
            rows=rows,
            id_columns=frozenset(i for i, c in enumerate(columns) if c.key in ID_COLUMNS),
            filters=filters,
            sort=sort,
        )

    # -- language ----------------------------------------------------------------------
    def retranslateUi(self) -> None:
        retranslate_button(self.export_button)
        self.text_filter.setPlaceholderText(T("filters", "Filter by name"))
        for combo in self.findChildren(FilterCombo):
            combo.retranslate()
        # Combos holding "Building %1" are rebuilt from their source lists.
        if self._buildings:
            self._got_buildings(self._buildings)
        self.model.retranslate()
        self._paint_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


ID_COLUMNS = frozenset({"id_number"})  # handed over in full: the core masks them by role


def _cell(column: Column, value: Any) -> Any:
    """A cell as the screen reads it; numbers stay numbers, ID numbers stay whole (the core
    masks them for a role that may not see them)."""
    if column.key in ID_COLUMNS:
        return value
    text = column.render(value) if column.render is not None else value
    if column.numeric and text not in (None, ""):
        plain = str(text).replace(",", "")
        try:
            number = float(plain)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return "" if text is None else text
