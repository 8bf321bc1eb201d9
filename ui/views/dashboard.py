"""Dashboard: the community's figures (employment, referrals, visit coverage, needs,
warnings), for the whole community or one building, a 12-month trend, and the monthly
report exported to Excel."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from relocdesk.queries.figures import report_month
from relocdesk.queries.warnings import areas
from ui.views.income_box import IncomeBox, tile
from ui.work_pages import DAY, Row, RowsModel, RowsTable, WorkPage, error_text, label, user_name

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.building_heads import BuildingChoice
    from relocdesk.queries.figures import BuildingFigures, Dashboard, IncomeFigures, MonthPoint


def _view(chart: Any, height: int) -> QWidget:
    from PySide6.QtCharts import QChartView

    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    return view


@dataclass(frozen=True)
class Board:
    """What the page shows: the buildings to choose from and the figures of the one chosen."""

    buildings: list[BuildingChoice]
    figures: Dashboard
    income: tuple[IncomeFigures, list[IncomeFigures]]  # the community's, each building's
    income_line: tuple[float, float]  # the monitoring line and the margin of "near"


def load(desk: Desk, on: datetime.date, building_id: str | None) -> Board:
    return Board(
        desk.building_choices(),
        desk.reports.dashboard(on, building_id),
        desk.reports.income(),
        desk.reports.income_line(),
    )


def export_monthly(desk: Desk, month: str, path: str, actor: str = "") -> str:
    """The monthly report to Excel (the export is audited: it holds personal data)."""
    return str(desk.reports.write_monthly(month, path, actor))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


class DashboardPage(WorkPage):
    watches = frozenset({DAY, "person", "household", "referral", "visit", "need", "warning_ack"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.buildings: list[BuildingChoice] = []
        self.figures: Dashboard | None = None
        self.income: Board | None = None  # the board the income view was drawn from
        self.income_box: IncomeBox | None = None
        self.building_label = QLabel()
        self.building = QComboBox()
        self.building.currentIndexChanged.connect(self._building_changed)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.export_note = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.building_label)
        top.addWidget(self.building)
        top.addStretch(1)
        top.addWidget(self.export_note)
        top.addWidget(self.export_button)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._building_id: str | None = None
        self._filling = False
        self.retranslate()

    def refresh(self) -> None:
        on, bid = datetime.date.today(), self._building_id
        self.run_read(lambda desk: load(desk, on, bid), self._loaded_rows, key="dashboard")

    def _loaded_rows(self, board: Board) -> None:
        self.buildings, self.figures, self.income = board.buildings, board.figures, board
        self.retranslate()

    def _building_changed(self) -> None:
        if not self._filling:
            self._building_id = self.building.currentData()
            self.refresh()

    def export(self) -> None:
        month = report_month(datetime.date.today())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export monthly report"), f"monthly-{month}.xlsx", "Excel (*.xlsx)"
        )
        if not path:
            return
        self.export_note.setText(self.tr("Exporting…"))
        actor = user_name()
        self.run_db(
            lambda desk: export_monthly(desk, month, path, actor),
            lambda p: self.export_note.setText(self.tr("Saved %1").replace("%1", str(p))),
            lambda e: self.export_note.setText(error_text(e)),
        )

    # -- drawing ------------------------------------------------------------------------------
    def _tiles(self) -> list[tuple[str, str]]:
        """The headline figures, in the order a secretary reads them."""
        return [
            ("households", self.tr("Households")),
            ("people", self.tr("People")),
            ("household_employment_share", self.tr("Households with someone in work")),
            ("zero_employment_households", self.tr("Zero-employment households")),
            ("labour_employment_rate", self.tr("Labour employment rate")),
            ("unemployed_willing", self.tr("Unemployed, willing to work")),
            ("referrals_per_unemployed", self.tr("Referrals per unemployed worker")),
            ("visit_coverage_month", self.tr("Visit coverage this month")),
            ("open_needs", self.tr("Open needs")),
            ("overdue_needs", self.tr("Overdue needs")),
            ("active_warnings", self.tr("Warnings")),
            ("red_warnings", self.tr("Red warnings")),
        ]

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _draw(self, f: Dashboard) -> None:
        self._clear()
        row = 0
        tiles = [
            (key, title)
            for key, title in self._tiles()
            if _number(getattr(f, key, None)) is not None
        ]
        for i, (key, title) in enumerate(tiles):
            self.grid.addWidget(self._tile(title, key, float(getattr(f, key))), i // 6, i % 6)
        row = (len(tiles) + 5) // 6
        names = areas()
        charts = [
            (self.tr("Open needs by age (days)"), f.needs_by_age, str, False),
            (
                self.tr("Open needs by category"),
                f.needs_by_category,
                lambda c: label(enums.NEED_CATEGORY, c),
                True,
            ),
            (
                self.tr("Warnings by area"),
                f.warnings_by_area,
                lambda c: label(names, c) if c in names else c,
                True,
            ),
        ]
        for i, (title, values, name, horizontal) in enumerate(charts):
            chart = self._bar_chart(title, values, name, horizontal)
            self.grid.addWidget(chart, row, i * 2, 1, 2)
        row += 1
        buildings = f.by_building
        if buildings:
            self.grid.addWidget(self._building_chart(buildings), row, 0, 1, 6)
            row += 1
            self.grid.addWidget(self._building_table(buildings), row, 0, 1, 6)
            row += 1
        if self.income is not None:
            self.income_box = IncomeBox()
            self.income_box.show_figures(
                *self.income.income, *self.income.income_line, f.building_id
            )
            self.grid.addWidget(self.income_box, row, 0, 1, 6)
            row += 1
        trend = f.trend
        if trend:
            visits = self._trend_chart(
                trend,
                [("households_visited", self.tr("Households visited"))],
                self.tr("12-month trend: visits"),
            )
            work = self._trend_chart(
                trend,
                [
                    ("referrals", self.tr("Referrals")),
                    ("hires", self.tr("Hired")),
                    ("needs_raised", self.tr("Needs raised")),
                    ("needs_closed", self.tr("Needs closed")),
                ],
                self.tr("12-month trend: referrals and needs"),
            )
            self.grid.addWidget(visits, row, 0, 1, 3)
            self.grid.addWidget(work, row, 3, 1, 3)

    def _tile(self, title: str, key: str, value: float) -> QWidget:
        if ("share" in key or "rate" in key or "coverage" in key) and value <= 1:
            shown = f"{value:.0%}"
        elif value != int(value):
            shown = f"{value:.2f}"
        else:
            shown = f"{int(value)}"
        return tile(title, shown, 10)[0]

    def _bar_chart(
        self, title: str, values: dict[str, Any], name: Any, horizontal: bool = False
    ) -> QWidget:
        """Counts per category; long Chinese names read better on a horizontal chart."""
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QHorizontalBarSeries,
            QValueAxis,
        )

        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        bars = QBarSet(title)
        labels = []
        # A horizontal chart draws its first category at the bottom: read top-down instead.
        items = list(values.items())
        for key, value in reversed(items) if horizontal else items:
            bars.append(float(value or 0))
            labels.append(name(str(key)))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(labels)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setMin(0)
        counts.setMax(max([1.0, *(float(v or 0) for v in values.values())]) * 1.15)
        counts.applyNiceNumbers()
        chart.addAxis(
            categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        )
        chart.addAxis(
            counts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        )
        series.attachAxis(categories)
        series.attachAxis(counts)
        return _view(chart, 260)

    def _building_chart(self, buildings: list[BuildingFigures]) -> QWidget:
        """The three shares side by side for every building: which one lags shows at once."""
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSet,
            QChart,
            QHorizontalBarSeries,
            QValueAxis,
        )

        chart = QChart()
        chart.setTitle(self.tr("By building"))
        series = QHorizontalBarSeries()
        # first building at the top: a horizontal chart draws its first category at the bottom
        rows = list(reversed(buildings))
        for key, name in (
            ("household_employment_share", self.tr("Households with someone in work")),
            ("labour_employment_rate", self.tr("Labour employment rate")),
            ("visit_coverage_month", self.tr("Visit coverage this month")),
        ):
            bars = QBarSet(name)
            for b in rows:
                bars.append(round(float(getattr(b, key) or 0) * 100, 1))
            series.append(bars)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([str(b.building_no or "—") for b in rows])
        percent = QValueAxis()
        percent.setRange(0, 100)
        percent.setLabelFormat("%d%%")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(percent, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(percent)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self.building_chart = series
        return _view(chart, max(260, 80 + 42 * len(rows)))

    def _building_table(self, buildings: list[BuildingFigures]) -> QWidget:
        """Each building's figures in a table: a hundred buildings do not fit a chart."""
        rows = [dataclasses.asdict(b) for b in buildings]

        def pct(v: Any) -> str:
            return f"{float(v or 0):.0%}"

        def headers() -> list[str]:
            return [
                self.tr("Building"),
                self.tr("Building head"),
                self.tr("Households"),
                self.tr("Households with someone in work"),
                self.tr("Zero-employment households"),
                self.tr("Labour employment rate"),
                self.tr("Referrals per unemployed worker"),
                self.tr("Visit coverage this month"),
                self.tr("Open needs"),
                self.tr("Overdue needs"),
                self.tr("Warnings"),
                self.tr("Red warnings"),
            ]

        def cells(b: Row) -> list[Any]:
            return [
                b.get("building_no") or "—",
                b.get("building_head"),
                b.get("households"),
                pct(b.get("household_employment_share")),
                b.get("zero_employment_households"),
                pct(b.get("labour_employment_rate")),
                f"{float(b.get('referrals_per_unemployed') or 0):.2f}",
                pct(b.get("visit_coverage_month")),
                b.get("open_needs"),
                b.get("overdue_needs"),
                b.get("active_warnings"),
                b.get("red_warnings"),
            ]

        box = QFrame()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("By building")))
        table = RowsTable(RowsModel(headers, cells))
        table.rows_model.set_rows(rows)
        table.resizeColumnsToContents()
        table.setMinimumHeight(min(420, 30 + 26 * len(rows)))
        table.rowActivated.connect(lambda b: self._choose_building(b.get("building_id")))
        self.building_table = table
        layout.addWidget(table)
        return box

    def _choose_building(self, building_id: str | None) -> None:
        index = self.building.findData(building_id)
        if building_id and index >= 0:
            self.building.setCurrentIndex(index)

    def _trend_chart(
        self, trend: list[MonthPoint], lines: list[tuple[str, str]], title: str
    ) -> QWidget:
        from PySide6.QtCharts import QCategoryAxis, QChart, QLineSeries, QValueAxis

        chart = QChart()
        chart.setTitle(title)
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for i, p in enumerate(trend):
            # "MM": twelve "YYYY-MM" labels do not fit the width of half a page.
            axis_x.append(p.month[5:] or str(i), i)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        top = 0.0
        for key, name in lines:
            series = QLineSeries()
            series.setName(name)
            for i, p in enumerate(trend):
                value = float(getattr(p, key) or 0)
                top = max(top, value)
                series.append(i, value)
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        # Set after the series are attached, which would otherwise fit the axis to the data.
        axis_y.setRange(0, max(1.0, top * 1.1))
        axis_y.applyNiceNumbers()
        return _view(chart, 300)

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.building_label.setText(self.tr("Building"))
        self.export_button.setText(self.tr("Export monthly report…"))
        self._filling = True
        self.building.clear()
        self.building.addItem(self.tr("Whole community"), None)
        for b in self.buildings:
            self.building.addItem(self.tr("Building %1").replace("%1", b.number), b.id)
        self.building.setCurrentIndex(max(0, self.building.findData(self._building_id)))
        self._filling = False
        if self.figures is None:  # not loaded yet
            self._clear()
        else:
            self._draw(self.figures)
