"""Reading a roster file into text cells: .xlsx / .xls / .ods through calamine, .csv in UTF-8
or GBK, "Unicode text" (.txt: UTF-16 with its byte-order mark, tab-separated), and the ".xls"
web systems export as an HTML table (``html_table``) or as Excel 2003 XML (``xml_sheet``).

Every cell becomes text so ID numbers keep their digits. Cells Excel stored as numbers are
remembered by position: an 18-digit ID number typed into Excel without a leading quote is a
number with only 15 significant digits, and the import must refuse it rather than guess.

The header row is the first of the first ten that names at least three known columns:
government spreadsheets put titles above it. Merged header cells arrive blank except for
their first cell; their text is spread over the merged area, and a second header row under
merged group titles (迁出地 over 县 / 乡镇 / 村) is joined to the row above.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, cast

from relocdesk.cell_text import from_csv_field
from relocdesk.collector import pausing
from relocdesk.roster import html_table, nonperson, sheets, xml_sheet
from relocdesk.roster.columns import REQUIRED, header_field
from relocdesk.roster.raw import RawTable, RosterReadError

HEADER_SEARCH_ROWS = 10
# Enough of a file's start to tell its kind by: a web page's table or an XML workbook's
# namespace comes after a little markup.
_START = 65536
MIN_HEADER_FIELDS = 3


@pausing
def read_table(path: str | Path, sheets: Collection[str] | None = None) -> RawTable:
    """Read every sheet that has a roster header, as one table (``sheets``: only those, by
    name). Raises RosterReadError, nothing else."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(_START)
    except OSError as e:
        raise RosterReadError(
            "unreadable", f"无法打开文件：{e.strerror or e}", f"cannot open the file: {e}"
        ) from e
    if not head:
        raise RosterReadError("empty", "文件是空的", "the file is empty")
    try:
        if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
            table = _read_workbook(p, _workbook_kind(p, head), sheets)
        elif xml_sheet.is_xml_sheet(head):
            table = _read_xml_sheet(p, sheets)
        elif html_table.is_html(head):
            table = _read_web_page(p)
        elif p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            raise RosterReadError(
                "not_spreadsheet",
                "文件扩展名是 Excel 等电子表格，但内容不是工作簿（文件可能已损坏）",
                "the file is named as an Excel (or other) spreadsheet but is not a workbook"
                " (it may be damaged)",
            )
        else:
            table = _read_csv(p)
    except RosterReadError:
        raise
    except Exception as e:  # any library failure on a damaged file is a report, not a crash
        raise RosterReadError(
            "unreadable",
            f"文件无法读取（可能已损坏或格式不支持）：{type(e).__name__}",
            f"the file cannot be read (damaged or unsupported format): {e}",
        ) from e
    if not table.rows:  # the template, or a sheet saved before anyone was typed in
        raise RosterReadError(
            "no_rows",
            "文件中只有表头，没有人员的行：请确认打开的是已填好的花名册",
            "the file has a header but no rows of people: check that it is the filled-in roster",
        )
    table.source = p.name
    return table


def _read_web_page(path: Path) -> RawTable:
    """The ".xls" a web system exports (an HTML table), read as the workbook it stands for."""
    text, encoding = _decode(path.read_bytes())
    cells, merged = html_table.read(text)
    if not any(v for r in cells for v in r):
        raise RosterReadError(
            "empty", "网页文件中的表格没有数据", "the web page's table holds no data"
        )
    # a system's way of keeping an ID number's digits in a cell Excel shows (="5227…")
    return _from_cells([[_formula_text(v) for v in r] for r in cells], merged, encoding=encoding)


def _workbook_kind(path: Path, head: bytes) -> str:
    """xls (the older binary format), or of a zip: ods (LibreOffice's and WPS's open format)
    by its name, else xlsx. The kind names the file in a message only: calamine reads all."""
    if head.startswith(b"\xd0\xcf"):
        return "xls"
    return "ods" if path.suffix.lower() == ".ods" else "xlsx"


def _read_workbook(path: Path, kind: str, wanted: Collection[str] | None) -> RawTable:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise RosterReadError(
            "damaged",
            f".{kind} 文件已损坏或受密码保护，无法读取",
            f"the {kind} file is damaged or password-protected: {e}",
        ) from e

    def cells_of(name: str) -> tuple[Sequence[Sequence[object]], Sequence[Any]]:
        sheet = book.get_sheet_by_name(name)
        merged = getattr(sheet, "merged_cell_ranges", None) or []
        return sheet.to_python(skip_empty_area=False), merged

    return _from_sheets(book.sheet_names, cells_of, _hidden(book), wanted)


def _read_xml_sheet(path: Path, wanted: Collection[str] | None) -> RawTable:
    """An XML Spreadsheet 2003 workbook (``xml_sheet``), read as calamine reads a workbook."""
    try:
        book = {name: (cells, merged) for name, cells, merged in xml_sheet.read(path.read_bytes())}
    except (ValueError, SyntaxError) as e:  # ElementTree's ParseError is a SyntaxError
        raise RosterReadError(
            "damaged",
            "XML 表格文件已损坏，无法读取",
            f"the XML spreadsheet is damaged: {e}",
        ) from e
    return _from_sheets(list(book), book.__getitem__, set(), wanted)


def _from_sheets(
    all_names: Sequence[str],
    cells_of: Callable[[str], tuple[Sequence[Sequence[object]], Sequence[Any]]],
    hidden: set[str],
    wanted: Collection[str] | None,
) -> RawTable:
    """The sheets that list people, as one table; the others named as not read, and why."""
    names = _sheets_wanted(all_names, wanted)
    found: list[tuple[str, RawTable]] = []
    not_read: list[tuple[str, str, str]] = []
    first_error: RosterReadError | None = None
    for name in names:
        if name in hidden and wanted is None:
            # an old copy or a lookup list kept out of sight: read only when named
            not_read.append((name, *_HIDDEN))
            continue
        cells, merged = cells_of(name)
        if not any(v not in (None, "") for r in cells for v in r):
            continue  # an empty sheet (Sheet2, Sheet3 of a new workbook) holds nothing
        try:
            found.append((name, _from_cells(cells, merged, encoding=None)))
        except RosterReadError as e:
            first_error = first_error or e
            not_read.append((name, e.message_zh, e.message_en))
    if not found:
        raise first_error or RosterReadError(
            "empty", "工作簿中没有数据", "the workbook holds no data"
        )
    people = [f for f in found if _lists_people(f[1])]
    # None lists people whole: the first is read, and the check names its missing columns
    # (they may be mapped by hand); as before, no other sheet is mixed into it.
    chosen = people or found[:1]
    taken = {name for name, _ in chosen}
    not_read += [(name, *_NOT_PEOPLE) for name, _ in found if name not in taken]
    table = sheets.combine(chosen)
    table.skipped_sheets = sorted(not_read, key=lambda x: names.index(x[0]))
    return table


_HIDDEN = ("隐藏的工作表，未读取", "a hidden sheet: not read")


def _hidden(book: Any) -> set[str]:
    """The sheets a workbook hides (hidden or very hidden); none when the reader cannot say."""
    import python_calamine

    try:
        shown = python_calamine.SheetVisibleEnum.Visible
        return {m.name for m in book.sheets_metadata if m.visible != shown}
    except AttributeError:
        return set()


_NOT_PEOPLE = (
    "没有姓名和身份证号码两列，不是人员花名册（例如住户表、汇总表）",
    "it has no name and ID number columns: not a list of people (a households or summary sheet)",
)


def _lists_people(table: RawTable) -> bool:
    """Whether a sheet's header names every column a person's row needs (姓名, 身份证号码)."""
    return set(REQUIRED) <= {header_field(h) for h in table.headers}


def _sheets_wanted(names: Sequence[str], wanted: Collection[str] | None) -> list[str]:
    if wanted is None:
        return list(names)
    missing = [w for w in wanted if w not in names]
    if missing:
        raise RosterReadError(
            "no_sheet",
            f"工作簿中没有工作表：{'、'.join(missing)}（有：{'、'.join(names)}）",
            f"the workbook has no sheet {', '.join(missing)} (it has: {', '.join(names)})",
        )
    return [n for n in names if n in wanted]


def _decode(data: bytes) -> tuple[str, str]:
    head = data[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's and WPS's "Unicode text" (Unicode 文本 *.txt): UTF-16 with its byte-order
        # mark, tab-separated; the sniffer finds the tabs.
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    # UTF-16 text is half NUL bytes; a stray NUL in a cell is left for the checks to report.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(0) * 8 > len(head):
        raise RosterReadError(
            "encoding",
            "文件不是 UTF-8、GBK 或带字节序标记的 UTF-16 文本（可能是二进制文件）；"
            "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
            "the file is not UTF-8, GBK or UTF-16 text with a byte-order mark (binary?); "
            "save it from Excel as 'CSV UTF-8' or .xlsx",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        # gb18030 decodes almost any bytes; control and private-use characters betray binary.
        odd = sum(
            1
            for c in sample
            if (c < " " and c not in "\t\r\n") or "\ue000" <= c <= "\uf8ff" or "\x7f" <= c <= "\x9f"
        )
        if odd * 50 > len(sample):
            break
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise RosterReadError(
        "encoding",
        "文件编码无法识别（既不是 UTF-8 也不是 GBK）；请另存为“CSV UTF-8”或 .xlsx",
        "unknown text encoding (neither UTF-8 nor GBK); save it as 'CSV UTF-8' or .xlsx",
    )


# ="0012345" is how a system writes a cell to CSV that Excel must show as text, leading zeros
# and all 18 digits of an ID number kept: Excel shows 0012345, and so must the import.
_FORMULA_TEXT = re.compile(r'\s*="(.*)"\s*', re.DOTALL)


def _formula_text(cell: str) -> str:
    found = _FORMULA_TEXT.fullmatch(cell) if cell.lstrip().startswith('="') else None
    return cell if found is None else found[1]


def _read_csv(path: Path) -> RawTable:
    text, encoding = _decode(path.read_bytes())
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    # Office software doubles a quote inside a quoted cell; the sniffer, guessing from a few
    # rows, can decide it does not, and a cell such as "=""0012""" would keep its quotes.
    dialect.doublequote = dialect.escapechar is None or dialect.doublequote
    cells = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    if '="' in text:
        cells = [[_formula_text(v) for v in r] for r in cells]
    if "'" in text:  # the apostrophe our own rejected rows put before a formula's first sign
        cells = [[from_csv_field(v) for v in r] for r in cells]
    if not cells:
        raise RosterReadError("empty", "文件中没有数据", "the file holds no data")
    try:
        return _from_cells(cells, [], encoding=encoding)
    except RosterReadError as e:
        if e.code != "no_header":
            raise
        raise RosterReadError(
            "no_header",
            f"{e.message_zh}。按 {encoding} 编码读取；若表头显示为乱码，"
            "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
            f"{e.message_en}. Read as {encoding}; if the headers look garbled, save the file "
            "as 'CSV UTF-8' or .xlsx",
        ) from e


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper() if abs(value) >= 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _from_cells(
    cells: Sequence[Sequence[object]], merged: Sequence[Any], *, encoding: str | None
) -> RawTable:
    width = max((len(r) for r in cells), default=0)
    top = [[_text(v) for v in r] + [""] * (width - len(r)) for r in cells[: HEADER_SEARCH_ROWS + 1]]
    _spread_merged(top, merged)
    candidates = range(min(HEADER_SEARCH_ROWS, len(top)))
    header_at = next((i for i in candidates if _header_score(top, i) >= MIN_HEADER_FIELDS), None)
    if header_at is None:
        raise RosterReadError(
            "no_header",
            f"前 {HEADER_SEARCH_ROWS} 行中找不到表头（至少要有姓名、身份证号码等 "
            f"{MIN_HEADER_FIELDS} 个可识别的列名）",
            f"no header row in the first {HEADER_SEARCH_ROWS} rows (need at least "
            f"{MIN_HEADER_FIELDS} known column names such as 姓名, 身份证号码)",
        )
    headers = top[header_at]
    last_header = header_at
    if header_at + 1 < len(top):
        joined = _join_subheader(headers, top[header_at + 1])
        if joined is not None:
            headers, last_header = joined, header_at + 1
    # Columns with neither a header nor any data are dropped (trailing formatting).
    data_start = last_header + 1
    cells = _spread_down(cells, merged, data_start)
    used = [
        i
        for i, h in enumerate(headers)
        if h or any(i < len(r) and r[i] not in (None, "") for r in cells[data_start:])
    ]
    rows: list[list[str]] = []
    numbers: list[int] = []
    numeric: set[tuple[int, int]] = set()
    skipped = [(i + 1, "title") for i in range(header_at) if any(top[i])]
    every = used == list(range(width))
    marks = nonperson.gone_marks([headers[i] for i in used])
    texts = _CellTexts()
    heading: str | None = None  # the building of the section the rows are in (一、1栋)
    sections: list[str] = []
    for n, r in enumerate(cells[data_start:], data_start + 1):
        picked = list(r) if every else [r[i] if i < len(r) else "" for i in used]
        picked += [""] * (len(used) - len(picked))
        out, numbered = texts.of(picked)
        if not any(out):
            skipped.append((n, "blank"))
            continue
        if (kind := nonperson.kind_of(out, marks)) is not None:
            skipped.append((n, kind))
            continue
        if (named := nonperson.section(out)) is not None:
            skipped.append((n, "section"))
            heading = named
            continue
        # only now: a skipped row's numbers (a row of column numbers under the header) are
        # not the next row's
        numeric.update((len(rows), k) for k in numbered)
        rows.append(out)
        numbers.append(n)
        sections.append(heading or "")
    # blank rows after the last written one are the sheet's formatting, not rows read
    last = max([numbers[-1] if numbers else 0, *(n for n, k in skipped if k != "blank")])
    skipped = [(n, k) for n, k in skipped if n <= last]
    return RawTable(
        headers=[headers[i] or f"列{i + 1}" for i in used],
        rows=rows,
        header_row_index=last_header,
        encoding=encoding,
        row_numbers=numbers,
        numeric=numeric,
        skipped=skipped,
        row_sections=sections if heading is not None else [],
    )


class _CellTexts:
    """A sheet's cells as text, each distinct cell converted once."""

    def __init__(self) -> None:
        # One object per distinct text: a column's repeated values (男, 户主, the county) then
        # hash once and compare by identity when the plan judges each distinct text once.
        self.seen: dict[str, str] = {}
        # Other cells (numbers, dates, None) repeat down a column too. Keyed by type as well:
        # True, 1 and 1.0 are one key, and 是, 1 and 1 here.
        self.other: dict[tuple[type, Any], tuple[str, bool]] = {}

    def of(self, picked: list[Any]) -> tuple[list[str], list[int]]:
        """A row's cells as text, and the places of those that were numbers."""
        numbered: list[int] = []
        out: list[Any]
        try:  # most rows are text only: strip them in one pass
            out = list(map(str.strip, cast("list[str]", picked)))  # TypeError if not
        except TypeError:
            out = [v.strip() if type(v) is str else None for v in picked]
            other = self.other
            for k, v in enumerate(picked):
                if out[k] is None:
                    key = (type(v), v)
                    got = other.get(key)
                    if got is None:
                        number = isinstance(v, int | float) and not isinstance(v, bool)
                        got = other[key] = (_text(v), number)
                    if got[1]:
                        numbered.append(k)
                    out[k] = got[0]
        return list(map(self.seen.setdefault, out, out)), numbered


def _header_score(top: list[list[str]], i: int) -> int:
    score = _known(top[i])
    if i + 1 < len(top):
        joined = _join_subheader(top[i], top[i + 1])
        if joined is not None:
            score = max(score, _known(joined))
    return score


def _known(row: Sequence[str]) -> int:
    return len({f for f in (header_field(c) for c in row) if f is not None})


def _spread_merged(top: list[list[str]], merged: Sequence[Any]) -> None:
    """Give every cell of a merged header area the text of its first cell."""
    for rng in merged:
        try:
            (r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r0 >= len(top):
            continue
        value = top[r0][c0] if c0 < len(top[r0]) else ""
        for r in range(r0, min(r1, len(top) - 1) + 1):
            for c in range(c0, min(c1, len(top[r]) - 1) + 1):
                if not top[r][c]:
                    top[r][c] = value


def _spread_down(
    cells: Sequence[Sequence[object]], merged: Sequence[Any], start: int
) -> Sequence[Sequence[object]]:
    """A household's cells merged down over its members' rows (户号, 房号, 家庭电话 written once
    for the family, as rosters lay them out) give each row of the merge their value: a merged
    cell shows it on every row, and the reader returns it on the first only. Merges across
    columns in the data are left alone (a 合计 label spread over the first columns)."""
    down = []
    for rng in merged:
        try:
            (r0, c0), (r1, _) = rng
        except (TypeError, ValueError):
            continue
        if r1 > r0 >= start and r0 < len(cells):
            down.append((r0, c0, min(r1, len(cells) - 1)))
    if not down:
        return cells
    out = list(cells)
    for r0, c0, r1 in down:  # a merge also across columns is one cell: its first column's
        value = out[r0][c0] if c0 < len(out[r0]) else None
        for r in range(r0 + 1, r1 + 1):
            row = out[r] = list(out[r])
            if c0 < len(row) and row[c0] in (None, ""):
                row[c0] = value
    return out


def _join_subheader(headers: list[str], below: list[str]) -> list[str] | None:
    """Join a second header row ('县' under a merged '迁出地') when it names more columns."""
    if len({h for h in headers if h}) < 2:  # a title row above, not a header
        return None
    if any("：" in h or ":" in h for h in headers):  # 填报单位：…  填报日期：… above the header
        return None
    if not any(below) or any(any(ch.isdigit() for ch in c) and len(c) >= 6 for c in below):
        return None
    parent = ""
    joined: list[str] = []
    for h, b in zip(headers, below, strict=True):
        if h:
            parent = h
        if not b or b == h:
            joined.append(h)
        elif header_field(b) is not None and header_field((h or parent) + b) is None:
            joined.append(b)
        else:
            joined.append((h or parent) + b)
    return joined if _known(joined) > _known(headers) else None
