"""Judging a roster's cells and rows by the app's own rules (``relocdesk.fields``).

Each column's distinct texts are judged once (``verdicts``); a row's verdicts then make a
person, a household and a building with the problems found (``check_row``), or, for a
file without problems, are picked out in one pass (``clean_rows``). The ID number is
checked against gender and birth date like the person dialog does.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from relocdesk import fields, validation
from relocdesk.roster.columns import BY_FIELD, REQUIRED, Target, normalize_value
from relocdesk.roster.planned import CellError
from relocdesk.roster.read import RawTable

_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DATE_FIELDS = frozenset({"birth_date", "move_in_date"})


class Column:
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


def columns(raw: RawTable, mapping: Mapping[int, str | None]) -> list[Column]:
    out: list[Column] = []
    for i, f in sorted(mapping.items()):
        if f is None or f not in BY_FIELD or i >= len(raw.headers):
            continue
        out.append(Column(i, raw.headers[i], BY_FIELD[f]))
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


def required_error(col: Column | None, f: str) -> CellError:
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
class CheckedRow:
    person: dict[str, Any] = field(default_factory=dict)
    household: dict[str, Any] = field(default_factory=dict)
    building: str | None = None
    errors: list[CellError] = field(default_factory=list)


def _judge(c: Column, text: str, numeric: bool) -> tuple[int, Any]:
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


def verdicts(
    raw: RawTable, cols: list[Column], tick: Callable[[int], None]
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


def check_row(
    row: list[str],
    cols: list[Column],
    verdicts: tuple[tuple[int, Any] | None, ...],
    by_field: dict[str, Column],
) -> CheckedRow:
    """One row's cells (``verdicts``: the row's verdict in each column) as a person, a
    household and a building, with the problems found."""
    out = CheckedRow()
    person, household = out.person, out.household
    birth_month: str | None = None
    for c, v in zip(cols, verdicts, strict=True):
        if v is None:
            if c.required:
                out.errors.append(required_error(c, c.field))
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


RowCheck = Callable[[list[str], tuple[tuple[int, Any] | None, ...]], CheckedRow]


def clean_rows(
    cols: list[Column],
    verdicts: list[list[tuple[int, Any] | None]],
    by_field: dict[str, Column],
    numeric: set[tuple[int, int]],
) -> RowCheck | None:
    """For a file whose every cell is valid or an optional blank (as a good roster is), a
    row check that picks each row's values out in one pass, without check_row's per-cell
    bookkeeping; None when some cell has a problem, which only check_row reports."""
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

    def check(row: list[str], got: tuple[tuple[int, Any] | None, ...]) -> CheckedRow:
        out = CheckedRow(
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
    out: CheckedRow, by_field: dict[str, Column], row: list[str], birth_month: str | None
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
