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

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from relocdesk.monitoring.evaluate import Warning


class HouseholdWarnings:
    """One household's warnings, worst first, as monitoring ordered them.

    Its address and building head are read from the household row evaluate joined to each
    warning (``home``: id, household_no, building_id, building_no, unit, room,
    building_head): ten thousand households are grouped on every reload of Today, so a
    group is four references, not a copy of its fields.
    """

    __slots__ = ("_home", "household_id", "red", "warnings")

    def __init__(
        self,
        household_id: str | None,
        home: tuple[Any, ...],
        warnings: list[Warning],
        red: int = 0,
    ) -> None:
        self.household_id = household_id
        self._home = home
        self.warnings = warnings
        self.red = red

    def __repr__(self) -> str:
        return f"HouseholdWarnings({self.household_no}, {self.count} warnings, {self.red} red)"

    @property
    def household_no(self) -> str | None:
        return cast("str | None", self._home[1])

    @property
    def building_id(self) -> str | None:
        return cast("str | None", self._home[2])

    @property
    def building_no(self) -> str | None:
        return cast("str | None", self._home[3])

    @property
    def unit(self) -> int | None:
        return cast("int | None", self._home[4])

    @property
    def room(self) -> str | None:
        return cast("str | None", self._home[5])

    @property
    def building_head(self) -> str | None:
        return cast("str | None", self._home[6])

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
        return triage_key(self.household_id, self.red, len(self.warnings), self._home)

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


def triage_key(
    household_id: str | None, red: int, count: int, home: tuple[Any, ...]
) -> tuple[Any, ...]:
    """Where a household goes in triage: red households first, then the most warnings; the
    address breaks ties so the order is the same on every device and every run. ``home``:
    the household's row as evaluate joined it (see ``HouseholdWarnings``); the site's own
    warnings (no household) last."""
    building = home[3] or ""
    return (
        household_id is None,
        not red,
        -count,
        -red,
        len(building),
        building,
        home[4] or 0,
        home[5] or "",
        home[1] or "",
    )


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
    filtering = area is not None or building_id is not None or building_head is not None
    # Tens of thousands of warnings pass here on every reload of Today: the loop reads the
    # warning's own row and shape (this package's) rather than its properties, and learns
    # the level once per run of one indicator's warnings (evaluate returns them so).
    buckets: defaultdict[str | None, list[Warning]] = defaultdict(list)
    reds: defaultdict[str | None, int] = defaultdict(int)
    last: object = None
    red = False
    if filtering:
        warnings = [
            w
            for w in warnings
            if matches(w, area=area, building_id=building_id, building_head=building_head)
        ]
    for w in warnings:
        if w._ack is None or include_acknowledged:
            shape = w._shape
            if shape is not last:
                last, red = shape, shape.definition.level == "red"
            hid = w._row[1]
            buckets[hid].append(w)
            if red:
                reds[hid] += 1
    # the household's address and building head, as evaluate joined them to each warning:
    # (id, household_no, building_id, building_no, unit, room, building_head)
    groups = [
        HouseholdWarnings(hid, ws[0]._home, ws, reds.get(hid, 0)) for hid, ws in buckets.items()
    ]
    groups.sort(key=HouseholdWarnings.sort_key)
    return groups
