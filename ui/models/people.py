"""The people list over the whole community: its columns and how they read. Filters,
sorting and the rows themselves are the core's (``relocdesk.queries.lists``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from relocdesk import enums
from relocdesk.validation import mask_id_number
from ui.i18n import N, enum_label
from ui.models.lazy import Column, Rows, Source, Window

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.lists import ListQuery


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
    # The product's one masking: the full number only on an explicit, audited reveal.
    return mask_id_number(value)


def _groups(value: str | None) -> str:
    if not value:
        return ""
    names = {
        "left_behind_child": QCoreApplication.translate("groups", "left-behind child"),
        "elderly_alone": QCoreApplication.translate("groups", "elderly living alone"),
        "severe_disability": QCoreApplication.translate("groups", "severe disability"),
        "serious_illness": QCoreApplication.translate("groups", "serious illness"),
        "child_in_difficulty": QCoreApplication.translate("groups", "child in difficulty"),
        "elderly_in_difficulty": QCoreApplication.translate("groups", "elderly in difficulty"),
    }
    return ", ".join(names.get(v, v) for v in value.split(","))


def _age_text(value: Any) -> str:
    got = age(value)
    return "" if got is None else str(got)


COLUMNS = (
    Column("name", N("columns", "Name")),
    Column("gender", N("columns", "Gender"), render=lambda v: enum_label(enums.GENDER, v)),
    Column("birth_date", N("columns", "Age"), render=_age_text, numeric=True),
    Column("relation", N("columns", "Relation"), render=lambda v: enum_label(enums.RELATION, v)),
    Column("room_key", N("columns", "Room")),
    Column("id_number", N("columns", "ID number"), render=masked_id),
    Column(
        "employment_status",
        N("columns", "Employment"),
        render=lambda v: enum_label(enums.EMPLOYMENT_STATUS, v),
    ),
    Column("employer", N("columns", "Employer")),
    Column(
        "labour_capacity",
        N("columns", "Labour capacity"),
        render=lambda v: enum_label(enums.LABOUR_CAPACITY, v),
    ),
    Column("groups", N("columns", "Special groups"), sortable=False, render=_groups),
    Column("phone", N("columns", "Phone")),
)


def _count(desk: Desk, query: ListQuery) -> int:
    return desk.list_count("people", query)


def _window(desk: Desk, query: ListQuery, offset: int, limit: int) -> Window:
    return desk.list_window("people", query, offset, limit)


def _ids(desk: Desk, query: ListQuery) -> list[int]:
    return desk.list_ids("people", query)


def _rows(desk: Desk, rowids: Sequence[int]) -> Rows:
    return desk.list_rows("people", rowids)


def source() -> Source:
    return Source(columns=COLUMNS, count=_count, window=_window, ids=_ids, rows=_rows)
