"""The exported roster shows its values whole: each column is as wide as the longest value
of its first rows (a 12-digit household number, an 18-character ID number, a phone, an
employer's name), not only as wide as its header, so an office suite does not cut a
household number to 5227311 against the next cell."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from relocdesk.desk import Desk


def _shown_width(value: object) -> int:
    """Excel's character units, counted here apart from the writer: CJK characters are two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def test_every_column_shows_its_first_values_whole(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "community.db")
    assert desk.make_demo(households=40)
    out = tmp_path / "roster.xlsx"
    desk.roster.export(out)
    desk.close()
    book = load_workbook(out)
    for sheet, header_row in ((book["花名册"], 2), (book["住户"], 1)):
        rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
        checked = 0
        for i, column in enumerate(zip(*rows[:201], strict=False), 1):
            width = sheet.column_dimensions[get_column_letter(i)].width
            longest = max(_shown_width(v) for v in column if v is not None)
            assert width >= min(longest, 58), (sheet.title, column[0], width, longest)
            checked += 1
        assert checked >= 10
        numbers = [r[0] for r in rows[1:]]  # 户号: 12 digits in the demo
        assert max(map(len, map(str, numbers))) >= 12
