"""The household and people lists: filters, sort keys, and the reads behind a lazy list.

A list of any size is read as a count (``list_count``) and windows (``list_window``): the
rows from one position to another in display order, the sort done by SQL (by index where
there is one: names, household numbers, phones, ...), so the screen's cost does not grow
with the community. ``household_ids``/``people_ids`` give the rowids of every matching
row in the same order (the full query the windows are checked against);
``household_rows``/``people_rows`` fetch rows by rowid.

Filter names are the screens' own: households take ``building_id``, ``unit``, ``flag``,
``registration_status``, ``status``, ``text``; people take ``building_id``, ``unit``,
``employment_status``, ``labour_capacity``, ``gender``, ``group``, ``text``. Sort keys
are the column names of the rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, cast

from relocdesk import enums, household_facts

ListKind = Literal["households", "people"]


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: its filters (empty values mean "any"), a sort key, a direction."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: str | None = None  # a column name of the rows; None: the list's own order
    descending: bool = False


class HouseholdListRow(TypedDict):
    rowid: int
    id: str
    household_id: str
    household_no: str
    room_key: str | None  # building-unit-room
    head: str | None
    members: int
    origin: str
    registration_status: str
    flags: str  # comma-separated codes: monitored, formerly_poor, dibao_rural, ...
    per_capita: float
    phone: str | None


class PersonListRow(TypedDict):
    rowid: int
    id: str
    household_id: str
    name: str
    gender: str | None
    birth_date: str | None
    relation: str | None
    room_key: str | None
    id_number: str | None
    employment_status: str | None
    employer: str | None
    labour_capacity: str | None
    groups: str  # comma-separated codes: left_behind_child, elderly_alone, ...
    phone: str | None


ListRow = HouseholdListRow | PersonListRow
Rows = list[ListRow]  # one window of a list, in its order

_EMPLOYED = "(" + ", ".join(f"'{c}'" for c in sorted(enums.EMPLOYED)) + ")"
_MEMBERS = "(SELECT count(*) FROM person m WHERE m.household_id = h.id AND m.deleted = 0)"
_INCOME = "(h.income_wages + h.income_business + h.income_transfers + h.income_property)"
_ROOM_KEY = "b.number || '-' || coalesce(h.unit, '') || '-' || coalesce(h.room, '')"

# Buildings and rooms in the order people walk them: building 2 before 10, room 101 before 1001.
ROOM_ORDER = (
    "CAST(b.number AS INTEGER)",
    "b.number",
    "h.unit",
    "CAST(h.room AS INTEGER)",
    "h.room",
)

# -- households ------------------------------------------------------------------------------

HOUSEHOLD_SORTS: Mapping[str, tuple[str, ...]] = {
    "household_no": ("h.household_no",),
    "room_key": ROOM_ORDER,
    "head": ("hp.name",),
    "members": (_MEMBERS,),
    "origin": ("h.origin_township", "h.origin_village"),
    "registration_status": ("h.registration_status",),
    "flags": ("h.monitored", "h.dibao", "h.formerly_poor"),
    "per_capita": (f"{_INCOME} / max(1, {_MEMBERS})",),
    "phone": ("h.phone",),
}

HOUSEHOLD_FLAGS: Mapping[str, str] = {
    "monitored": "h.monitored = 1",
    # by monitoring type; a flag without a type counts as the type it implies
    **{
        f"monitor_{code}": f"h.monitored = 1 AND {household_facts.TYPE_SQL} = '{code}'"
        for code in enums.MONITOR_TYPE
    },
    "formerly_poor": "h.formerly_poor = 1",
    "dibao_rural": "h.dibao = 'rural'",
    "dibao_urban": "h.dibao = 'urban'",
    "dibao_any": "h.dibao IN ('rural', 'urban')",
    "extreme_poverty": "h.extreme_poverty = 1",
    "no_employed": (
        f"{_MEMBERS} > 0 AND NOT EXISTS (SELECT 1 FROM person e WHERE e.household_id = h.id"
        f" AND e.deleted = 0 AND e.employment_status IN {_EMPLOYED})"
    ),
}

_HOUSEHOLDS_FROM = (
    " FROM household h LEFT JOIN building b ON b.id = h.building_id"
    " LEFT JOIN person hp ON hp.id = h.head_person_id"
)

_HOUSEHOLD_ROWS = (
    "SELECT h.rowid AS rowid, h.id, h.id AS household_id, h.household_no,"
    f" {_ROOM_KEY} AS room_key, hp.name AS head, {_MEMBERS} AS members,"
    " trim(coalesce(h.origin_township, '') || ' ' || coalesce(h.origin_village, '')) AS origin,"
    " h.registration_status,"
    " trim(CASE WHEN h.monitored THEN 'monitored,' ELSE '' END"
    "   || CASE WHEN h.formerly_poor THEN 'formerly_poor,' ELSE '' END"
    "   || CASE h.dibao WHEN 'rural' THEN 'dibao_rural,' WHEN 'urban' THEN 'dibao_urban,'"
    "      ELSE '' END"
    "   || CASE WHEN h.extreme_poverty THEN 'extreme_poverty,' ELSE '' END, ',') AS flags,"
    f" {_INCOME} / max(1, {_MEMBERS}) AS per_capita, h.phone"
    f"{_HOUSEHOLDS_FROM} WHERE h.rowid IN ({{marks}})"
)


def _household_where(filters: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    where = ["h.deleted = 0"]
    params: list[Any] = []
    if "building_id" in filters:
        where.append("h.building_id = ?")
        params.append(filters["building_id"])
    if "unit" in filters:
        where.append("h.unit = ?")
        params.append(int(filters["unit"]))
    if filters.get("flag") in HOUSEHOLD_FLAGS:
        where.append(HOUSEHOLD_FLAGS[filters["flag"]])
    if "registration_status" in filters:
        where.append("h.registration_status = ?")
        params.append(filters["registration_status"])
    where.append("h.status = ?")
    params.append(filters.get("status", "active"))
    if "text" in filters:
        where.append("(hp.name LIKE ? OR h.household_no LIKE ? OR h.room LIKE ?)")
        like = f"%{filters['text']}%"
        params += [like, like, like]
    return where, params


def _households_from(query: ListQuery, ordered: bool) -> str:
    """Only the tables the query needs: SQLite keeps a LEFT JOIN on a TEXT primary key (it
    may hold NULLs), so an unused one would be looked up for every household counted. A
    sort by household number reads that index to the window (store migration 0014)."""
    hinted = ordered and query.sort == "household_no"
    sql = " FROM household h INDEXED BY household_no_idx" if hinted else " FROM household h"
    if ordered and query.sort in (None, "room_key"):
        sql += " LEFT JOIN building b ON b.id = h.building_id"
    if query.filters.get("text") or (ordered and query.sort == "head"):
        sql += " LEFT JOIN person hp ON hp.id = h.head_person_id"
    return sql


def _household_select(query: ListQuery, what: str, ordered: bool) -> tuple[str, list[Any]]:
    where, params = _household_where(_given(query.filters))
    sql = f"SELECT {what}{_households_from(query, ordered)} WHERE {' AND '.join(where)}"
    if ordered:
        order = _order(HOUSEHOLD_SORTS, query, ROOM_ORDER)
        sql += f" ORDER BY {order}, h.rowid"
    return sql, params


def household_ids(conn: sqlite3.Connection, query: ListQuery) -> list[int]:
    """The rowids of the households the query lists, in its order."""
    sql, params = _household_select(query, "h.rowid", ordered=True)
    return [r[0] for r in conn.execute(sql, params)]


def household_rows(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, HouseholdListRow]:
    return {r["rowid"]: cast(HouseholdListRow, r) for r in _window(conn, _HOUSEHOLD_ROWS, rowids)}


# -- people ----------------------------------------------------------------------------------

PEOPLE_SORTS: Mapping[str, tuple[str, ...]] = {
    "name": ("p.name",),
    "gender": ("p.gender",),
    "birth_date": ("p.birth_date",),
    "relation": ("p.relation",),
    "room_key": ROOM_ORDER,
    "id_number": ("p.id_number",),
    "employment_status": ("p.employment_status",),
    "employer": ("p.employer",),
    "labour_capacity": ("p.labour_capacity",),
    "phone": ("p.phone",),
}

PEOPLE_GROUPS: Mapping[str, str] = {
    "left_behind_child": "p.left_behind_child = 1",
    "elderly_alone": "p.elderly_alone = 1",
    "severe_disability": "p.severe_disability = 1",
    "child_in_difficulty": "p.child_in_difficulty = 1",
    "elderly_in_difficulty": "p.elderly_in_difficulty = 1",
    "serious_illness": "coalesce(p.serious_illness, '') <> ''",
    "out_of_school": "p.school_status = 'not_enrolled'",
    "no_medical_insurance": "p.ins_medical = 0",
    "employed": f"p.employment_status IN {_EMPLOYED}",
}

# Equal filters: the filter's name and the column it is compared with.
_PEOPLE_EQUAL = (
    ("building_id", "h.building_id"),
    ("employment_status", "p.employment_status"),
    ("labour_capacity", "p.labour_capacity"),
    ("gender", "p.gender"),
)

_PEOPLE_FROM = (
    " FROM person p JOIN household h ON h.id = p.household_id"
    " LEFT JOIN building b ON b.id = h.building_id"
)

_PEOPLE_ROWS = (
    "SELECT p.rowid AS rowid, p.id, p.household_id, p.name, p.gender, p.birth_date, p.relation,"
    f" {_ROOM_KEY} AS room_key,"
    " p.id_number, p.employment_status, p.employer, p.labour_capacity,"
    " trim(CASE WHEN p.left_behind_child THEN 'left_behind_child,' ELSE '' END"
    "   || CASE WHEN p.elderly_alone THEN 'elderly_alone,' ELSE '' END"
    "   || CASE WHEN p.severe_disability THEN 'severe_disability,' ELSE '' END"
    "   || CASE WHEN coalesce(p.serious_illness, '') <> '' THEN 'serious_illness,' ELSE '' END"
    "   || CASE WHEN p.child_in_difficulty THEN 'child_in_difficulty,' ELSE '' END"
    "   || CASE WHEN p.elderly_in_difficulty THEN 'elderly_in_difficulty,' ELSE '' END,"
    "   ',') AS groups, p.phone"
    f"{_PEOPLE_FROM} WHERE p.rowid IN ({{marks}})"
)


def _people_where(filters: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    where = ["p.deleted = 0", "h.deleted = 0"]
    params: list[Any] = []
    for key, column in _PEOPLE_EQUAL:
        if key in filters:
            where.append(f"{column} = ?")
            params.append(filters[key])
    if "unit" in filters:
        where.append("h.unit = ?")
        params.append(int(filters["unit"]))
    if filters.get("group") in PEOPLE_GROUPS:
        where.append(PEOPLE_GROUPS[filters["group"]])
    if "text" in filters:
        where.append("p.name LIKE ?")
        params.append(f"%{filters['text']}%")
    return where, params


def _people_from(query: ListQuery, ordered: bool) -> str:
    """The people list's tables, told which indexes to read (store migration 0014): each
    person's household is checked in an index holding what the list filters and sorts on
    (SQLite would otherwise take the primary key and read every household's row), and a
    sort by name reads the live names with their households, so a window deep in the list
    reads index pages only. Both indexes are partial (live rows), as the list is."""
    by_name = ordered and query.sort == "name"
    person = "person p INDEXED BY person_list_name_idx" if by_name else "person p"
    sql = f" FROM {person} JOIN household h INDEXED BY household_list_id_idx"
    if ordered and query.sort in (None, "room_key"):
        sql += " ON h.id = p.household_id LEFT JOIN building b ON b.id = h.building_id"
        return sql
    return sql + " ON h.id = p.household_id"


def _people_select(query: ListQuery, what: str, ordered: bool) -> tuple[str, list[Any]]:
    where, params = _people_where(_given(query.filters))
    sql = f"SELECT {what}{_people_from(query, ordered)} WHERE {' AND '.join(where)}"
    if ordered:
        order = _order(PEOPLE_SORTS, query, (*ROOM_ORDER, "p.birth_date"))
        sql += f" ORDER BY {order}, p.rowid"
    return sql, params


def people_ids(conn: sqlite3.Connection, query: ListQuery) -> list[int]:
    """The rowids of the people the query lists, in its order."""
    sql, params = _people_select(query, "p.rowid", ordered=True)
    return [r[0] for r in conn.execute(sql, params)]


def people_rows(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, PersonListRow]:
    return {r["rowid"]: cast(PersonListRow, r) for r in _window(conn, _PEOPLE_ROWS, rowids)}


# -- shared ----------------------------------------------------------------------------------


def list_ids(conn: sqlite3.Connection, kind: ListKind, query: ListQuery) -> list[int]:
    return household_ids(conn, query) if kind == "households" else people_ids(conn, query)


def list_rows(
    conn: sqlite3.Connection, kind: ListKind, rowids: Sequence[int]
) -> Mapping[int, ListRow]:
    return household_rows(conn, rowids) if kind == "households" else people_rows(conn, rowids)


def _select(kind: ListKind, query: ListQuery, what: str, ordered: bool) -> tuple[str, list[Any]]:
    if kind == "households":
        return _household_select(query, what, ordered)
    return _people_select(query, what, ordered)


def list_count(conn: sqlite3.Connection, kind: ListKind, query: ListQuery) -> int:
    """How many rows the query lists (no sort: a sort never changes the count)."""
    sql, params = _select(kind, query, "count(*)", ordered=False)
    return int(conn.execute(sql, params).fetchone()[0])


def list_window(
    conn: sqlite3.Connection, kind: ListKind, query: ListQuery, offset: int, limit: int
) -> Rows:
    """The rows at positions ``offset`` to ``offset + limit`` of the list, in its order.

    The window's rowids come first (the sort reads an index and stops after the window);
    only then are the window's rows built, their per-row sums (members, income) included,
    so those run ``limit`` times and not once per row of the community."""
    sql, params = _select(kind, query, f"{_ALIAS[kind]}.rowid", ordered=True)
    cur = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*params, max(0, limit), max(0, offset)])
    rowids = [r[0] for r in cur]
    found = list_rows(conn, kind, rowids)
    return [found[i] for i in rowids if i in found]


_ALIAS: Mapping[ListKind, str] = {"households": "h", "people": "p"}


def _given(filters: Mapping[str, Any]) -> dict[str, Any]:
    """An empty choice ("all buildings", blank text) is no filter at all."""
    return {k: v for k, v in filters.items() if v not in (None, "")}


def _order(sorts: Mapping[str, tuple[str, ...]], query: ListQuery, default: tuple[str, ...]) -> str:
    if query.sort is None:
        return ", ".join(default)
    direction = "DESC" if query.descending else "ASC"
    return ", ".join(f"{part} {direction}" for part in sorts[query.sort])


def _window(conn: sqlite3.Connection, sql: str, rowids: Sequence[int]) -> list[dict[str, Any]]:
    if not rowids:
        return []
    cur = conn.execute(sql.format(marks=",".join("?" * len(rowids))), list(rowids))
    return [dict(r) for r in cur]
