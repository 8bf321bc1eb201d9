"""Text that a spreadsheet program shows as text and never runs as a formula.

A roster's cell, a person's name, a note or a community's name can begin with ``=``; in a CSV
file also with ``+``, ``-`` or ``@``. openpyxl writes a string that begins with ``=`` as a
formula, and Excel and WPS evaluate a CSV field that begins with any of them: ``=HYPERLINK(…)``
becomes a link to anywhere, ``=cmd|' /C …'!A0`` asks to run a program ("CSV injection",
CWE-1236). The rejected rows of an untrusted roster are written back to the clerk, so every
file this desk writes for a spreadsheet keeps such text as text.

Our own .xlsx writer (``relocdesk.xlsx``) writes every string as an inline string, which no
spreadsheet evaluates; the writers that go through openpyxl, and CSV, use this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from relocdesk.typed import without_controls

if TYPE_CHECKING:
    import pandas as pd

# What a spreadsheet reads as the start of a formula in a CSV field (tab and carriage return
# too: some programs drop them and evaluate what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number is a value, not a formula: -5, +3.5, -1e3 stay as they are (ASCII digits
# only: Excel reads no other as a number).
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def csv_field(value: Any) -> Any:
    """``value`` for a CSV field: text a spreadsheet would evaluate gets an apostrophe in front
    (the mark Excel and WPS take as "this is text"; ``from_csv_field`` takes it off again). A
    lone sign (a dash for "none") is no formula and stays as it is."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value.startswith(FORMULA_STARTS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def from_csv_field(text: str) -> str:
    """The text ``csv_field`` was given, from the field it wrote: a roster's rejected rows,
    corrected and imported again, read as they were."""
    if text[:1] == "'" and csv_field(text[1:]) == text:
        return text[1:]
    return text


def sheet_value(value: Any) -> Any:
    """``value`` as an .xlsx cell can hold it: text without control characters, which openpyxl
    refuses (the whole workbook with them) and XML has no place for; anything else as it is.
    Stored text can hold them whatever the forms let through: rows written before, a roster's
    cells written back as rejects, another device's or an old system's values."""
    return without_controls(value) if isinstance(value, str) else value


def sheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``sheet_value`` applied to its text columns (a copy; the frame itself
    when it has none)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    text = [i for i, d in enumerate(frame.dtypes) if is_object_dtype(d) or is_string_dtype(d)]
    if not text:
        return frame
    out = frame.copy()
    for i in text:  # by position: a report may name two columns alike
        out.isetitem(i, frame.iloc[:, i].map(sheet_value).to_numpy())
    return out


def keep_as_text(cell: Any) -> Any:
    """An openpyxl cell (ordinary or write-only) whose string openpyxl took for a formula is
    written as the string it is. Returns the cell."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def text_cells(sheet: Any, values: list[Any]) -> list[Any]:
    """A row for a write-only openpyxl ``sheet``: a string beginning with ``=`` as a text cell,
    every other value as it is."""
    from openpyxl.cell import WriteOnlyCell

    cleaned = map(sheet_value, values)
    return [
        keep_as_text(WriteOnlyCell(sheet, value=v)) if isinstance(v, str) and v[:1] == "=" else v
        for v in cleaned
    ]
