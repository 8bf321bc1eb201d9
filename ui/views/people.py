"""People (人员): every member of every household, with work, schooling and special groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relocdesk import enums
from ui.i18n import N
from ui.models import people
from ui.widgets.list_page import FilterCombo, ListPage

if TYPE_CHECKING:
    from ui.shell import Shell

GROUPS = (
    (None, N("filters", "Everyone")),
    ("employed", N("filters", "Employed")),
    ("left_behind_child", N("filters", "Left-behind children")),
    ("elderly_alone", N("filters", "Elderly living alone")),
    ("severe_disability", N("filters", "Severe disability")),
    ("child_in_difficulty", N("filters", "Children in difficulty")),
    ("elderly_in_difficulty", N("filters", "Elderly in difficulty")),
    ("serious_illness", N("filters", "Serious illness")),
    ("out_of_school", N("filters", "School-age, not enrolled")),
    ("no_medical_insurance", N("filters", "No medical insurance")),
)


class PeoplePage(ListPage):
    list_kind = "people"
    list_title = N("export", "People")

    def __init__(self, window: Shell) -> None:
        super().__init__(window, people.source())
        self.setObjectName("peoplePage")
        self.employment = FilterCombo("employment")
        self.employment.set_choices(
            [(None, "tr", N("filters", "Any employment"))]
            + [(c, "enum:EMPLOYMENT_STATUS", c) for c in enums.EMPLOYMENT_STATUS]
        )
        self.labour = FilterCombo("labour")
        self.labour.set_choices(
            [(None, "tr", N("filters", "Any labour capacity"))]
            + [(c, "enum:LABOUR_CAPACITY", c) for c in enums.LABOUR_CAPACITY]
        )
        self.group = FilterCombo("group")
        self.group.set_choices([(v, "tr", t) for v, t in GROUPS])
        for combo in (self.employment, self.labour, self.group):
            self.add_filter(combo)
        self.finish_bar()
        widths = (80, 50, 50, 70, 90, 160, 130, 140, 100, 130)
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
        self.retranslateUi()

    def filters(self) -> dict[str, Any]:
        found = super().filters()
        found.update(
            employment_status=self.employment.currentData(),
            labour_capacity=self.labour.currentData(),
            group=self.group.currentData(),
        )
        return found
