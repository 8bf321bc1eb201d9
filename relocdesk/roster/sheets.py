"""A workbook of several roster sheets read as one roster.

Offices keep one sheet per building (1栋, 2栋 …) or per group as often as one long sheet,
and put a summary (汇总) or notes (填表说明) beside them. Every sheet whose header names a
roster is read; the others that hold anything are named in the report with why they were
not read, never dropped without a word. The sheets need not share a layout: a column is
matched across sheets by the field its header names (身份证号 in one sheet, 公民身份号码 in
the next), the n-th such column of a sheet to the n-th of the others; a header that names
no field is matched by its text. Each data row keeps its sheet and its row in that sheet,
so every report line says where the clerk finds it.
"""

from __future__ import annotations

from collections.abc import Sequence

from relocdesk.roster.columns import header_field
from relocdesk.roster.raw import RawTable


def combine(tables: Sequence[tuple[str, RawTable]]) -> RawTable:
    """Several sheets' tables, in sheet order, as one table (one sheet's is returned as is,
    with its name)."""
    name, first = tables[0]
    first.sheet = name
    first.sheets = [(name, len(first.rows))]
    if len(tables) == 1:
        return first
    headers: list[str] = []
    places: dict[tuple[str, int], int] = {}  # (what the header names, its n-th) -> column
    layouts: list[list[int]] = []
    for _, table in tables:
        seen: dict[str, int] = {}
        layout = []
        for h in table.headers:
            key = header_field(h) or f"\x00{h}"
            k = (key, seen.get(key, 0))
            seen[key] = k[1] + 1
            if k not in places:
                places[k] = len(headers)
                headers.append(h)
            layout.append(places[k])
        layouts.append(layout)
    out = RawTable(headers=headers, rows=[], header_row_index=first.header_row_index, encoding=None)
    width = len(headers)
    for (sheet, table), layout in zip(tables, layouts, strict=True):
        start = len(out.rows)
        for row in table.rows:
            wide = [""] * width
            for column, value in zip(layout, row, strict=False):
                wide[column] = value
            out.rows.append(wide)
        out.numeric.update((start + r, layout[c]) for r, c in table.numeric)
        out.row_numbers += table.row_numbers
        out.row_sheets += [sheet] * len(table.rows)
        out.row_sections += table.row_sections or [""] * len(table.rows)
        out.skipped += table.skipped
        out.sheets.append((sheet, len(table.rows)))
    out.sheet = "、".join(s for s, _ in out.sheets)
    if not any(out.row_sections):
        out.row_sections = []
    return out
