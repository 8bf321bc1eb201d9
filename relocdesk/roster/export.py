"""Households and people to a formatted .xlsx that the import reads back.

The first sheet is the roster, one row per person with the household columns repeated, under
the canonical Chinese headers of ``columns.TARGETS``; coded values are written as their
Chinese labels and ID numbers as text cells. A person's training columns hold their newest
training (the household file lists them all). A second sheet lists the households.
Exporting personal data is recorded in the audit table.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from relocdesk import enums, household_facts, masking, places, xlsx
from relocdesk.roster.columns import TARGETS as ALL_TARGETS
from relocdesk.roster.columns import export_value
from relocdesk.roster.plan import CHECK_EVERY, Cancel, ImportCancelled, Progress

if TYPE_CHECKING:
    from relocdesk.desk import Desk

ROSTER_SHEET = "花名册"
HOUSEHOLD_SHEET = "住户"
_TEXT_FIELDS = frozenset(
    {
        "id_number",
        "phone",
        "household_phone",
        "household_no",
        "room",
        "building",
        "permit_number",
        "origin_region_code",
    }
)

_PEOPLE_SQL = """
SELECT p.*, h.household_no, h.unit, h.room, h.origin_county, h.origin_township,
       h.origin_village, h.origin_region_code, h.move_in_date, h.registration_status,
       h.formerly_poor, h.monitored,
       h.monitor_type, h.monitor_risk, h.housing_safety, h.water_safety, h.guarantees_checked,
       h.dibao, h.extreme_poverty, h.income_year, h.income_wages, h.income_business,
       h.income_transfers, h.income_property, h.income_last_year,
       h.phone AS household_phone, h.notes, b.number AS building,
       t.course, t.provider, t.start_date, t.end_date, t.certificate, t.result
FROM person p JOIN household h ON h.id = p.household_id
LEFT JOIN building b ON b.id = h.building_id
LEFT JOIN training t ON t.id = (
    SELECT n.id FROM training n WHERE n.person_id = p.id AND n.deleted = 0
    ORDER BY coalesce(n.start_date, n.end_date, n.created_at) DESC, n.created_at DESC LIMIT 1)
WHERE p.deleted = 0 AND h.deleted = 0 AND p.community_id = ?
ORDER BY b.number, h.unit, h.room, h.household_no, p.relation = 'head' DESC, p.birth_date
"""

_HOUSEHOLD_SQL = """
SELECT h.*, b.number AS building, hp.name AS head_name,
       (SELECT count(*) FROM person m WHERE m.household_id = h.id AND m.deleted = 0) AS members
FROM household h LEFT JOIN building b ON b.id = h.building_id
LEFT JOIN person hp ON hp.id = h.head_person_id
WHERE h.deleted = 0 AND h.community_id = ?
ORDER BY b.number, h.unit, h.room, h.household_no
"""

_HOUSEHOLD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("household_no", "户号"),
    ("building", "楼栋"),
    ("unit", "单元"),
    ("room", "房号"),
    ("head_name", "户主姓名"),
    ("members", "人口数"),
    ("phone", "家庭电话"),
    ("origin_county", "迁出县"),
    ("origin_township", "迁出乡镇"),
    ("origin_village", "迁出村"),
    ("origin_region_code", "迁出地区划代码"),
    ("move_in_date", "入住日期"),
    ("registration_status", "户籍状态"),
    ("dibao", "低保"),
    ("monitor_type", "监测对象类型"),
    ("monitor_risk", "风险类型"),
    ("housing_safety", "住房安全"),
    ("water_safety", "饮水安全"),
    ("guarantees_checked", "“3+1”核查日期"),
    ("income_year", "收入年度"),
    ("income_wages", "工资性收入"),
    ("income_business", "生产经营性收入"),
    ("income_transfers", "转移性收入"),
    ("income_property", "财产性收入"),
    ("income_last_year", "上年家庭纯收入"),
    ("status", "状态"),
)
_HOUSEHOLD_LABELS = {
    "registration_status": enums.REGISTRATION_STATUS,
    "dibao": enums.DIBAO,
    "status": enums.HOUSEHOLD_STATUS,
    "monitor_type": enums.MONITOR_TYPE,
    "monitor_risk": enums.MONITOR_RISK,
    "housing_safety": enums.SAFETY,
    "water_safety": enums.SAFETY,
}


TARGETS = tuple(t for t in ALL_TARGETS if t.exported)


def export_roster(
    desk: Desk,
    path: str | Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> int:
    """Write the roster; returns the number of people. A cancel leaves no file behind.

    Rows go into the file as they are read from the database, never all held at once: a
    cancel stops the writing, and the unfinished file is removed."""
    target = Path(path)
    total = desk.people.count()
    community = desk.community() or {}
    written = [0]
    role = masking.device_role(desk.conn)
    masks = masking.masks_ids(role)

    def lines() -> Iterator[list[xlsx.Cell]]:
        for n, row in enumerate(desk.conn.execute(_PEOPLE_SQL, (desk.community_id,)), 1):
            if n % CHECK_EVERY == 0:
                if cancel is not None and cancel():
                    raise ImportCancelled("导出已取消 / export cancelled")
                if progress is not None:
                    progress(n, total)
            values = dict(row)
            # a row from a device before the type has only the flag: write the type it implies
            values["monitor_type"] = household_facts.monitor_type(values)
            _blank_unrecorded_income(values)
            if masks:  # a building head's device exports ID numbers masked
                values["id_number"] = masking.shown(values.get("id_number"), role)
            yield [export_value(t.field, values.get(t.field)) for t in TARGETS]
            written[0] = n
        if cancel is not None and cancel():
            raise ImportCancelled("导出已取消 / export cancelled")

    today = datetime.date.today().isoformat()
    title = f"{community.get('name', '')}搬迁群众花名册（导出日期 {today}）"
    headers = [t.header for t in TARGETS]
    body = lines()
    sample = list(itertools.islice(body, xlsx.WIDTH_SAMPLE))
    roster = xlsx.Sheet(
        ROSTER_SHEET,
        itertools.chain([[title], headers], sample, body),
        widths=xlsx.fitted_widths(headers, sample),
        frozen_rows=2,
        row_styles={0: xlsx.TITLE, 1: xlsx.HEADER},
        # ID numbers, phones and room numbers stay text when the clerk edits and re-saves
        text_columns=frozenset(i for i, t in enumerate(TARGETS) if t.field in _TEXT_FIELDS),
    )
    with places.side_file(target) as side:
        xlsx.write(side, [roster, _households(desk)])
    desk.audit.create(
        action="export_roster",
        subject_table="person",
        actor="",
        at=datetime.datetime.now().isoformat(timespec="seconds"),
        detail=f"{written[0]} people -> {target.name}",
    )
    if progress is not None:
        progress(total, total)
    return written[0]


_KINDS = ("income_wages", "income_business", "income_transfers", "income_property")


def _blank_unrecorded_income(values: dict[str, object]) -> None:
    """No income year and nothing in the kinds: blanks, not four 0s the clerk would read as
    a household earning nothing (the store keeps 0 for "not recorded")."""
    if values.get("income_year") is None and not any(values.get(k) for k in _KINDS):
        values.update(dict.fromkeys(_KINDS))


def _household_rows(desk: Desk) -> Iterator[list[xlsx.Cell]]:
    yield [h for _, h in _HOUSEHOLD_COLUMNS]
    for row in desk.conn.execute(_HOUSEHOLD_SQL, (desk.community_id,)):
        values = dict(row)
        values["monitor_type"] = household_facts.monitor_type(values)
        _blank_unrecorded_income(values)
        out: list[xlsx.Cell] = []
        for key, _ in _HOUSEHOLD_COLUMNS:
            v = values.get(key)
            if key in _HOUSEHOLD_LABELS:
                out.append(enums.label(_HOUSEHOLD_LABELS[key], v))
            else:
                out.append(v)
        yield out


def _households(desk: Desk) -> xlsx.Sheet:
    rows = _household_rows(desk)
    sample = list(itertools.islice(rows, xlsx.WIDTH_SAMPLE + 1))  # the headers, then rows
    return xlsx.Sheet(
        HOUSEHOLD_SHEET,
        itertools.chain(sample, rows),
        widths=xlsx.fitted_widths([h for _, h in _HOUSEHOLD_COLUMNS], sample[1:]),
        frozen_rows=1,
        row_styles={0: xlsx.HEADER},
        text_columns=frozenset({0, 1, 3, 6}),
    )
