"""A roster in Excel's 2003 XML format ("XML 表格 2003", ``urn:schemas-microsoft-com:office:
spreadsheet``): what older government and Java systems export, often under an ".xls" name,
and what Excel, WPS and LibreOffice still save as "XML Spreadsheet 2003".

Each worksheet's cells come out as a workbook's would from calamine: text as text, numbers as
numbers (so an ID number stored as a number is caught as one), dates as datetimes, booleans as
booleans; ``ss:Index`` places a cell after skipped ones, and ``ss:MergeAcross`` /
``ss:MergeDown`` become merged ranges in the reader's form ((row, col), (last row, last col)).
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from xml.etree import ElementTree

_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{_NS}}}"
_MARK = re.compile(rb"<\?mso-application\s+progid=\"Excel\.Sheet\"|" + _NS.encode())
_MOST = 100_000  # columns or rows a cell may say it stands at or spans: past it, a broken file

Sheet = tuple[str, list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]


def is_xml_sheet(data: bytes) -> bool:
    """Whether ``data`` (a file's first bytes) is an XML Spreadsheet 2003 workbook."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] == b"<" and _MARK.search(data) is not None


def read(data: bytes) -> list[Sheet]:
    """Each worksheet of the workbook: its name, rows of cell values, and its merges.
    ValueError (ElementTree's ParseError among them) for a file that is not one."""
    root = ElementTree.fromstring(data)
    return [_sheet(ws) for ws in root.iter(f"{_SS}Worksheet")]


def _sheet(ws: ElementTree.Element) -> Sheet:
    name = ws.get(f"{_SS}Name") or ""
    rows: list[list[Any]] = []
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
    table = ws.find(f"{_SS}Table")
    for row in table.iter(f"{_SS}Row") if table is not None else ():
        at = _position(row, len(rows))
        rows.extend([] for _ in range(at - len(rows)))  # rows the file skipped
        cells: list[Any] = []
        for cell in row.iter(f"{_SS}Cell"):
            c = _position(cell, len(cells))
            cells.extend([None] * (c - len(cells)))
            cells.append(_value(cell.find(f"{_SS}Data")))
            across, down = _count(cell, "MergeAcross"), _count(cell, "MergeDown")
            if across or down:
                merged.append(((at, c), (at + down, c + across)))
                cells.extend([None] * across)
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return name, [r + [None] * (width - len(r)) for r in rows], merged


def _position(element: ElementTree.Element, following: int) -> int:
    """Where a row or cell stands (0-based): its ss:Index, else right after the last."""
    index = element.get(f"{_SS}Index")
    if index is None:
        return following
    n = int(index) - 1
    if not following <= n < _MOST:
        raise ValueError(f"ss:Index {index} after {following}")
    return n


def _count(cell: ElementTree.Element, attribute: str) -> int:
    n = int(cell.get(f"{_SS}{attribute}") or 0)
    if not 0 <= n < _MOST:
        raise ValueError(f"ss:{attribute} {n}")
    return n


def _value(data: ElementTree.Element | None) -> Any:
    if data is None:
        return None
    text = "".join(data.itertext())  # rich text (<Font>, <B>) holds its text in children
    kind = data.get(f"{_SS}Type")
    if kind == "Number":
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "DateTime":
        return datetime.datetime.fromisoformat(text.rstrip("Z")[:26])
    if kind == "Boolean":
        return text.strip() == "1"
    return text
