"""What reading a roster file gives: its cells as text, and why a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field


class RosterReadError(Exception):
    """The file cannot be read as a roster; the message says why in Chinese and English."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class RawTable:
    headers: list[str]
    rows: list[list[str]]  # data rows only, blank rows dropped, every row len(headers) long
    header_row_index: int  # 0-based row of the (last) header row in the sheet
    encoding: str | None  # for CSV files; None for spreadsheets
    row_numbers: list[int] = field(default_factory=list)  # 1-based sheet row of each data row
    numeric: set[tuple[int, int]] = field(default_factory=set)  # (row, col) that were numbers
    sheet: str | None = None
    source: str = ""  # the file name, for reports
    # rows that are not people, skipped: (1-based sheet row, kind of nonperson.KINDS)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # A workbook: the roster sheets read, with their data rows; each data row's sheet when
    # there were several (relocdesk.roster.sheets); the sheets with cells but no roster, and
    # why (zh, en).
    sheets: list[tuple[str, int]] = field(default_factory=list)
    row_sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str, str]] = field(default_factory=list)
    # Each data row's building (-unit) as the section heading above it names it (一、1栋,
    # address.section_place), "" for a row under none; empty when no heading named one.
    row_sections: list[str] = field(default_factory=list)
