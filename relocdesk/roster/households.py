"""The checked rows made into households: ID numbers repeated in the file, rows grouped by
户号 or room, and each person and household matched against the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from relocdesk.roster.address import place_parts, sheet_place, split_address
from relocdesk.roster.cells import CheckedRow, Column
from relocdesk.roster.planned import CellError, Duplicates, HouseholdPlan, PersonPlan, ReportRow
from relocdesk.roster.raw import RawTable
from relocdesk.store.rows import new_ids
from relocdesk.store.search import parse_room, room_key

if TYPE_CHECKING:
    from relocdesk.desk import Desk


def find_duplicates_in_file(
    report: list[ReportRow], checked: list[CheckedRow], cols: list[Column]
) -> None:
    """An ID number met again: the same person twice (same name) is a repeat, kept once and
    reported; two different people with one number are both rejected, each naming the other."""
    header = next((c.header for c in cols if c.target.field == "id_number"), "")
    first: dict[str, int] = {}
    for r, got in zip(report, checked, strict=True):
        id_no = got.person.get("id_number")
        if not id_no or r.action == "error":
            continue
        if id_no not in first:
            first[id_no] = r.index
            continue
        one = report[first[id_no]]
        if got.person.get("name") == checked[one.index].person.get("name"):
            r.action = "repeat"
            r.notes.append(_repeat(header, id_no, one))
            continue
        for this, other in ((r, one), (one, r)):
            this.errors.append(_shared(header, id_no, other))
            this.action = "error"


def _repeat(header: str, id_no: str, other: ReportRow) -> CellError:
    return CellError(
        "id_number",
        header,
        "repeat",
        f"与{other.place_zh}是同一人，只导入一次",
        f"the same person as {other.place_en}: imported once",
        id_no,
    )


def _shared(header: str, id_no: str, other: ReportRow) -> CellError:
    name = other.name
    return CellError(
        "id_number",
        header,
        "id_shared",
        f"与{other.place_zh}的“{name}”身份证号码相同，但不是同一人；两行都未导入，请核对",
        f"the same ID number as {name!r} in {other.place_en}, a different person; neither row"
        " is imported: check both",
        id_no,
    )


def _says_household(got: CheckedRow) -> bool:
    """Whether a row names its household at all: a 户号, a room or its head's ID number."""
    h = got.household
    return bool(h.get("household_no") or h.get("room") or h.get("head_id_number"))


def _just_below(r: ReportRow, above: ReportRow) -> bool:
    """The next row of the same sheet: no blank, totals or other row between them."""
    return r.sheet == above.sheet and r.row_number == above.row_number + 1


def _from_above(above: ReportRow) -> CellError:
    """A member's row that names no household, right under a row of one: the roster wrote
    the household once for the family (on the head's row, or in cells merged down)."""
    return CellError(
        "household_no",
        "",
        "household_from_above",
        f"未填户号或房号，计入上一行（{above.place_zh}）所在的户",
        f"no household number or room: counted in the household of the row above"
        f" ({above.place_en})",
        "",
    )


def _no_household() -> CellError:
    return CellError(
        "household_no",
        "",
        "no_household",
        "户号、房号和户主身份证号码都为空，无法确定所属住户",
        "household number, room and head's ID number are all empty: no household to put"
        " this person in",
        "",
    )


def _not_the_head(got: CheckedRow, head_id: str, cols: list[Column]) -> CellError:
    header = next((c.header for c in cols if c.field == "head_id_number"), "")
    return CellError(
        "head_id_number",
        header,
        "head_id_mismatch",
        f"本行是户主，但户主身份证号码 {head_id} 不是本人的号码，请核对",
        f"this row is the head, but the head's ID number {head_id} is not this person's: check it",
        head_id,
    )


HEAD_KEY = "head:"  # a household known by its head's ID number (户主身份证号码)
SELF_NUMBERED = "自编-"  # the 户号 given a household the roster numbers by its head alone


class _Grouping:
    """Household keys in file order: by 户号, else by the head's ID number, else by
    building-unit-room, where a new 户主 in a room already headed starts the next household
    of that room."""

    def __init__(self) -> None:
        self.heads: dict[str, int] = {}
        self.room_seq: dict[str, int] = {}

    def key(self, got: CheckedRow, is_head: bool) -> str | None:
        no = got.household.get("household_no")
        # no column of the household's: it names which household the row is in
        head = got.household.pop("head_id_number", None)
        if no:
            return f"no:{no}"
        if head:
            return f"{HEAD_KEY}{head}"
        if not got.household.get("room"):
            return None
        room = room_key(got.building, got.household.get("unit"), got.household.get("room"))
        seq = self.room_seq.get(room, 0)
        if is_head and f"room:{room}#{seq}" in self.heads:
            seq = self.room_seq[room] = seq + 1
        self.room_seq.setdefault(room, seq)
        return f"room:{room}#{seq}"


def split_room(got: CheckedRow, places: tuple[str, ...] = ()) -> None:
    """A room written whole in the 房号 column (3-2-501, 3栋2单元501室, 幸福社区A区5栋1单元302室),
    as many offices keep it: its building (with its zone) and unit taken out, so the building
    is created with the households; ``places`` are the community's own names (roster.address)."""
    room = got.household.get("room")
    if got.building or "unit" in got.household or not isinstance(room, str):
        return
    parts = parse_room(room) or split_address(room, places)
    if parts is not None:
        got.building, got.household["unit"], got.household["room"] = parts


def sheet_places(sheets: Iterable[str]) -> dict[str, str]:
    """The building (and unit: ``address.sheet_place``) each sheet's name stands for, when a
    roster is kept one sheet per building (1栋, 2栋 …): every sheet's name must read as one,
    or none is taken (a 汇总 beside them is not read; a 第一页 means no building)."""
    names = list(sheets)
    if len(names) < 2:
        return {}
    found = {name: sheet_place(name) for name in names}
    return {k: v for k, v in found.items() if v} if all(found.values()) else {}


def row_places(raw: RawTable, from_sheets: dict[str, str]) -> list[str]:
    """Each data row's building (and unit) as the roster's layout gives it, "" where it gives
    none: the section heading above the row (一、1栋), else its sheet's name (``sheet_places``)."""
    if not raw.row_sections and not from_sheets:
        return []
    sections = raw.row_sections or [""] * len(raw.rows)
    sheets = raw.row_sheets or [""] * len(raw.rows)
    return [a or from_sheets.get(b, "") for a, b in zip(sections, sheets, strict=True)]


def group(
    report: list[ReportRow],
    checked: list[CheckedRow],
    cols: list[Column],
    places: tuple[str, ...] = (),
    from_layout: list[str] | None = None,
) -> list[str | None]:
    """Household key per row: the 户号, else building-unit-room (a new 户主 starts a new one);
    ``from_layout``: each row's building and unit as its section or sheet names them
    (``row_places``), for the rows that give no building of their own.

    A household is imported whole or not at all: when its head's row is rejected, its other
    members are held back too (never imported headless), each naming the head's row."""
    keys: list[str | None] = []
    grouping = _Grouping()
    heads = grouping.heads
    rejected_heads: dict[str, ReportRow] = {}
    relation_header = next((c.header for c in cols if c.target.field == "relation"), "")
    above: tuple[str, ReportRow] | None = None  # the household of the row just above
    by_heads = any(c.field == "head_id_number" for c in cols)
    for r, got in zip(report, checked, strict=True):
        is_head = got.person.get("relation") == "head"
        if r.action == "repeat":  # the person's first row stands for them
            keys.append(None)
            above = None
            continue
        split_room(got, places)
        if got.building is None and from_layout and (place := from_layout[r.index]):
            # a room's own building comes first; the layout's unit fills only an empty one
            got.building, unit = place_parts(place)
            if unit is not None and not got.household.get("unit"):
                got.household["unit"] = unit
        if by_heads and is_head and not _says_household(got) and got.person.get("id_number"):
            # the head's own row leaves 户主身份证号码 blank: its own number names the household
            got.household["head_id_number"] = got.person["id_number"]
        said = _says_household(got)
        if not said and not is_head and above is not None and _just_below(r, above[1]):
            got.household.pop("head_id_number", None)  # nothing of its own: the one above
            r.notes.append(_from_above(above[1]))
            key_above: str | None = above[0]
        else:
            key_above = None
        head_id = got.household.get("head_id_number")
        if is_head and head_id and head_id != got.person.get("id_number") and r.action != "error":
            r.errors.append(_not_the_head(got, head_id, cols))
            r.action = "error"
            # its household is the one its own number heads: those members are held back
            got.household["head_id_number"] = got.person.get("id_number")
        if r.action == "error":
            key = key_above or (grouping.key(got, is_head) if said else None)
            if is_head and key is not None:
                rejected_heads.setdefault(key, r)
            keys.append(None)
            above = (key, r) if key is not None else None
            continue
        key = key_above or grouping.key(got, is_head)
        above = (key, r) if key is not None else None
        if key is None:
            r.errors.append(_no_household())
            r.action = "error"
        elif is_head and key in heads:
            first = report[heads[key]]
            r.errors.append(
                CellError(
                    "relation",
                    relation_header,
                    "two_heads",
                    f"同一户已有户主（{first.place_zh}）",
                    f"the household already has a head ({first.place_en})",
                    "户主",
                )
            )
            r.action = "error"
            key = None
        elif is_head:
            heads[key] = r.index
        keys.append(key)
    _hold_back(report, keys, rejected_heads)
    return keys


def _hold_back(
    report: list[ReportRow], keys: list[str | None], rejected_heads: dict[str, ReportRow]
) -> None:
    if not rejected_heads:  # every head passed (a good roster): no member to hold back
        return
    for i, (r, key) in enumerate(zip(report, keys, strict=True)):
        head = rejected_heads.get(key or "")
        if head is None or r.action == "error":
            continue
        r.errors.append(
            CellError(
                "relation",
                "",
                "head_rejected",
                f"户主（{head.place_zh} {head.name}）未通过检查，本户成员暂不导入",
                f"the head of this household ({head.place_en}, {head.name}) was "
                "rejected: the members are held back with it",
                "",
            )
        )
        r.action = "error"
        keys[i] = None


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
    known_households, known_rooms, numbers = _known_households(conn, desk.community_id)
    people: list[PersonPlan] = []
    households: dict[str, HouseholdPlan] = {}
    # New ids handed out in sorted order: the rows then append to the primary-key index
    # instead of landing all over it, which makes a large import's inserts cheaper.
    fresh = iter(sorted(new_ids(len(keys) - keys.count(None))))
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
            no = got.household.get("household_no") or _number_of(key, numbers, known_rooms)
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
        people.append(
            PersonPlan(
                r.index,
                person_id,
                found is not None,
                key,
                got.person,
                got.training,
                home=found[1] if found else None,
            )
        )
    new_households = [h for h in households.values() if not h.existing]
    for h, hid in zip(new_households, sorted(new_ids(len(new_households))), strict=True):
        h.id = hid
    return people, households


def _known_households(
    conn: Any, community_id: str | None
) -> tuple[dict[str, tuple[str, str | None]], dict[str, str], _Numbers]:
    """The community's households by 户号 (id, head), 户号 by building-unit-room, and the
    numbers by their heads' ID numbers: one read of the household table."""
    known: dict[str, tuple[str, str | None]] = {}
    rooms: dict[str, str] = {}
    heads: dict[str, str] = {}
    for r in conn.execute(
        "SELECT h.household_no, h.id, h.head_person_id, b.number, h.unit, h.room, p.id_number"
        " FROM household h LEFT JOIN building b ON b.id = h.building_id"
        " LEFT JOIN person p ON p.id = h.head_person_id AND p.deleted = 0"
        " WHERE h.deleted = 0 AND h.community_id = ? ORDER BY h.created_at",
        (community_id,),
    ):
        known.setdefault(r[0], (r[1], r[2]))
        if r[5]:
            rooms.setdefault(room_key(r[3], r[4], r[5]), r[0])
        if r[6]:
            heads.setdefault(r[6], r[0])
    return known, rooms, _Numbers(heads, known)


def _number_of(key: str, numbers: _Numbers, known_rooms: dict[str, str]) -> str:
    """The 户号 of a household the roster gave none."""
    if key.startswith(HEAD_KEY):
        # the household its head already heads here, or a new one numbered here
        return numbers.headed_by(key.removeprefix(HEAD_KEY))
    # Without 户号 the room names the household: the one living there already, or a new
    # one numbered after its room.
    room, seq = key.removeprefix("room:").rsplit("#", 1)
    return known_rooms.get(room, room) if seq == "0" else f"{room}({int(seq) + 1})"


class _Numbers:
    """户号 for households a roster names by their heads' ID numbers: the number of the
    household the person already heads in this community, else the next 自编-0001 (after the
    highest given before), in file order."""

    def __init__(self, heads: dict[str, str], numbers: Iterable[str]) -> None:
        self.heads = heads
        given = (n[len(SELF_NUMBERED) :] for n in numbers if n and n.startswith(SELF_NUMBERED))
        self.last = max((int(n) for n in given if n.isdigit()), default=0)

    def headed_by(self, id_number: str) -> str:
        if id_number not in self.heads:
            self.last += 1
            self.heads[id_number] = f"{SELF_NUMBERED}{self.last:04d}"
        return self.heads[id_number]
