"""A household added by hand: a community with no roster file to import yet, or a family
moving in later. Its number, its home (the building made when its number is new) and its
head are written in one transaction, so a household never exists without its head."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from relocdesk import fields, validation
from relocdesk.records import Book, Buildings, Households, People


class Intake(Book, Protocol):
    """What adding a household needs of the façade: its record sets."""

    @property
    def buildings(self) -> Buildings: ...
    @property
    def households(self) -> Households: ...
    @property
    def people(self) -> People: ...


@dataclass(frozen=True)
class NewHousehold:
    household_no: str
    name: str  # the head's
    id_number: str | None = None
    building: str | None = None  # the building's number
    unit: int | None = None
    room: str | None = None
    phone: str | None = None  # the household's


def add_household(desk: Intake, new: NewHousehold) -> dict[str, Any]:
    """Write the household and its head; returns the household as stored. Raises
    ValidationErrors naming every field that is wrong, before anything is written."""
    checked = _checked(desk, new)
    with desk.transaction():
        building_id = None
        if checked["building"]:
            found = desk.buildings.find(number=checked["building"])
            building_id = (
                found[0]["id"] if found else desk.buildings.create(number=checked["building"])["id"]
            )
        home = desk.households.create(
            household_no=checked["household_no"],
            building_id=building_id,
            unit=checked["unit"],
            room=checked["room"],
            phone=checked["phone"],
        )
        head = desk.people.create(
            household_id=home["id"],
            name=checked["name"],
            id_number=checked["id_number"],
            relation="head",
        )
        return desk.households.update(home["id"], head_person_id=head["id"])


def _checked(desk: Intake, new: NewHousehold) -> dict[str, Any]:
    errors: list[validation.ValidationError] = []

    def rule(table: str, column: str, value: Any, key: str) -> Any:
        try:
            return fields.RULES[table][column](value, column)
        except validation.ValidationError as e:
            errors.append(validation.ValidationError(key, e.code, e.message_zh, e.message_en))
            return None

    out = {
        "household_no": rule("household", "household_no", new.household_no, "household_no"),
        "building": rule("building", "number", new.building, "number") if new.building else None,
        "unit": rule("household", "unit", new.unit, "unit"),
        "room": rule("household", "room", new.room, "room"),
        "phone": rule("household", "phone", new.phone, "phone"),
        "name": rule("person", "name", new.name, "name"),
        "id_number": rule("person", "id_number", new.id_number, "id_number"),
    }
    if out["household_no"] and desk.households.by_number(out["household_no"]) is not None:
        errors.append(
            validation.ValidationError(
                "household_no",
                "exists",
                f"户号“{out['household_no']}”已有住户",
                f"household number {out['household_no']!r} is already in use",
            )
        )
    if out["id_number"] and desk.people.by_id_number(out["id_number"]) is not None:
        errors.append(
            validation.ValidationError(
                "id_number",
                "exists",
                "这个身份证号码已登记在本社区的另一人名下",
                "this ID number is already registered to someone in this community",
            )
        )
    if errors:
        raise validation.ValidationErrors(errors)
    return out
