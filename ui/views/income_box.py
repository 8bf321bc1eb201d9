"""The Dashboard's income view: per-capita net income, each kind's share, growth against last
year and households below and near the monitoring line, for the community or the building
chosen, and every building in a table. The figures are ``reports.income``'s, the ones the
monthly workbook's 收入情况 sheet is written from; this box only shows them."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.work_pages import Row, RowsModel, RowsTable

if TYPE_CHECKING:
    from relocdesk.queries.figures import IncomeFigures

KINDS = ("wages", "business", "transfers", "property")
# the core's scope names (reports.income.COMMUNITY, NO_BUILDING), shown in the language chosen
COMMUNITY, NO_BUILDING = "全社区", "未分配楼栋"


def yuan(value: Any) -> str:
    return f"{float(value or 0):,.0f}"


def percent(value: Any) -> str:
    return f"{float(value or 0) * 100:.1f}%"


def growth(value: Any) -> str:
    return "—" if value is None else f"{float(value) * 100:+.1f}%"


def tile(title: str, shown: str, larger: int) -> tuple[QFrame, QLabel, QLabel]:
    """A figure under its caption, the figure ``larger`` points above the text (the
    Dashboard's tiles and this box's)."""
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    v = QVBoxLayout(box)
    caption, number = QLabel(title), QLabel(shown)
    caption.setWordWrap(True)
    font = number.font()
    font.setPointSize(font.pointSize() + larger)
    font.setBold(True)
    number.setFont(font)
    v.addWidget(caption)
    v.addWidget(number)
    return box, caption, number


class IncomeBox(QFrame):
    """Filled by ``show``; ``retranslate`` redraws the texts in the language chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.tiles = QGridLayout()
        self.values: dict[str, QLabel] = {}  # the tiles' figures by field, for the tests
        self.captions: dict[str, QLabel] = {}
        for i, key in enumerate(("per_capita", "growth", "below_line", "near_line", *KINDS)):
            self.tiles.addWidget(self._tile(key), i // 4, i % 4)
        self.table = RowsTable(RowsModel(self._headers, self._cells))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.tiles)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.figures: IncomeFigures | None = None  # those of the tiles
        self.rows: list[IncomeFigures] = []
        self.line = self.margin = 0.0
        self.retranslate()

    def _tile(self, key: str) -> QWidget:
        box, caption, number = tile("", "—", 6)
        self.captions[key], self.values[key] = caption, number
        return box

    def show_figures(
        self,
        community: IncomeFigures,
        buildings: list[IncomeFigures],
        line: float,
        margin: float,
        building_id: str | None = None,
    ) -> None:
        """The tiles for the building chosen (the community when none, or when it has no
        income recorded), the table for the community and every building."""
        chosen = next(
            (b for b in buildings if b.building_id and b.building_id == building_id), None
        )
        self.figures = chosen or community
        self.rows = [community, *buildings]
        self.line, self.margin = line, margin
        self.table.rows_model.set_rows([dataclasses.asdict(f) for f in self.rows])
        self.table.resizeColumnsToContents()
        self.table.setMinimumHeight(min(420, 30 + 26 * len(self.rows)))
        self.retranslate()

    def tile_texts(self) -> dict[str, str]:
        f = self.figures
        if f is None:
            return {}
        return {
            "per_capita": yuan(f.per_capita),
            "growth": growth(f.growth),
            "below_line": str(f.below_line),
            "near_line": str(f.near_line),
            **{k: percent(getattr(f, f"{k}_share")) for k in KINDS},
        }

    def scope(self, scope: str) -> str:
        if scope == COMMUNITY:
            return self.tr("Whole community")
        if scope == NO_BUILDING:
            return self.tr("No building")
        return self.tr("Building %1").replace("%1", scope)

    def _headers(self) -> list[str]:
        return [
            self.tr("Scope"),
            self.tr("Households with income recorded"),
            self.tr("People"),
            self.tr("Per-capita net income (yuan)"),
            self.tr("Wages (share)"),
            self.tr("Business (share)"),
            self.tr("Transfers (share)"),
            self.tr("Property (share)"),
            self.tr("Growth on last year"),
            self.tr("Below the line"),
            self.tr("Near the line"),
        ]

    def _cells(self, r: Row) -> list[Any]:
        return [
            self.scope(str(r.get("scope"))),
            r.get("households"),
            r.get("members"),
            yuan(r.get("per_capita")),
            *(percent(r.get(f"{k}_share")) for k in KINDS),
            growth(r.get("growth")),
            r.get("below_line"),
            r.get("near_line"),
        ]

    def retranslate(self) -> None:
        f = self.figures
        where = self.scope(f.scope) if f is not None else ""
        self.title.setText(self.tr("Income: %1").replace("%1", where))
        captions = {
            "per_capita": self.tr("Per-capita net income (yuan)"),
            "growth": self.tr("Growth on last year"),
            "below_line": self.tr("Households below the monitoring line"),
            "near_line": self.tr("Households near the monitoring line"),
            "wages": self.tr("Share of wages"),
            "business": self.tr("Share of business income"),
            "transfers": self.tr("Share of transfers"),
            "property": self.tr("Share of property income"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        for key, text in self.tile_texts().items():
            self.values[key].setText(text)
        self.note.setText(
            self.tr(
                "Over the households with income recorded: total income over their members. "
                "Monitoring line %1 yuan per person a year; near it: less than %2% above it. "
                "Growth compares the households that have last year's total."
            )
            .replace("%1", yuan(self.line))
            .replace("%2", f"{self.margin:g}")
        )
        self.table.rows_model.relabel()
