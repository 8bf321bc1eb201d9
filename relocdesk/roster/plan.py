"""From text cells to a checked plan: which people and households to add or change, and why not.

Nothing here writes. Every cell is judged by the app's own rules (``relocdesk.fields``), the
ID number against gender and birth date like the person dialog does, and ID numbers are
matched inside the file and against the database. The plan keeps a report row for every
data row: what will happen to it, and each problem with the field, a code, Chinese and
English text and the raw value, so a clerk can fix the spreadsheet and try again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal

from relocdesk import fields, validation
from relocdesk.collector import pausing
from relocdesk.roster.columns import BY_FIELD, GROUPING, REQUIRED, Target, normalize_value
from relocdesk.roster.read import RawTable
from relocdesk.store.rows import new_id
from relocdesk.store.search import room_key

if TYPE_CHECKING:
    from relocdesk.desk import Desk

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
Duplicates = Literal["skip", "update"]
Action = Literal["insert", "update", "skip", "error"]

_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DATE_FIELDS = frozenset({"birth_date", "move_in_date"})
CHECK_EVERY = 1000


class ImportCancelled(Exception):
    """The person cancelled; nothing was written."""


@dataclass(frozen=True)
class CellError:
    field: str
    column: str  # the header as written in the file
    code: str
    message_zh: str
    message_en: str
    value: str  # the raw cell text


@dataclass
class ReportRow:
    index: int  # position among the data rows of the RawTable
    row_number: int  # 1-based row in the sheet, as the clerk sees it
    action: Action
    name: str = ""
    id_number: str = ""
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class HouseholdPlan:
    key: str
    household_no: str
    id: str
    existing: bool
    building: str | None
    values: dict[str, Any] = field(default_factory=dict)  # household columns from the file
    head_person_id: str | None = None
    existing_head: str | None = None


@dataclass
class PersonPlan:
    index: int
    id: str
    existing: bool
    household_key: str
    values: dict[str, Any]  # person columns from the file, cleaned


@dataclass
class ImportPlan:
    raw: RawTable
    mapping: dict[int, str | None]
    duplicates: Duplicates
    report: list[ReportRow]
    problems: list[CellError]  # file-level: missing columns and the like
    households: dict[str, HouseholdPlan]
    people: list[PersonPlan]  # rows to insert or update, file order
    stamp: tuple[Any, ...]  # the state of the database the plan was made against

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.report if r.action == "error")

    @property
    def valid_count(self) -> int:
        return len(self.report) - self.error_count

    def count(self, action: Action) -> int:
        return sum(1 for r in self.report if r.action == action)

    @property
    def ok(self) -> bool:
        return not self.problems and self.error_count == 0

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.raw.source,
            "sheet": self.raw.sheet,
            "encoding": self.raw.encoding,
            "header_row": self.raw.header_row_index + 1,
            # the file's rows, also when missing columns left them unchecked (no report)
            "rows": len(self.raw.rows),
            "valid": self.valid_count,
            "errors": self.error_count,
            "insert": self.count("insert"),
            "update": self.count("update"),
            "skip": self.count("skip"),
            "new_households": sum(1 for h in self.households.values() if not h.existing),
            "duplicates": self.duplicates,
        }

    def to_json(self, max_rows: int | None = None) -> dict[str, Any]:
        bad = [r for r in self.report if r.errors]
        return {
            "summary": self.summary(),
            "mapping": {self.raw.headers[i]: f for i, f in self.mapping.items() if f},
            "problems": [_error_json(e) for e in self.problems],
            "rows": [
                {
                    "row": r.row_number,
                    "name": r.name,
                    "id_number": r.id_number,
                    "errors": [_error_json(e) for e in r.errors],
                }
                for r in bad[:max_rows]
            ],
        }


def _error_json(e: CellError) -> dict[str, str]:
    return {
        "field": e.field,
        "column": e.column,
        "code": e.code,
        "zh": e.message_zh,
        "en": e.message_en,
        "value": e.value,
    }


def database_stamp(desk: Desk) -> tuple[Any, ...]:
    """Changes to people, households or buildings after planning make the plan stale."""
    out: list[Any] = []
    for t in ("person", "household", "building"):
        out.extend(desk.conn.execute(f"SELECT count(*), max(updated_at) FROM {t}").fetchone())
    return tuple(out)


# -- checking one row ----------------------------------------------------------------------------


class _Column:
    """A mapped column, with the verdicts on the texts already seen in it.

    Rosters repeat the same few values down a column (男, 户主, 是, 本地就业, the county):
    each distinct text is judged once per import. The rules are pure, so this is exact.
    """

    __slots__ = (
        "cache",
        "column",
        "date",
        "field",
        "header",
        "index",
        "required",
        "rule",
        "slot",
        "target",
    )

    def __init__(self, index: int, header: str, target: Target) -> None:
        self.index = index
        self.header = header
        self.target = target
        self.field = target.field
        self.column = target.column
        self.required = target.field in REQUIRED
        self.rule = fields.RULES.get(target.table, {}).get(target.column)
        self.date = target.field in _DATE_FIELDS
        self.slot = {"person": 0, "household": 1}.get(target.table, 2)
        self.cache: dict[str, tuple[int, Any]] = {}


_OK, _ERRORS, _MONTH_ONLY = 0, 1, 2


def _columns(raw: RawTable, mapping: Mapping[int, str | None]) -> list[_Column]:
    out: list[_Column] = []
    for i, f in sorted(mapping.items()):
        if f is None or f not in BY_FIELD or i >= len(raw.headers):
            continue
        out.append(_Column(i, raw.headers[i], BY_FIELD[f]))
    return out


def _as_errors(exc: BaseException, column: str, value: str, fallback: str) -> list[CellError]:
    if isinstance(exc, validation.ValidationErrors):
        return [e for sub in exc.errors for e in _as_errors(sub, column, value, fallback)]
    if isinstance(exc, validation.ValidationError):
        return [
            CellError(
                str(exc.field or fallback),
                column,
                str(exc.code),
                str(exc.message_zh),
                str(exc.message_en),
                value,
            )
        ]
    return [
        CellError(
            fallback,
            column,
            "invalid",
            f"无法识别的值：{value}",
            f"value not understood: {value}",
            value,
        )
    ]


def _date_text(text: str) -> str:
    """Chinese date spellings as ISO: 2019年5月3日, 2019.5.3, 20190503; months as YYYY-MM."""
    s = text.strip()
    m = _FULL_DATE.match(s)
    if m:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if len(s) == 8 and s.isdigit():
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    m = _MONTH.match(s)
    if m:
        return f"{m[1]}-{int(m[2]):02d}"
    if len(s) == 6 and s.isdigit() and s[:2] in ("19", "20"):
        return f"{s[:4]}-{s[4:]}"
    return s


def _excel_serial(text: str) -> str | None:
    try:
        n = float(text)
    except ValueError:
        return None
    if not 1 <= n < 80000:
        return None
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(n))).isoformat()


def _required(col: _Column | None, f: str) -> CellError:
    t = BY_FIELD[f]
    return CellError(
        f,
        col.header if col else t.header,
        "required",
        f"{t.header}不能为空",
        f"{t.en} is required",
        "",
    )


@dataclass
class _Row:
    person: dict[str, Any] = field(default_factory=dict)
    household: dict[str, Any] = field(default_factory=dict)
    building: str | None = None
    errors: list[CellError] = field(default_factory=list)


def _judge(c: _Column, text: str, numeric: bool) -> tuple[int, Any]:
    """The verdict on one cell: (_OK, value), (_ERRORS, [CellError]) or (_MONTH_ONLY, 'YYYY-MM')."""
    f = c.field
    try:
        if f == "id_number" and (numeric or _SCIENTIFIC.match(text)):
            return _ERRORS, [_scientific(c.header, text)]
        value: Any = normalize_value(f, text)
        if c.date:
            if numeric:
                value = _excel_serial(text) or text
            value = _date_text(str(value))
            if len(value) == 7:  # a month only: 出生年月, or 入住 2019.05
                if f == "birth_date":
                    return _MONTH_ONLY, value
                value += "-01"
        return _OK, (c.rule(value, c.target.column) if c.rule is not None else value)
    except Exception as e:  # every failure of a rule becomes a report line
        return _ERRORS, _as_errors(e, c.header, text, f)


def _verdicts(
    raw: RawTable, cols: list[_Column], tick: Callable[[int], None]
) -> list[list[tuple[int, Any] | None]]:
    """Column by column, the verdict on every cell (None when blank)."""
    numeric_rows: dict[int, list[int]] = {}
    for i, k in raw.numeric:
        numeric_rows.setdefault(k, []).append(i)
    out: list[list[tuple[int, Any] | None]] = []
    try:
        # One pass turns the rows into columns, four times faster than a pass per column.
        by_column: list[tuple[str, ...]] | None = list(zip(*raw.rows, strict=True))
    except ValueError:  # a table made by hand, with short rows
        by_column = None
    for n, c in enumerate(cols):
        k = c.index
        texts: Sequence[str]
        if by_column is not None and k < len(by_column):
            texts = by_column[k]
        else:
            texts = [r[k] if k < len(r) else "" for r in raw.rows]
        cache = c.cache
        for t in set(texts):
            if t and t not in cache:
                cache[t] = _judge(c, t, False)
        # blank texts are never judged, so they find nothing: None
        verdicts: list[tuple[int, Any] | None] = list(map(cache.get, texts))
        for i in numeric_rows.get(k, ()):
            if i < len(texts) and texts[i]:
                verdicts[i] = _judge(c, texts[i], True)
        out.append(verdicts)
        tick(len(raw.rows) * (n + 1) // max(1, len(cols)))
    return out


def _check_row(
    row: list[str],
    cols: list[_Column],
    verdicts: tuple[tuple[int, Any] | None, ...],
    by_field: dict[str, _Column],
) -> _Row:
    """One row's cells (``verdicts``: the row's verdict in each column) as a person, a
    household and a building, with the problems found."""
    out = _Row()
    person, household = out.person, out.household
    birth_month: str | None = None
    for c, v in zip(cols, verdicts, strict=True):
        if v is None:
            if c.required:
                out.errors.append(_required(c, c.field))
            continue
        kind, got = v
        if kind == _OK:
            slot = c.slot
            if slot == 0:
                person[c.column] = got
            elif slot == 1:
                household[c.column] = got
            else:
                out.building = got
        elif kind == _ERRORS:
            out.errors.extend(got)
        else:
            birth_month = got
    if "id_number" in person:
        _check_identity(out, by_field, row, birth_month)
    return out


RowCheck = Callable[[list[str], tuple[tuple[int, Any] | None, ...]], _Row]


def _clean_rows(
    cols: list[_Column],
    verdicts: list[list[tuple[int, Any] | None]],
    by_field: dict[str, _Column],
    numeric: set[tuple[int, int]],
) -> RowCheck | None:
    """For a file whose every cell is valid or an optional blank (as a good roster is), a
    row check that picks each row's values out in one pass, without _check_row's per-cell
    bookkeeping; None when some cell has a problem, which only _check_row reports."""
    judged_as_numbers = {k for _, k in numeric}
    for c, column in zip(cols, verdicts, strict=True):
        if c.required and None in column:
            return None
        # A column's verdicts are those in its cache, but for cells that were numbers.
        distinct = (
            dict(zip(map(id, column), column, strict=True)).values()
            if c.index in judged_as_numbers
            else c.cache.values()
        )
        if any(v is not None and v[0] != _OK for v in distinct):
            return None
    person = [(i, c.column) for i, c in enumerate(cols) if c.slot == 0]
    household = [(i, c.column) for i, c in enumerate(cols) if c.slot == 1]
    building = [i for i, c in enumerate(cols) if c.slot == 2]

    def check(row: list[str], got: tuple[tuple[int, Any] | None, ...]) -> _Row:
        out = _Row(
            {name: v[1] for i, name in person if (v := got[i]) is not None},
            {name: v[1] for i, name in household if (v := got[i]) is not None},
        )
        for i in building:
            if (v := got[i]) is not None:
                out.building = v[1]
        if "id_number" in out.person:
            _check_identity(out, by_field, row, None)
        return out

    return check


def _scientific(column: str, text: str) -> CellError:
    return CellError(
        "id_number",
        column,
        "id_scientific",
        f"身份证号码“{text}”被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新填写",
        f"ID number {text!r} was stored by Excel as a number and lost its last digits; "
        "format the column as text and enter it again",
        text,
    )


def _check_identity(
    out: _Row, by_field: dict[str, _Column], row: list[str], birth_month: str | None
) -> None:
    id_no = out.person.get("id_number")
    if not id_no or (out.errors and any(e.field == "id_number" for e in out.errors)):
        return
    col = by_field["id_number"]
    try:
        # id_number() has checked the number: what it says can be read off directly, and
        # check_identity (the app's own judgement) only runs when the file disagrees.
        gender = "male" if int(id_no[16]) % 2 else "female"
        born = f"{id_no[6:10]}-{id_no[10:12]}-{id_no[12:14]}"
        if birth_month is not None and not born.startswith(birth_month):
            raise validation.ValidationError(
                "birth_date",
                "birth_date_mismatch",
                f"出生年月与身份证号码不符：身份证号码显示为 {born}",
                f"birth month does not match the ID number, which says {born}",
            )
        given_gender = out.person.setdefault("gender", gender)
        given_born = out.person.setdefault("birth_date", born)
        if given_gender != gender or given_born != born:
            validation.check_identity(id_no, given_gender, given_born)
    except Exception as e:
        bad = e.field if isinstance(e, validation.ValidationError) else "id_number"
        bcol = by_field.get(str(bad)) or col
        text = row[bcol.index] if bcol.index < len(row) else ""
        out.errors.extend(_as_errors(e, bcol.header, text, "id_number"))


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
) -> ImportPlan:
    mapping = dict(mapping)
    cols = _columns(raw, mapping)
    by_field: dict[str, _Column] = {}
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
    problems += _missing_columns(set(by_field))
    total = len(raw.rows)
    checked: list[_Row] = []
    report: list[ReportRow] = []
    if not problems:
        # Work units for the progress bar: one pass over the columns, one over the rows.
        verdicts = _verdicts(raw, cols, lambda done: _tick(progress, cancel, done, 2 * total))
        by_row = zip(*verdicts, strict=True) if verdicts else repeat(())
        clean = _clean_rows(cols, verdicts, by_field, raw.numeric)
        # repeat(()) never ends: zip stops with the rows
        for i, (row, row_verdicts) in enumerate(zip(raw.rows, by_row, strict=False)):
            if i % CHECK_EVERY == 0:
                _tick(progress, cancel, total + i, 2 * total)
            if clean is not None:
                got = clean(row, row_verdicts)
            else:
                got = _check_row(row, cols, row_verdicts, by_field)
            checked.append(got)
            report.append(
                ReportRow(
                    i,
                    raw.row_numbers[i] if i < len(raw.row_numbers) else i + 1,
                    "error" if got.errors else "insert",
                    _cell(row, by_field.get("name")),
                    str(got.person.get("id_number") or _cell(row, by_field.get("id_number"))),
                    got.errors,
                )
            )
    stamp = database_stamp(desk)
    households: dict[str, HouseholdPlan] = {}
    people: list[PersonPlan] = []
    if checked:
        _find_duplicates_in_file(report, checked, cols)
        keys = _group(report, checked, cols)
        people, households = _resolve(desk, report, checked, keys, duplicates)
    _tick(progress, cancel, 2 * total, 2 * total)
    return ImportPlan(raw, mapping, duplicates, report, problems, households, people, stamp)


def _tick(progress: Progress | None, cancel: Cancel | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled("导入已取消 / import cancelled")
    if progress is not None:
        progress(done, total)


def _cell(row: list[str], col: _Column | None) -> str:
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
                "缺少户号或房号列，无法把人员分到各户",
                "a household number or room column is needed to group people into households",
                "",
            )
        )
    return problems


def _find_duplicates_in_file(
    report: list[ReportRow], checked: list[_Row], cols: list[_Column]
) -> None:
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


def _group(report: list[ReportRow], checked: list[_Row], cols: list[_Column]) -> list[str | None]:
    """Household key per row: the 户号, else building-unit-room (a new 户主 starts a new one)."""
    keys: list[str | None] = []
    heads: dict[str, int] = {}
    room_seq: dict[str, int] = {}
    for r, got in zip(report, checked, strict=True):
        if r.action == "error":
            keys.append(None)
            continue
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


def _resolve(
    desk: Desk,
    report: list[ReportRow],
    checked: list[_Row],
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
