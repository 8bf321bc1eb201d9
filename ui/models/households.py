"""The household list: its columns and how they read. Filters, sorting and the rows
themselves are the core's (``relocdesk.queries.lists``), reached through the façade."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from relocdesk import enums
from ui.i18n import N, enum_label
from ui.models.lazy import Column, Rows, Source, Window

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.lists import ListQuery


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


COLUMNS = (
    Column("household_no", N("columns", "Household no.")),
    Column("room_key", N("columns", "Room")),
    Column("head", N("columns", "Head")),
    Column("members", N("columns", "Members"), numeric=True),
    Column("origin", N("columns", "Origin")),
    Column(
        "registration_status",
        N("columns", "Registration"),
        render=lambda v: enum_label(enums.REGISTRATION_STATUS, v),
    ),
    Column("flags", N("columns", "Flags"), render=_flags),
    Column("per_capita", N("columns", "Per-capita income"), render=_money, numeric=True),
    Column("phone", N("columns", "Phone")),
)


def _count(desk: Desk, query: ListQuery) -> int:
    return desk.list_count("households", query)


def _window(desk: Desk, query: ListQuery, offset: int, limit: int) -> Window:
    return desk.list_window("households", query, offset, limit)


def _ids(desk: Desk, query: ListQuery) -> list[int]:
    return desk.list_ids("households", query)


def _rows(desk: Desk, rowids: Sequence[int]) -> Rows:
    return desk.list_rows("households", rowids)


def source() -> Source:
    return Source(columns=COLUMNS, count=_count, window=_window, ids=_ids, rows=_rows)
