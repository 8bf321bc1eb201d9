"""The people list over the whole community: columns, sorting, filters."""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from relocdesk import enums
from ui.i18n import N, enum_label
from ui.models.households import ROOM_ORDER
from ui.models.lazy import Column, Source


def age(birth_date: str | None, today: datetime.date | None = None) -> int | None:
    if not birth_date:
        return None
    try:
        born = datetime.date.fromisoformat(birth_date)
    except ValueError:
        return None
    now = today or datetime.date.today()
    return now.year - born.year - ((now.month, now.day) < (born.month, born.day))


def masked_id(value: str | None) -> str:
    if not value or len(value) != 18:
        return value or ""
    return f"{value[:6]}********{value[-4:]}"


def _groups(value: str | None) -> str:
    if not value:
        return ""
    names = {
        "left_behind_child": QCoreApplication.translate("groups", "left-behind child"),
        "elderly_alone": QCoreApplication.translate("groups", "elderly living alone"),
        "severe_disability": QCoreApplication.translate("groups", "severe disability"),
        "serious_illness": QCoreApplication.translate("groups", "serious illness"),
    }
    return ", ".join(names.get(v, v) for v in value.split(","))


def _age_text(value: Any) -> str:
    got = age(value)
    return "" if got is None else str(got)


COLUMNS = (
    Column("name", N("columns", "Name"), ("p.name",)),
    Column("gender", N("columns", "Gender"), ("p.gender",), lambda v: enum_label(enums.GENDER, v)),
    Column("birth_date", N("columns", "Age"), ("p.birth_date",), _age_text, numeric=True),
    Column(
        "relation",
        N("columns", "Relation"),
        ("p.relation",),
        lambda v: enum_label(enums.RELATION, v),
    ),
    Column(
        "room_key",
        N("columns", "Room"),
        ROOM_ORDER,
    ),
    Column("id_number", N("columns", "ID number"), ("p.id_number",), masked_id),
    Column(
        "employment_status",
        N("columns", "Employment"),
        ("p.employment_status",),
        lambda v: enum_label(enums.EMPLOYMENT_STATUS, v),
    ),
    Column("employer", N("columns", "Employer"), ("p.employer",)),
    Column(
        "labour_capacity",
        N("columns", "Labour capacity"),
        ("p.labour_capacity",),
        lambda v: enum_label(enums.LABOUR_CAPACITY, v),
    ),
    Column("groups", N("columns", "Special groups"), (), _groups),
    Column("phone", N("columns", "Phone"), ("p.phone",)),
)

_FROM = (
    " FROM person p JOIN household h ON h.id = p.household_id"
    " LEFT JOIN building b ON b.id = h.building_id"
)

ROWS_SQL = (
    "SELECT p.rowid AS _rowid, p.id AS _id, p.household_id AS _household, p.name, p.gender,"
    " p.birth_date, p.relation,"
    " b.number || '-' || coalesce(h.unit, '') || '-' || coalesce(h.room, '') AS room_key,"
    " p.id_number, p.employment_status, p.employer, p.labour_capacity,"
    " trim(CASE WHEN p.left_behind_child THEN 'left_behind_child,' ELSE '' END"
    "   || CASE WHEN p.elderly_alone THEN 'elderly_alone,' ELSE '' END"
    "   || CASE WHEN p.severe_disability THEN 'severe_disability,' ELSE '' END"
    "   || CASE WHEN coalesce(p.serious_illness, '') <> '' THEN 'serious_illness,' ELSE '' END,"
    "   ',') AS groups, p.phone"
    f"{_FROM} WHERE p.rowid IN ({{marks}})"
)

GROUP_SQL = {
    "left_behind_child": "p.left_behind_child = 1",
    "elderly_alone": "p.elderly_alone = 1",
    "severe_disability": "p.severe_disability = 1",
    "serious_illness": "coalesce(p.serious_illness, '') <> ''",
    "out_of_school": "p.school_status = 'not_enrolled'",
    "no_medical_insurance": "p.ins_medical = 0",
    "employed": "p.employment_status IN ("
    + ", ".join(f"'{c}'" for c in sorted(enums.EMPLOYED))
    + ")",
}


def ids_sql(filters: dict[str, Any], order: str) -> tuple[str, list[Any]]:
    where = ["p.deleted = 0", "h.deleted = 0"]
    params: list[Any] = []
    for key, column in (
        ("building_id", "h.building_id"),
        ("employment_status", "p.employment_status"),
        ("labour_capacity", "p.labour_capacity"),
        ("gender", "p.gender"),
    ):
        if key in filters:
            where.append(f"{column} = ?")
            params.append(filters[key])
    if "unit" in filters:
        where.append("h.unit = ?")
        params.append(int(filters["unit"]))
    if filters.get("group") in GROUP_SQL:
        where.append(GROUP_SQL[filters["group"]])
    if "text" in filters:
        where.append("p.name LIKE ?")
        params.append(f"%{filters['text']}%")
    sql = f"SELECT p.rowid{_FROM} WHERE {' AND '.join(where)} ORDER BY {order}, p.rowid"
    return sql, params


def source() -> Source:
    return Source(
        columns=COLUMNS,
        ids_sql=ids_sql,
        rows_sql=ROWS_SQL,
        default_order=", ".join(ROOM_ORDER) + ", p.birth_date",
    )
