"""Writing report tables as a workbook a county office accepts: a title and a date line on
each sheet, bold shaded headings, borders, percentages and decimals formatted, widths from
the widest text (a Chinese character counts double), headings frozen, totals in bold,
landscape pages that repeat the headings. The monthly workbook of a community and the
county's workbook are both written here."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk import places
from relocdesk.cell_text import keep_as_text, sheet_frame, sheet_value

if TYPE_CHECKING:
    import pandas as pd

PERCENT = "0.0%"
TOTAL = "合计"


def _no_percent(_row: int, _heading: str) -> bool:
    return False


@dataclass
class Sheet:
    name: str
    frame: pd.DataFrame
    title: str
    subtitle: str
    # (row number within the frame, heading) -> whether the cell is a percentage
    percent: Callable[[int, str], bool] = field(default=_no_percent)
    freeze: str = "A4"


def width(value: Any) -> int:
    text = f"{value:.1%}" if isinstance(value, float) else str(value if value is not None else "")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_book(path: str | Path, sheets: Iterable[Sheet]) -> Path:
    import pandas as pd

    path = Path(path)
    # Made in memory, then written whole: openpyxl's zip archive, left open by a save that
    # fails on the disk (full, read-only), prints a traceback on the terminal when collected.
    workbook = io.BytesIO()
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for sheet in sheets:
            frame = sheet_frame(sheet.frame)  # text an .xlsx can hold
            frame.to_excel(writer, sheet_name=sheet.name, startrow=2, index=False)
            _format(writer.sheets[sheet.name], sheet)
    with places.side_file(path) as side:
        side.write_bytes(workbook.getbuffer())
    return path


def _format(ws: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    frame = sheet.frame
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ncols = len(frame.columns)
    ws["A1"] = sheet_value(sheet.title)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(ncols, 2))
    ws["A2"] = sheet_value(sheet.subtitle)
    ws["A2"].font = Font(size=10, color="555555")
    for c in range(1, ncols + 1):
        cell = ws.cell(row=3, column=c)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for r in range(4, 4 + len(frame)):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = border
            if sheet.percent(r - 4, str(frame.columns[c - 1])):
                cell.number_format = PERCENT
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"
    for row in ws.iter_rows():
        for cell in row:
            keep_as_text(cell)
    last = ws.cell(row=3 + len(frame), column=1)
    if len(frame) and last.value == TOTAL:
        for c in range(1, ncols + 1):
            ws.cell(row=3 + len(frame), column=c).font = Font(bold=True)
    for c, heading in enumerate(frame.columns, 1):
        widest = max([width(heading), *(width(v) for v in frame.iloc[:, c - 1])])
        ws.column_dimensions[get_column_letter(c)].width = min(max(widest + 3, 8), 48)
    ws.freeze_panes = sheet.freeze
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
