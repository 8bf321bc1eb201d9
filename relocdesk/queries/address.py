"""Where a household lives, said once: the join every list of households and their records uses.

A query selects ``ADDRESS_COLUMNS`` and adds ``ADDRESS_JOIN`` after the table aliased
``h`` (household); the columns then name the household, its building, unit and room and
its head, the same way on every screen.
"""

from __future__ import annotations

from typing import TypedDict

ADDRESS_COLUMNS = (
    "h.id AS household_id, h.household_no, b.number AS building_no, h.unit, h.room,"
    " hp.name AS head_name, coalesce(hp.phone, h.phone) AS head_phone"
)
ADDRESS_JOIN = (
    " LEFT JOIN building b ON b.id = h.building_id LEFT JOIN person hp ON hp.id = h.head_person_id"
)


class Address(TypedDict):
    """The columns ``ADDRESS_COLUMNS`` adds to a row."""

    household_id: str
    household_no: str | None
    building_no: str | None
    unit: int | None
    room: str | None
    head_name: str | None
    head_phone: str | None
