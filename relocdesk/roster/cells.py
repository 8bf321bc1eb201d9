"""Judging a roster's cells and rows by the app's own rules (``relocdesk.fields``).

Each column's distinct texts are judged once (``verdicts``); a row's verdicts then make a
person, a household and a building with the problems found (``check_row``), or, for a
file without problems, are picked out in one pass (``clean_rows``). The ID number is
checked against gender and birth date like the person dialog does.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

from relocdesk import fields, validation, vocab
from relocdesk.roster.columns import (
    BY_FIELD,
    REQUIRED,
    Target,
    header_field,
    normalize_cell,
    question,
)
from relocdesk.roster.dates import date_text
from relocdesk.roster.planned import CellError
from relocdesk.roster.raw import RawTable
from relocdesk.roster.values import lookup
from relocdesk.training import check_dates
from relocdesk.typed import TEXT_MARKS

_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_GENDERED = vocab.gendered()
_WORDS = frozenset({"ethnicity", "origin"})  # uncoded fields with vocabularies of their own
_DATE_FIELDS = frozenset(
    {"birth_date", "move_in_date", "start_date", "end_date", "guarantees_checked"}
)
_TRAINING_FIELDS = frozenset(t.column for t in BY_FIELD.values() if t.table == "training")
_SLOTS = {"person": 0, "household": 1, "building": 2, "training": 3}


class Column:
    """A mapped column, with the verdicts on the texts already seen in it.

    Rosters repeat the same few values down a column (男, 户主, 是, 本地就业, the county):
    each distinct text is judged once per import. The rules are pure, so this is exact.
    """

    __slots__ = (
        "answers",
        "cache",
        "coded",
        "column",
        "date",
        "field",
        "header",
        "index",
        "mapped",
        "numbers",
        "required",
        "rule",
        "slot",
        "target",
    )

    def __init__(
        self, index: int, header: str, target: Target, mapped: Mapping[str, str] | None = None
    ) -> None:
        self.index = index
        self.header = header
        self.target = target
        self.field = target.field
        self.column = target.column
        self.required = target.field in REQUIRED
        # the head's ID number is no column of its own, but an ID number all the same
        rule_of = ("person", "id_number") if target.field == "head_id_number" else None
        table, column = rule_of or (target.table, target.column)
        self.rule = fields.RULES.get(table, {}).get(column)
        self.date = target.field in _DATE_FIELDS
        # free text, ID numbers, phones and dates go to their rule as written; coded values
        # and yes/no are looked up in the vocabularies first
        self.coded = target.boolean or target.labels is not None or target.field in _WORDS
        self.slot = _SLOTS[target.table]
        self.cache: dict[str, tuple[int, Any]] = {}
        # the same for cells the sheet stored as numbers (序号, 单元, 房号, 月收入 typed in
        # Excel), which some rules read otherwise (an ID number stored as a number)
        self.numbers: dict[str, tuple[int, Any]] = {}
        # the clerk's reading of words no vocabulary knows (roster.values), by vocab.key
        self.mapped: dict[str, str] = dict(mapped or {})
        # a 是否X column (是否在校生): what its yes and its no give the field (vocab.questions)
        self.answers = question(header) if header_field(header) == target.field else None
        if self.answers is not None:
            self.coded = True


_OK, _ERRORS, _MONTH_ONLY, _MORE = 0, 1, 2, 3


def columns(
    raw: RawTable,
    mapping: Mapping[int, str | None],
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Column]:
    """The mapped columns; ``values`` (field -> {word: known value}) reads unknown words."""
    out: list[Column] = []
    for i, f in sorted(mapping.items()):
        if f is None or f not in BY_FIELD or i >= len(raw.headers):
            continue
        words = (values or {}).get(f)
        out.append(Column(i, raw.headers[i], BY_FIELD[f], lookup(words) if words else None))
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
    training: dict[str, Any] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    corrected: list[CellError] = field(default_factory=list)  # values the import set right


# Full-width digits and letters (１２３, Ｘ) and the ideographic space, typed with a Chinese IME.
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_CORRECTABLE = frozenset({"id_number", "head_id_number", "phone", "household_phone"})


def _corrected(c: Column, text: str, value: Any, code: str = "corrected_width") -> CellError:
    """The note of a value the import put right, which the report counts as corrected."""
    zh, en = _CORRECTIONS[code]
    return CellError(
        c.field, c.header, code, f"{zh}：“{text}”→“{value}”", f"{en}: {text!r} -> {value!r}", text
    )


# 张大山（户主）, 李四(残疾): a name with a remark in brackets after it, as rosters mark a person
_NAME_AND_WORDS = re.compile(r"\s*([^（(]+?)\s*[（(][^（()）]*[）)]\s*")


def _closes(text: str) -> bool:
    return ")" in text or "）" in text


_CORRECTIONS = {
    "corrected_width": ("全角字符已改为半角", "full-width characters made half-width"),
    "corrected_name_words": (
        "姓名后括号中的文字未保存",
        "the remark in brackets after the name is not kept",
    ),
    "corrected_phone_words": (
        "号码旁的文字未保存，只保存号码",
        "the words by the number are not kept, only the number",
    ),
    "corrected_id_15": (
        "15 位旧号码已升为 18 位（请与身份证核对）",
        "old 15-digit number made 18 characters (check the card)",
    ),
}


def _judge(c: Column, text: str, numeric: bool) -> tuple[int, Any]:
    """The verdict on one cell: (_OK, value), (_ERRORS, [CellError]), (_MONTH_ONLY, 'YYYY-MM')
    or (_MORE, (value, also, corrected)) for a value that says more than itself."""
    f = c.field
    try:
        if f in _ID_FIELDS and len(text) < 18 and (upgraded := _old_number(text)) is not None:
            return _MORE, (upgraded, (), _corrected(c, text, upgraded, "corrected_id_15"))
        # an exponent needs an e: most ID numbers are past the pattern without running it
        if f == "id_number" and (
            numeric or (("e" in text or "E" in text) and _SCIENTIFIC.match(text))
        ):
            return _ERRORS, [_scientific(c.header, text)]
        mapped = c.mapped.get(vocab.key(text)) if c.mapped else None
        value: str | int | None
        also: tuple[tuple[str, str], ...]
        answer = _answer(c, text) if c.answers is not None and mapped is None else None
        if mapped is not None:
            value, also = mapped, ()
        elif answer is not None:
            value, also = answer
        else:
            value, also = normalize_cell(f, text) if c.coded else (text.strip(), ())
            if (
                len(text) <= _BLANK_LONGEST  # names, ID numbers, phones are past this
                and not also
                and value == text.strip()
                and vocab.key(text) in vocab.blank_words()
            ):
                # 无, /, 暂无 where the column's own words do not know them: a blank cell
                if c.required:
                    return _ERRORS, [dataclasses.replace(required_error(c, f), value=text)]
                return _MORE, _BLANK
        if c.date:
            value = date_text(str(value), numeric)
            if len(value) == 7:  # a month only: 出生年月, or 入住 2019.05
                if f == "birth_date":
                    return _MONTH_ONLY, value
                value += "-01"
        # a number alone (most phone cells) has no second number and no words beside it
        worded = f in _PHONES and not (text.isascii() and text.isdigit())
        if worded and _several(text):
            return _first_phone(c, text)
        if f == "name" and c.rule and _closes(text) and (named := _NAME_AND_WORDS.fullmatch(text)):
            name = c.rule(named[1], c.target.column)  # an invalid name is reported as ever
            return _MORE, (name, (), _corrected(c, text, name, "corrected_name_words"))
        if worded and c.rule and _WORDS_BY_NUMBER.search(text) and (said := _said(text)):
            kept = c.rule(said[0], c.target.column)
            return _MORE, (kept, (), _corrected(c, text, kept, "corrected_phone_words"))
        if value is not None and c.rule is not None:
            value = c.rule(value, c.target.column)
        if f in _CORRECTABLE and not text.isascii() and _WIDE.search(text):
            return _MORE, (value, also, _corrected(c, text, value))
        return (_MORE, (value, also, None)) if also or value is None else (_OK, value)
    except Exception as e:  # every failure of a rule becomes a report line
        return _ERRORS, _as_errors(e, c.header, text, f)


_ID_FIELDS = frozenset({"id_number", "head_id_number"})
_OLD_NUMBER = re.compile(rf"[{TEXT_MARKS}]?\s*([0-9]{{15}})\s*")


def _old_number(text: str) -> str | None:
    """The 18-character number of a first-generation 15-digit one, or None. The 1999 standard
    (GB 11643) made each old number into its new one by writing the century (19) before the
    two-digit year and adding the check character: so the elderly's numbers, still on old
    household papers, are converted exactly rather than the row refused. A 15-digit number
    is exact whether typed as text or stored by Excel as a number (below 10^15)."""
    found = _OLD_NUMBER.fullmatch(text)
    if found is None:
        return None
    old = found[1]
    first17 = f"{old[:6]}19{old[6:]}"
    try:
        return validation.id_number(first17 + validation.check_char(first17))
    except validation.ValidationError:
        return None  # not a valid old number: the usual rule says what is wrong


_BLANK: tuple[None, tuple[()], None] = (None, (), None)  # a cell that says it is blank
_BLANK_LONGEST = 8  # the longest such word, with room for spaces around it

# Two numbers in one cell, as rosters write a family's mobiles: 13812345678/13987654321.
_PHONES = frozenset({"phone", "household_phone"})
_BETWEEN = "[/／、,，;；|]"  # what rosters write between two numbers
_SEVERAL = re.compile(rf"[0-9]{{7,}}\s*{_BETWEEN}\s*\+?[0-9]")


# Words written by a number to say whose it is: 13812345678（本人）, 儿子 13987654321, or a
# separator left after it. Only such a cell is looked at again; a plain number never is.
_WORDS_BY_NUMBER = re.compile(r"[^0-9+\-\s()（）]")
_ONE_NUMBER = re.compile(
    r"(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}|0[0-9]{2,3}-?[0-9]{7,8}"
)


def _several(text: str) -> bool:
    """Two numbers or more with a separator between, words by them or not."""
    if _SEVERAL.search(text):
        return True
    return bool(
        _WORDS_BY_NUMBER.search(text)
        and re.search(_BETWEEN, text)
        and len(_ONE_NUMBER.findall(text)) > 1
    )


def _said(text: str) -> tuple[str, str] | None:
    """(the number, the words beside it) for a cell of one number and words without digits."""
    found = _ONE_NUMBER.findall(text)
    if len(found) != 1:
        return None
    rest = text.replace(found[0], " ", 1)
    words = " ".join(rest.strip(" ,，;；、。.:：/").split())
    return None if any(ch.isdigit() for ch in rest) else (found[0], words)


def _first_phone(c: Column, text: str) -> tuple[int, Any]:
    """The first of several numbers, kept, and a note that names the others (one phone a
    person or household): never the row refused for holding more than one."""
    assert c.rule is not None
    parts = [p for p in re.split(_BETWEEN, text) if p.strip()]
    first = _said(parts[0]) if _WORDS_BY_NUMBER.search(parts[0]) else None
    kept = c.rule(first[0] if first else parts[0], c.target.column)  # a bad one says so
    rest = "、".join(p.strip() for p in parts[1:])
    note = CellError(
        c.field,
        c.header,
        "corrected_phones",
        f"一格中有多个号码，只保存第一个 {kept}（未保存：{rest}）",
        f"several numbers in one cell: the first, {kept}, is kept (not kept: {rest})",
        text,
    )
    return _MORE, (kept, (), note)


def _answer(c: Column, text: str) -> tuple[str | int | None, tuple[()]] | None:
    """A yes or a no in a 是否X column as the field's value; None when the cell is no yes/no
    word (在校, 辍学: the field's own words) or a yes that cannot say which value."""
    yes = vocab.yes_no().get(vocab.key(text))
    if yes is None or c.answers is None:
        return None
    value = c.answers[0] if yes else c.answers[1]
    if value is None:
        return None if yes else (None, ())  # a no that says nothing more is a blank
    return (int(value) if c.target.boolean else value), ()


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
        numbers = c.numbers
        for i in numeric_rows.get(k, ()):
            if i < len(texts) and (t := texts[i]):
                got = numbers.get(t)
                if got is None:
                    got = numbers[t] = _judge(c, t, True)
                verdicts[i] = got
        out.append(verdicts)
        tick(len(raw.rows) * (n + 1) // max(1, len(cols)))
    return out


def _put(out: CheckedRow, c: Column, value: Any) -> None:
    slot = c.slot
    if slot == 0:
        out.person[c.column] = value
    elif slot == 1:
        out.household[c.column] = value
    elif slot == 3:
        out.training[c.column] = value
    else:
        out.building = value


def _more(out: CheckedRow, c: Column, got: Any, implied: list[tuple[str, str]]) -> None:
    """A value that says more than itself: its own column's value, what it implies of other
    fields (kept for after the row, so the fields' own columns win) and a correction made."""
    value, also, corrected = got
    if value is not None:
        _put(out, c, value)
    implied.extend(also)
    if corrected is not None:
        out.corrected.append(corrected)


def _imply(out: CheckedRow, implied: list[tuple[str, str]]) -> None:
    for f, value in implied:
        t = BY_FIELD[f]
        (out.person if t.table == "person" else out.household).setdefault(t.column, value)


def check_row(
    row: list[str],
    cols: list[Column],
    verdicts: tuple[tuple[int, Any] | None, ...],
    by_field: dict[str, Column],
) -> CheckedRow:
    """One row's cells (``verdicts``: the row's verdict in each column) as a person, a
    household and a building, with the problems found."""
    out = CheckedRow()
    birth_month: str | None = None
    implied: list[tuple[str, str]] = []
    for c, v in zip(cols, verdicts, strict=True):
        if v is None:
            if c.required:
                out.errors.append(required_error(c, c.field))
            continue
        kind, got = v
        if kind == _OK:
            _put(out, c, got)
        elif kind == _ERRORS:
            out.errors.extend(got)
        elif kind == _MORE:
            _more(out, c, got, implied)
        else:
            birth_month = got
    _imply(out, implied)
    if "id_number" in out.person:
        _check_identity(out, by_field, row, birth_month)
    if out.training and not any(e.field in _TRAINING_FIELDS for e in out.errors):
        out.errors.extend(training_errors(out.training, by_field))
    return out


def training_errors(values: dict[str, Any], by_field: dict[str, Column]) -> list[CellError]:
    """A row's training as a whole: it needs its course, and its dates and result agree
    (``training.check_dates``, as the training dialog checks them)."""
    if "course" not in values:
        return [required_error(by_field.get("course"), "course")]
    try:
        check_dates(values)
    except validation.ValidationErrors as e:
        return [
            _as_errors(one, by_field[one.field].header, str(values.get(one.field)), one.field)[0]
            for one in e.errors
        ]
    return []


def clean_rows(
    cols: list[Column],
    verdicts: list[list[tuple[int, Any] | None]],
    by_field: dict[str, Column],
    numeric: set[tuple[int, int]],
    rows: list[list[str]],
) -> list[CheckedRow] | None:
    """For a file whose every cell is valid or an optional blank (as a good roster is), every
    row checked at once, column by column, without check_row's per-cell bookkeeping; None
    when some cell has a problem, which only check_row reports."""
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
        # a value that says more than itself (县外务工, a corrected ID) is check_row's too
        if any(v is not None and v[0] != _OK for v in distinct):
            return None
    n = len(rows)
    person = _table_dicts([(c, v) for c, v in zip(cols, verdicts, strict=True) if c.slot == 0], n)
    household = _table_dicts(
        [(c, v) for c, v in zip(cols, verdicts, strict=True) if c.slot == 1], n
    )
    training = _table_dicts([(c, v) for c, v in zip(cols, verdicts, strict=True) if c.slot == 3], n)
    building: list[Any] = [None] * n
    for c, column in zip(cols, verdicts, strict=True):
        if c.slot == 2:  # the last building column wins, as in check_row
            building = [v[1] if v is not None else b for v, b in zip(column, building, strict=True)]
    out = list(map(CheckedRow, person, household, building, training))
    for got, row in zip(out, rows, strict=True):
        if "id_number" in got.person:
            _check_identity(got, by_field, row, None)
        if got.training and training_errors(got.training, by_field):
            return None  # check_row reports it
    return out


_value = itemgetter(1)


def _table_dicts(
    cols: list[tuple[Column, list[tuple[int, Any] | None]]], n: int
) -> list[dict[str, Any]]:
    """One table's values of every row, in column order, blanks left out: a column at a
    time, so the per-row work is a dict made from a tuple, in C."""
    if not cols:
        return [{} for _ in range(n)]
    names = [c.column for c, _ in cols]
    values: list[Any] = []
    blanks: list[tuple[str, list[int]]] = []
    for c, column in cols:
        if None in column:
            blanks.append((c.column, [i for i, v in enumerate(column) if v is None]))
            values.append([v[1] if v is not None else None for v in column])
        else:
            values.append(list(map(_value, cast("list[tuple[int, Any]]", column))))
    out = list(map(dict, map(zip, repeat(names), zip(*values, strict=True))))
    for name, where in blanks:
        for i in where:
            del out[i][name]
    return out


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
        relation = out.person.get("relation")
        if relation in _GENDERED:
            # 子女 of a man is a son: the ID number says which; a contradicting gender column
            # is reported below, and the collective word stays.
            pair = _GENDERED[relation]
            out.person["relation"] = pair[0] if gender == "male" else pair[1]
        given_gender = out.person.setdefault("gender", gender)
        given_born = out.person.setdefault("birth_date", born)
        if given_gender != gender or given_born != born:
            validation.check_identity(id_no, given_gender, given_born)
    except Exception as e:
        bad = e.field if isinstance(e, validation.ValidationError) else "id_number"
        bcol = by_field.get(str(bad)) or col
        text = row[bcol.index] if bcol.index < len(row) else ""
        out.errors.extend(_as_errors(e, bcol.header, text, "id_number"))
