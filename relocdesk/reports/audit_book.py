"""The audit trail as an Excel workbook, for the county or an inspection.

openpyxl in write-only mode: the trail is plain rows of text, and a year of looks at a large
community is tens of thousands of rows, which write-only mode streams without holding them as
cells; only the finished workbook, compressed, is held until it is written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from relocdesk import enums, places
from relocdesk.cell_text import keep_as_text, sheet_value, text_cells


class AuditEntry(Protocol):
    """An audit row as ``relocdesk.queries.audit`` reads it (named here, not imported:
    the queries already build on reports)."""

    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def action(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def household(self) -> str | None: ...
    @property
    def person(self) -> str | None: ...
    @property
    def detail(self) -> str | None: ...


SHEET = "审计记录"
HEADERS = (
    "时间 When",
    "人员 Who",
    "类别 Kind",
    "对象 Subject",
    "户 Household",
    "居民 Resident",
    "说明 Detail",
)


def kind_label(action: str) -> str:
    zh, en = enums.AUDIT_ACTION.get(action, (action, action))
    return f"{zh} {en}"


def write_audit(entries: Sequence[AuditEntry], path: str | Path, title: str) -> int:
    """Write ``entries`` (newest first, as the page lists them) to ``path``; return how many.
    Written to a side file first, so a failed export never leaves half a workbook."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    target = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    for letter, width in zip("ABCDEFG", (20, 16, 24, 16, 16, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    heading = keep_as_text(WriteOnlyCell(sheet, sheet_value(title)))
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    bold = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for e in entries:
        when, kind = e.at.replace("T", " "), kind_label(e.action)
        sheet.append(
            text_cells(sheet, [when, e.actor, kind, e.subject, e.household, e.person, e.detail])
        )
    # Made in memory, then written whole: openpyxl's write-only sheet, left unfinished by a
    # save that fails on the disk (full, read-only), prints a traceback when collected.
    workbook = io.BytesIO()
    book.save(workbook)
    with places.side_file(target) as side:
        side.write_bytes(workbook.getbuffer())
    return len(entries)
