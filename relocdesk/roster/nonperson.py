"""Rows of a roster that are not people, recognised so they are skipped and counted, never
reported as bad people: blank rows, totals (合计, 总计, 小计), the signatures and notes under
the table (填表人：, 注：), the title rows above the header and a row of column numbers
(1, 2, 3 … under the header, as printed forms have). The words are ``non_person.csv``."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from relocdesk import vocab

# Kinds of skipped rows, with what the report says of them (zh, en).
KINDS: dict[str, tuple[str, str]] = {
    "blank": ("空行", "blank rows"),
    "title": ("标题行", "title rows above the header"),
    "total": ("合计/小计行", "totals rows"),
    "note": ("签名、注释行", "signature and note rows"),
    "column_numbers": ("列序号行", "rows of column numbers"),
}
_LONG_DIGITS = re.compile(r"\d{15}")


@functools.cache
def _words() -> tuple[dict[str, str], frozenset[str]]:
    words = {vocab.key(r["word"]).rstrip(":"): r["kind"] for r in vocab.table("non_person")}
    return words, frozenset(w[0] for w in words)


def kind_of(cells: Sequence[str]) -> str | None:
    """'total', 'note' or 'column_numbers' for a row that is not a person, else None.

    Cheap for a person's row: only a first written cell starting like one of the words is
    looked at closely, and a row holding an ID-like number is always a person's."""
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


def _column_numbers(cells: Sequence[str]) -> bool:
    if not next((c for c in cells[1:4] if c), "").isdigit():  # a person's row: a name next
        return False
    written = [c for c in cells if c]
    if len(written) < 3 or not all(c.isdigit() and len(c) <= 3 for c in written):
        return False
    numbers = [int(c) for c in written]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
