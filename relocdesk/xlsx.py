"""A small streaming .xlsx writer for the roster export and the lists exported from screens.

openpyxl spends about 10 µs a cell, so a 40,000-person roster (two million cells) took half
a minute. The export needs little: text and number cells, a bold header, a text format for
ID numbers, column widths and frozen header rows. Those are written here straight into
the zip as SpreadsheetML with inline strings, which Excel, WPS and calamine all read.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from relocdesk.typed import without_controls

WIDTH_SAMPLE = 200  # rows whose text sets the column widths


def text_width(value: object) -> float:
    """How wide a cell reads in Excel's character units: a Chinese character is two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fitted_widths(headers: Sequence[str], sample: Iterable[Sequence[object]]) -> list[float]:
    """Column widths that show each header and each value of ``sample`` whole (a household
    number of 12 digits, not 5227311 cut off by the next cell), within 6 to 60."""
    found = [text_width(h) + 2 for h in headers]
    for row in sample:
        for i, value in enumerate(row[: len(found)]):
            found[i] = max(found[i], text_width(value) + 2)
    return [min(max(w, 6), 60) for w in found]


# Cell styles (indexes into cellXfs below).
PLAIN, HEADER, TEXT, TITLE = 0, 1, 2, 3

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="宋体"/></font>
<font><b/><sz val="11"/><name val="宋体"/></font>
<font><b/><sz val="14"/><name val="宋体"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"
 applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Cell = str | int | float | None


@dataclass
class Sheet:
    name: str
    rows: Iterable[Sequence[Cell]]
    widths: Sequence[float] = ()
    frozen_rows: int = 0
    # style per row index (title, header rows) and per column (text columns) for data rows
    row_styles: dict[int, int] = field(default_factory=dict)
    text_columns: frozenset[int] = frozenset()


def _letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    text = without_controls(text)  # what XML cannot hold
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_xml(sheet: Sheet) -> Iterable[str]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_REL_NS}>'
    if sheet.frozen_rows:
        cell = f"A{sheet.frozen_rows + 1}"
        yield (
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="'
            f'{sheet.frozen_rows}" topLeftCell="{cell}" activePane="bottomLeft" state="frozen"/>'
            "</sheetView></sheetViews>"
        )
    if sheet.widths:
        yield (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(sheet.widths, 1)
            )
            + "</cols>"
        )
    yield "<sheetData>"
    letters: list[str] = []
    for r, row in enumerate(sheet.rows):
        n = r + 1
        while len(letters) < len(row):
            letters.append(_letters(len(letters)))
        row_style = sheet.row_styles.get(r)
        parts = [f'<row r="{n}">']
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            style = (
                row_style if row_style is not None else (TEXT if c in sheet.text_columns else PLAIN)
            )
            s = f' s="{style}"' if style else ""
            if isinstance(value, float) and not math.isfinite(value):
                value = str(value)
            if isinstance(value, str):
                parts.append(
                    f'<c r="{letters[c]}{n}"{s} t="inlineStr"><is><t xml:space="preserve">'
                    f"{_escape(value)}</t></is></c>"
                )
            else:
                parts.append(f'<c r="{letters[c]}{n}"{s}><v>{value!r}</v></c>')
        parts.append("</row>")
        yield "".join(parts)
    yield "</sheetData></worksheet>"


def write(path: str | Path, sheets: Sequence[Sheet]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<workbook {_NS} {_REL_NS}><sheets>"
            + "".join(
                f'<sheet name="{_escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, s in enumerate(sheets, 1)
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG}/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        z.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as f:
                chunk: list[str] = []
                for piece in _sheet_xml(sheet):
                    chunk.append(piece)
                    if len(chunk) >= 500:
                        f.write("".join(chunk).encode())
                        chunk = []
                f.write("".join(chunk).encode())
