"""The household list: what it shows, how it sorts, how it filters.

The SQL lives here because the façade has no list queries yet; it only reads, and it runs
on the database worker like everything else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from relocdesk import enums
from ui.i18n import N, enum_label
from ui.models.lazy import Column, Source

_MEMBERS = "(SELECT count(*) FROM person m WHERE m.household_id = h.id AND m.deleted = 0)"
_INCOME = "(h.income_wages + h.income_business + h.income_transfers + h.income_property)"


def _flags(value: str | None) -> str:
    if not value:
        return ""
    names = {
        "monitored": QCoreApplication.translate("flags", "monitored"),
        "formerly_poor": QCoreApplication.translate("flags", "formerly poor"),
        "dibao_rural": enum_label(enums.DIBAO, "rural"),
        "dibao_urban": enum_label(enums.DIBAO, "urban"),
        "extreme_poverty": QCoreApplication.translate("flags", "extreme poverty"),
    }
    return ", ".join(names.get(v, v) for v in value.split(","))


def _money(value: Any) -> str:
    return "" if value is None else f"{float(value):,.0f}"


# Buildings and rooms in the order people walk them: building 2 before 10, room 101 before 1001.
ROOM_ORDER = (
    "CAST(b.number AS INTEGER)",
    "b.number",
    "h.unit",
    "CAST(h.room AS INTEGER)",
    "h.room",
)


def room_text(building: Any, unit: Any, room: Any) -> str:
    return "-".join(str(p) for p in (building, unit, room) if p not in (None, ""))


COLUMNS = (
    Column("household_no", N("columns", "Household no."), ("h.household_no",)),
    Column(
        "room_key",
        N("columns", "Room"),
        ROOM_ORDER,
    ),
    Column("head", N("columns", "Head"), ("hp.name",)),
    Column("members", N("columns", "Members"), (_MEMBERS,), numeric=True),
    Column("origin", N("columns", "Origin"), ("h.origin_township", "h.origin_village")),
    Column(
        "registration_status",
        N("columns", "Registration"),
        ("h.registration_status",),
        lambda v: enum_label(enums.REGISTRATION_STATUS, v),
    ),
    Column("flags", N("columns", "Flags"), ("h.monitored", "h.dibao", "h.formerly_poor"), _flags),
    Column(
        "per_capita",
        N("columns", "Per-capita income"),
        (f"{_INCOME} / max(1, {_MEMBERS})",),
        _money,
        numeric=True,
    ),
    Column("phone", N("columns", "Phone"), ("h.phone",)),
)

_FROM = (
    " FROM household h LEFT JOIN building b ON b.id = h.building_id"
    " LEFT JOIN person hp ON hp.id = h.head_person_id"
)

ROWS_SQL = (
    "SELECT h.rowid AS _rowid, h.id AS _id, h.id AS _household, h.household_no,"
    " b.number || '-' || coalesce(h.unit, '') || '-' || coalesce(h.room, '') AS room_key,"
    f" hp.name AS head, {_MEMBERS} AS members,"
    " trim(coalesce(h.origin_township, '') || ' ' || coalesce(h.origin_village, '')) AS origin,"
    " h.registration_status,"
    " trim(CASE WHEN h.monitored THEN 'monitored,' ELSE '' END"
    "   || CASE WHEN h.formerly_poor THEN 'formerly_poor,' ELSE '' END"
    "   || CASE h.dibao WHEN 'rural' THEN 'dibao_rural,' WHEN 'urban' THEN 'dibao_urban,'"
    "      ELSE '' END"
    "   || CASE WHEN h.extreme_poverty THEN 'extreme_poverty,' ELSE '' END, ',') AS flags,"
    f" {_INCOME} / max(1, {_MEMBERS}) AS per_capita, h.phone"
    f"{_FROM} WHERE h.rowid IN ({{marks}})"
)

# Filter keys: building_id, unit, flag, registration_status, status, text.
FLAG_SQL = {
    "monitored": "h.monitored = 1",
    "formerly_poor": "h.formerly_poor = 1",
    "dibao_rural": "h.dibao = 'rural'",
    "dibao_urban": "h.dibao = 'urban'",
    "dibao_any": "h.dibao IN ('rural', 'urban')",
    "extreme_poverty": "h.extreme_poverty = 1",
    "no_employed": (
        f"{_MEMBERS} > 0 AND NOT EXISTS (SELECT 1 FROM person e WHERE e.household_id = h.id"
        " AND e.deleted = 0 AND e.employment_status IN ("
        + ", ".join(f"'{c}'" for c in sorted(enums.EMPLOYED))
        + "))"
    ),
}


def ids_sql(filters: dict[str, Any], order: str) -> tuple[str, list[Any]]:
    where = ["h.deleted = 0"]
    params: list[Any] = []
    if "building_id" in filters:
        where.append("h.building_id = ?")
        params.append(filters["building_id"])
    if "unit" in filters:
        where.append("h.unit = ?")
        params.append(int(filters["unit"]))
    if filters.get("flag") in FLAG_SQL:
        where.append(FLAG_SQL[filters["flag"]])
    if "registration_status" in filters:
        where.append("h.registration_status = ?")
        params.append(filters["registration_status"])
    where.append("h.status = ?")
    params.append(filters.get("status", "active"))
    if "text" in filters:
        where.append("(hp.name LIKE ? OR h.household_no LIKE ? OR h.room LIKE ?)")
        like = f"%{filters['text']}%"
        params += [like, like, like]
    sql = f"SELECT h.rowid{_FROM} WHERE {' AND '.join(where)} ORDER BY {order}, h.rowid"
    return sql, params


def source() -> Source:
    return Source(
        columns=COLUMNS,
        ids_sql=ids_sql,
        rows_sql=ROWS_SQL,
        default_order=", ".join(ROOM_ORDER),
    )
