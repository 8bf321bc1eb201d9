"""My buildings (我的楼栋): a strip on Today and Warnings for a building head's device — its
buildings with their households, people and job seekers — so a volunteer sees whose data
the laptop holds. Hidden on an office device (``Desk.my_buildings`` is None there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.ink import light_panel

if TYPE_CHECKING:
    from relocdesk.queries.my_buildings import MyBuildings


def _tr(text: str) -> str:
    return QCoreApplication.translate("MyBuildings", text)


class MyBuildingsBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myBuildings")
        self.setStyleSheet(
            light_panel(
                "myBuildings", "background: #eef5fb; border: 1px solid #c5d9ea; border-radius: 4px;"
            )
        )
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold")
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self.data: MyBuildings | None = None
        self.warned: dict[str, int] | None = None  # building -> households with warnings
        self.setVisible(False)

    def set_data(self, data: MyBuildings | None) -> None:
        self.data = data
        self.setVisible(data is not None)
        self.retranslate()

    def set_warned(self, households_by_building: dict[str, set[str]]) -> None:
        """The households with warnings in each building (the Warnings page knows them)."""
        self.warned = {b: len(h) for b, h in households_by_building.items()}
        self.retranslate()

    def retranslate(self) -> None:
        data = self.data
        self.title.setText(_tr("My buildings"))
        if data is None:
            self.text.setText("")
            return
        if not data.buildings:
            self.text.setText(_tr("No building is assigned to you yet: ask the community office."))
            return
        parts = []
        for b in data.buildings:
            part = (
                _tr("Building %1: %2 households, %3 people, %4 looking for work")
                .replace("%1", b.number)
                .replace("%2", str(b.households))
                .replace("%3", str(b.people))
                .replace("%4", str(b.job_seekers))
            )
            if self.warned is not None:
                part += _tr(", %1 with warnings").replace(
                    "%1", str(self.warned.get(b.building_id, 0))
                )
            parts.append(part)
        total = (
            _tr("%1 (building head), %2 households in all")
            .replace("%1", data.head_name)
            .replace("%2", str(data.households))
        )
        self.text.setText(total + " — " + "; ".join(parts))
