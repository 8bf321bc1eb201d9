"""Triage: the day's warnings grouped by household, the worst households first.

On a large community thousands of warnings cover most households; nobody works through
them one by one. Staff work household by household: a household with a red warning comes
before any without one, then the one with more warnings. The filters are the ones the
office divides the work by: the area (employment, schooling …), the building and the
building head who looks after it.

Warnings whose subject lives in no household (a facility of the site) form one group of
their own, last, with no household id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relocdesk.monitoring.evaluate import Warning


@dataclass(slots=True)
class HouseholdWarnings:
    """One household's warnings, worst first, as monitoring ordered them."""

    household_id: str | None
    household_no: str | None
    building_id: str | None
    building_no: str | None
    unit: int | None
    room: str | None
    building_head: str | None
    warnings: list[Warning] = field(default_factory=list)
    red: int = 0

    @property
    def count(self) -> int:
        return len(self.warnings)

    @property
    def level(self) -> str:
        """The household's worst level: red when any warning is red."""
        return "red" if self.red else "yellow"

    @property
    def areas(self) -> list[str]:
        """The areas of its warnings, each once, in the order they come."""
        return list(dict.fromkeys(w.area for w in self.warnings))

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(w.indicator for w in self.warnings))

    def sort_key(self) -> tuple[Any, ...]:
        # Red households first, then the most warnings; the address breaks ties so the
        # order is the same on every device and every run.
        return (
            self.household_id is None,
            -int(self.red > 0),
            -len(self.warnings),
            -self.red,
            len(self.building_no or ""),
            self.building_no or "",
            self.unit or 0,
            self.room or "",
            self.household_no or "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "household_id": self.household_id,
            "household_no": self.household_no,
            "building_id": self.building_id,
            "building_no": self.building_no,
            "unit": self.unit,
            "room": self.room,
            "building_head": self.building_head,
            "level": self.level,
            "red": self.red,
            "count": self.count,
            "areas": self.areas,
            "indicators": self.indicators,
            "warnings": [w.to_dict() for w in self.warnings],
        }


def matches(
    w: Warning,
    *,
    area: str | None = None,
    building_id: str | None = None,
    building_head: str | None = None,
) -> bool:
    """Whether a warning passes the triage filters (None: no filter)."""
    return (
        (area is None or w.area == area)
        and (building_id is None or w.building_id == building_id)
        and (building_head is None or w.building_head == building_head)
    )


def by_household(
    warnings: Iterable[Warning],
    *,
    area: str | None = None,
    building_id: str | None = None,
    building_head: str | None = None,
    include_acknowledged: bool = False,
) -> list[HouseholdWarnings]:
    """The warnings that pass the filters, one group per household, red households first,
    then by the number of warnings. Acknowledged and snoozed warnings are left out unless
    asked for: triage is about what still needs someone."""
    groups: dict[str | None, HouseholdWarnings] = {}
    for w in warnings:
        if not include_acknowledged and w.acknowledged:
            continue
        if not matches(w, area=area, building_id=building_id, building_head=building_head):
            continue
        hid = w.household_id
        group = groups.get(hid)
        if group is None:
            group = groups[hid] = HouseholdWarnings(
                hid,
                w.household_no,
                w.building_id,
                w.building_no,
                w.unit,
                w.room,
                w.building_head,
            )
        group.warnings.append(w)
        if w.level == "red":
            group.red += 1
    return sorted(groups.values(), key=HouseholdWarnings.sort_key)
