"""The checked rows made into households: ID numbers repeated in the file, rows grouped by
户号 or room, and each person and household matched against the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relocdesk.roster.cells import CheckedRow, Column
from relocdesk.roster.planned import CellError, Duplicates, HouseholdPlan, PersonPlan, ReportRow
from relocdesk.store.rows import new_id
from relocdesk.store.search import parse_room, room_key

if TYPE_CHECKING:
    from relocdesk.desk import Desk


def find_duplicates_in_file(
    report: list[ReportRow], checked: list[CheckedRow], cols: list[Column]
) -> None:
    """An ID number met again: the later row is an error naming the first."""
    header = next((c.header for c in cols if c.target.field == "id_number"), "")
    first: dict[str, int] = {}
    for r, got in zip(report, checked, strict=True):
        id_no = got.person.get("id_number")
        if not id_no or r.action == "error":
            continue
        if id_no in first:
            n = report[first[id_no]].row_number
            r.errors.append(
                CellError(
                    "id_number",
                    header,
                    "duplicate_in_file",
                    f"身份证号码与第 {n} 行重复",
                    f"same ID number as row {n}",
                    id_no,
                )
            )
            r.action = "error"
        else:
            first[id_no] = r.index


def split_room(got: CheckedRow) -> None:
    """A room written whole in the 房号 column (3-2-501, 3栋2单元501室), as many offices keep
    it: its building and unit taken out, so the building is created with the households."""
    room = got.household.get("room")
    if got.building or "unit" in got.household or not isinstance(room, str):
        return
    parts = parse_room(room)
    if parts is not None:
        got.building, got.household["unit"], got.household["room"] = parts


def group(
    report: list[ReportRow], checked: list[CheckedRow], cols: list[Column]
) -> list[str | None]:
    """Household key per row: the 户号, else building-unit-room (a new 户主 starts a new one)."""
    keys: list[str | None] = []
    heads: dict[str, int] = {}
    room_seq: dict[str, int] = {}
    for r, got in zip(report, checked, strict=True):
        if r.action == "error":
            keys.append(None)
            continue
        split_room(got)
        no = got.household.get("household_no")
        is_head = got.person.get("relation") == "head"
        if no:
            key = f"no:{no}"
        else:
            room = room_key(got.building, got.household.get("unit"), got.household.get("room"))
            if not got.household.get("room"):
                r.errors.append(
                    CellError(
                        "household_no",
                        "",
                        "no_household",
                        "户号和房号都为空，无法确定所属住户",
                        "both household number and room are empty: no household to put this "
                        "person in",
                        "",
                    )
                )
                r.action = "error"
                keys.append(None)
                continue
            seq = room_seq.get(room, 0)
            if is_head and f"room:{room}#{seq}" in heads:
                seq = room_seq[room] = seq + 1
            room_seq.setdefault(room, seq)
            key = f"room:{room}#{seq}"
        if is_head:
            if key in heads:
                n = report[heads[key]].row_number
                r.errors.append(
                    CellError(
                        "relation",
                        next((c.header for c in cols if c.target.field == "relation"), ""),
                        "two_heads",
                        f"同一户已有户主（第 {n} 行）",
                        f"the household already has a head (row {n})",
                        "户主",
                    )
                )
                r.action = "error"
                keys.append(None)
                continue
            heads[key] = r.index
        keys.append(key)
    return keys


def resolve(
    desk: Desk,
    report: list[ReportRow],
    checked: list[CheckedRow],
    keys: list[str | None],
    duplicates: Duplicates,
) -> tuple[list[PersonPlan], dict[str, HouseholdPlan]]:
    conn = desk.conn
    known_people = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT id_number, id, household_id FROM person"
            " WHERE deleted = 0 AND id_number IS NOT NULL AND community_id = ?",
            (desk.community_id,),
        )
    }
    known_households: dict[str, tuple[str, str | None]] = {}
    known_rooms: dict[str, str] = {}  # building-unit-room -> household_no
    for r in conn.execute(
        "SELECT h.household_no, h.id, h.head_person_id, b.number, h.unit, h.room"
        " FROM household h LEFT JOIN building b ON b.id = h.building_id"
        " WHERE h.deleted = 0 AND h.community_id = ? ORDER BY h.created_at",
        (desk.community_id,),
    ):
        known_households.setdefault(r[0], (r[1], r[2]))
        if r[5]:
            known_rooms.setdefault(room_key(r[3], r[4], r[5]), r[0])
    people: list[PersonPlan] = []
    households: dict[str, HouseholdPlan] = {}
    # New ids handed out in sorted order: the rows then append to the primary-key index
    # instead of landing all over it, which makes a large import's inserts cheaper.
    fresh = iter(sorted(new_id() for k in keys if k is not None))
    for r, got, key in zip(report, checked, keys, strict=True):
        if r.action == "error" or key is None:
            continue
        found = known_people.get(got.person.get("id_number") or "")
        if found is not None:
            if duplicates == "skip":
                r.action = "skip"
                continue
            r.action = "update"
        hh = households.get(key)
        if hh is None:
            no = got.household.get("household_no")
            if not no:
                # Without 户号 the room names the household: the one living there already,
                # or a new one numbered after its room.
                room, seq = key.removeprefix("room:").rsplit("#", 1)
                no = known_rooms.get(room, room) if seq == "0" else f"{room}({int(seq) + 1})"
            existing = known_households.get(no)
            hh = households[key] = HouseholdPlan(
                key,
                no,
                existing[0] if existing else "",
                existing is not None,
                got.building,
                existing_head=existing[1] if existing else None,
            )
        person_id = found[0] if found else next(fresh)
        is_head = got.person.get("relation") == "head"
        # The head's row speaks for the household; other rows fill what it leaves blank.
        if is_head:
            hh.values.update(got.household)
        elif not got.household.keys() <= hh.values.keys():  # mostly all there: a check in C
            for k, v in got.household.items():
                if k not in hh.values:
                    hh.values[k] = v
        if got.building and (is_head or hh.building is None):
            hh.building = got.building
        if is_head:
            hh.head_person_id = person_id
        people.append(PersonPlan(r.index, person_id, found is not None, key, got.person))
    new_households = [h for h in households.values() if not h.existing]
    for h, hid in zip(new_households, sorted(new_id() for _ in new_households), strict=True):
        h.id = hid
    return people, households
