"""From text cells to a checked plan: which people and households to add or change, and why not.

Nothing here writes. Every cell is judged by the app's own rules (``relocdesk.fields``), the
ID number against gender and birth date like the person dialog does, and ID numbers are
matched inside the file and against the database. The plan keeps a report row for every
data row: what will happen to it, and each problem with the field, a code, Chinese and
English text and the raw value, so a clerk can fix the spreadsheet and try again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any

from relocdesk.collector import pausing
from relocdesk.roster import households
from relocdesk.roster.address import prefixes
from relocdesk.roster.cells import CheckedRow, Column, check_row, clean_rows, columns, verdicts
from relocdesk.roster.columns import BY_FIELD, GROUPING, REQUIRED
from relocdesk.roster.ignored import ignored_columns
from relocdesk.roster.planned import (
    Action,
    CellError,
    Duplicates,
    HouseholdPlan,
    ImportCancelled,
    ImportPlan,
    PersonPlan,
    ReportRow,
)
from relocdesk.roster.raw import RawTable
from relocdesk.roster.values import parse_value_map

if TYPE_CHECKING:
    from relocdesk.desk import Desk

# the plan's parts, named here as they always were (the CLI and the import screen use them)
__all__ = [
    "CHECK_EVERY",
    "Action",
    "Cancel",
    "CellError",
    "Duplicates",
    "HouseholdPlan",
    "ImportCancelled",
    "ImportPlan",
    "PersonPlan",
    "Progress",
    "ReportRow",
    "database_stamp",
    "plan_import",
]

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
CHECK_EVERY = 1000


def database_stamp(desk: Desk) -> tuple[Any, ...]:
    """Changes to people, households or buildings after planning make the plan stale."""
    out: list[Any] = []
    for t in ("person", "household", "building"):
        out.extend(desk.conn.execute(f"SELECT count(*), max(updated_at) FROM {t}").fetchone())
    return tuple(out)


# -- the whole file ----------------------------------------------------------------------------


@pausing
def plan_import(
    desk: Desk,
    raw: RawTable,
    mapping: Mapping[int, str | None],
    *,
    duplicates: Duplicates = "skip",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> ImportPlan:
    """Every row checked; ``values`` (field -> {word: known value}, see roster.values) says
    what words no vocabulary knows mean."""
    mapping = dict(mapping)
    # a word mapped to a value the field does not know is refused here too, not only by the CLI
    value_map = parse_value_map(values or {})
    cols = columns(raw, mapping, value_map)
    by_field, problems = _mapped_once(cols)
    problems += _missing_columns(set(by_field))
    total = len(raw.rows)
    checked: list[CheckedRow] = []
    report: list[ReportRow] = []
    if not problems:
        checked, report = _check_rows(raw, cols, by_field, progress, cancel)
    stamp = database_stamp(desk)
    homes: dict[str, HouseholdPlan] = {}
    people: list[PersonPlan] = []
    from_sheets: dict[str, str] = {}
    from_layout: list[str] = []
    if checked:
        households.find_duplicates_in_file(report, checked, cols)
        if not any(c.target.field == "building" for c in cols):  # a column says it better
            from_sheets = households.sheet_places(n for n, _ in raw.sheets)
            from_layout = households.row_places(raw, from_sheets)
        keys = households.group(report, checked, cols, _places(desk), from_layout)
        people, homes = households.resolve(desk, report, checked, keys, duplicates)
    _tick(progress, cancel, 2 * total, 2 * total)
    ignored = ignored_columns(raw.headers, mapping)
    return ImportPlan(
        raw,
        mapping,
        duplicates,
        report,
        problems,
        homes,
        people,
        stamp,
        ignored,
        value_map,
        sheet_places=from_sheets,
    )


def _places(desk: Desk) -> tuple[str, ...]:
    """What an address cell of this community may start with (roster.address)."""
    c = desk.community() or {}
    return prefixes(c.get("county"), c.get("township"), c.get("address"), c.get("name"))


def _mapped_once(cols: list[Column]) -> tuple[dict[str, Column], list[CellError]]:
    """Field -> its column; a field mapped from two columns is a problem with the file."""
    by_field: dict[str, Column] = {}
    problems: list[CellError] = []
    for c in cols:
        if c.field in by_field:
            first = by_field[c.field].header
            problems.append(
                CellError(
                    c.field,
                    c.header,
                    "mapped_twice",
                    f"“{first}”和“{c.header}”两列都对应{c.target.header}，请只保留一列",
                    f"columns {first!r} and {c.header!r} both map to {c.target.en}; keep one",
                    "",
                )
            )
        else:
            by_field[c.field] = c
    return by_field, problems


def _check_rows(
    raw: RawTable,
    cols: list[Column],
    by_field: dict[str, Column],
    progress: Progress | None,
    cancel: Cancel | None,
) -> tuple[list[CheckedRow], list[ReportRow]]:
    """Every data row checked, with its report row (an insert until found otherwise)."""
    total = len(raw.rows)
    checked: list[CheckedRow] = []
    report: list[ReportRow] = []
    # Work units for the progress bar: one pass over the columns, one over the rows.
    judged = verdicts(raw, cols, lambda done: _tick(progress, cancel, done, 2 * total))
    # a clean file is checked whole, column by column; else each row's verdicts, row by row
    clean = clean_rows(cols, judged, by_field, raw.numeric, raw.rows)
    by_row = zip(*judged, strict=True) if judged and clean is None else repeat(())
    # the sheet's row numbers, and a number for every row a hand-made table gave none
    numbers = raw.row_numbers[:total] + list(range(len(raw.row_numbers) + 1, total + 1))
    name_col, id_col = by_field.get("name"), by_field.get("id_number")
    # repeat(()) never ends: zip stops with the rows
    for i, (row, row_verdicts) in enumerate(zip(raw.rows, by_row, strict=False)):
        if i % CHECK_EVERY == 0:
            _tick(progress, cancel, total + i, 2 * total)
        got = clean[i] if clean is not None else check_row(row, cols, row_verdicts, by_field)
        checked.append(got)
        report.append(
            ReportRow(
                i,
                numbers[i],
                "error" if got.errors else "insert",
                _cell(row, name_col),
                str(got.person.get("id_number") or _cell(row, id_col)),
                got.errors,
                got.corrected,
                raw.row_sheets[i] if raw.row_sheets else "",
            )
        )
    return checked, report


def _tick(progress: Progress | None, cancel: Cancel | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled("导入已取消 / import cancelled")
    if progress is not None:
        progress(done, total)


def _cell(row: list[str], col: Column | None) -> str:
    if col is None or col.index >= len(row):
        return ""
    return row[col.index]


def _missing_columns(mapped: set[str]) -> list[CellError]:
    problems = [
        CellError(
            f,
            "",
            "missing_column",
            f"缺少必需的列：{BY_FIELD[f].header}",
            f"required column missing: {BY_FIELD[f].en} ({BY_FIELD[f].header})",
            "",
        )
        for f in REQUIRED
        if f not in mapped
    ]
    if not mapped & set(GROUPING):
        problems.append(
            CellError(
                "household_no",
                "",
                "missing_column",
                "缺少户号、房号或户主身份证号码列，无法把人员分到各户",
                "a household number, room or head's ID number column is needed to group people"
                " into households",
                "",
            )
        )
    return problems
