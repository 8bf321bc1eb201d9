"""Rows of a roster that are not people, recognised so they are skipped and counted, never
reported as bad people: blank rows, totals (合计, 总计, 小计), the signatures and notes under
the table (填表人：, 注：), the title rows above the header and a row of column numbers
(1, 2, 3 … under the header, as printed forms have). The words are ``non_person.csv``. A row
holding only a building's name (一、1栋) heads a section: skipped, and its building is the one
of the rows below (``section``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from relocdesk import vocab
from relocdesk.roster.address import section_place
from relocdesk.roster.columns import header_field

# Kinds of skipped rows, with what the report says of them (zh, en).
KINDS: dict[str, tuple[str, str]] = {
    "blank": ("空行", "blank rows"),
    "title": ("标题行", "title rows above the header"),
    "total": ("合计/小计行", "totals rows"),
    "note": ("签名、注释行", "signature and note rows"),
    "column_numbers": ("列序号行", "rows of column numbers"),
    "gone": ("已故、迁出或注销的成员", "members who died, moved away or were struck off"),
    "section": ("楼栋分组行", "rows heading a building's section"),
}
_LONG_DIGITS = re.compile(r"\d{15}")


@functools.cache
def _words() -> tuple[dict[str, str], frozenset[str]]:
    words = {vocab.key(r["word"]).rstrip(":"): r["kind"] for r in vocab.table("non_person")}
    return words, frozenset(w[0] for w in words)


Marks = tuple[int | None, int | None]  # the columns of a member's status and of the name


def gone_marks(headers: Sequence[str]) -> Marks:
    """The column that says whether each member is still here (人员状态), if there is one,
    and the name's, whose remark in brackets may say it too (张大山（已故）)."""
    wanted = _status()[0]
    status = (i for i, h in enumerate(headers) if vocab.key(_BRACKETED.sub("", h)) in wanted)
    name = (i for i, h in enumerate(headers) if header_field(h) == "name")
    return next(status, None), next(name, None)


@functools.cache
def _status() -> tuple[frozenset[str], frozenset[str]]:
    headers = frozenset(
        vocab.key(r["header"])
        for r in vocab.table("ignored_headers")
        if r["reason"] == "member_status"
    )
    gone = frozenset(vocab.key(r["word"]) for r in vocab.table("member_status") if r["gone"] == "1")
    return headers, gone


_BRACKETED = re.compile(r"[(（][^)）]*[)）]")  # 人员状态（正常/死亡）: what the header explains


def _gone(cells: Sequence[str], marks: Marks) -> bool:
    status, name = marks
    gone = _status()[1]
    if status is not None and vocab.key(cells[status]) in gone:
        return True
    written = cells[name] if name is not None else ""
    remark = _BRACKETED.search(written) if ")" in written or "）" in written else None
    return remark is not None and vocab.key(remark[0][1:-1]) in gone


def kind_of(cells: Sequence[str], marks: Marks = (None, None)) -> str | None:
    """'total', 'note' or 'column_numbers' for a row that is not a person, 'gone' for a
    member whose status or name (the columns of ``marks``) says they died or left, else None.

    Cheap for a person's row: only a first written cell starting like one of the words is
    looked at closely, and a row holding an ID-like number is always a person's."""
    if _gone(cells, marks):
        return "gone"
    words, starts = _words()
    first = next((c for c in cells[:4] if c), "")
    if first[:1] in starts:
        k = vocab.key(first)
        for word, kind in words.items():
            if k.startswith(word) and not any(_LONG_DIGITS.search(c) for c in cells):
                return kind
    elif first.isdigit() and _column_numbers(cells):
        return "column_numbers"
    return None


def section(cells: Sequence[str]) -> str | None:
    """The building a row names that holds nothing but its name (1栋, 一、2号楼 — once, or
    in every cell of a merge across the row): the heading of the rows below; else None."""
    # counted in C: this is asked of every row of a 40,000-row roster
    blank = cells.count("")
    if blank == 0:  # every cell written: a person's, unless one text fills the merged row
        return section_place(cells[0]) if cells.count(cells[0]) == len(cells) else None
    first = cells[0] or next((c for c in cells if c), "")
    if not first or blank + cells.count(first) != len(cells):
        return None
    return section_place(first)


def _column_numbers(cells: Sequence[str]) -> bool:
    if not next((c for c in cells[1:4] if c), "").isdigit():  # a person's row: a name next
        return False
    written = [c for c in cells if c]
    if len(written) < 3 or not all(c.isdigit() and len(c) <= 3 for c in written):
        return False
    numbers = [int(c) for c in written]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
