"""Households (住户): every household of the community, filtered and sorted on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relocdesk import enums
from ui.i18n import N
from ui.models import households
from ui.widgets.list_page import FilterCombo, ListPage

if TYPE_CHECKING:
    from ui.shell import Shell

FLAGS = (
    (None, N("filters", "All households")),
    ("monitored", N("filters", "Monitored households")),
    ("monitor_unstable", N("filters", "Unstable formerly poor")),
    ("monitor_marginal", N("filters", "Marginal, at risk")),
    ("monitor_sudden_hardship", N("filters", "Sudden severe hardship")),
    ("formerly_poor", N("filters", "Formerly poor")),
    ("dibao_any", N("filters", "Minimum living allowance")),
    ("dibao_rural", N("filters", "Rural minimum living allowance")),
    ("dibao_urban", N("filters", "Urban minimum living allowance")),
    ("extreme_poverty", N("filters", "Extreme-poverty support")),
    ("no_employed", N("filters", "Nobody employed")),
)


class HouseholdsPage(ListPage):
    def __init__(self, window: Shell) -> None:
        super().__init__(window, households.source())
        self.setObjectName("householdsPage")
        self.flag = FilterCombo("flag")
        self.flag.set_choices([(v, "tr", t) for v, t in FLAGS])
        self.registration = FilterCombo("registration")
        self.registration.set_choices(
            [(None, "tr", N("filters", "Any registration"))]
            + [(c, "enum:REGISTRATION_STATUS", c) for c in enums.REGISTRATION_STATUS]
        )
        self.status = FilterCombo("status")
        self.status.set_choices([(c, "enum:HOUSEHOLD_STATUS", c) for c in enums.HOUSEHOLD_STATUS])
        for combo in (self.flag, self.registration, self.status):
            self.add_filter(combo)
        self.finish_bar()
        widths = (112, 90, 80, 50, 160, 110, 180, 110)  # household no. is 12 digits
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
        self.retranslateUi()

    def filters(self) -> dict[str, Any]:
        found = super().filters()
        found.update(
            flag=self.flag.currentData(),
            registration_status=self.registration.currentData(),
            status=self.status.currentData() or "active",
        )
        return found
