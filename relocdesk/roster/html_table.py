"""A roster that is a web page: the ".xls" many government and bank systems export is an HTML
table under an Excel name (Excel opens it after a warning), and a roster saved from a browser
or from Excel as "Web page" is one too.

The largest table of the page is the roster. Its cells become text cells as a workbook's
would, and a cell spanning rows or columns (``rowspan``, ``colspan``: a merged header, a
household's 户号 written once for its members) is given as a merged range, in the reader's
own form ``((first row, first column), (last row, last column))``, so the reader treats it as
it treats a workbook's merged cells.
"""

from __future__ import annotations

import html
import re

Cells = list[list[str]]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]

_TABLE_TAG = re.compile(rb"<\s*table[\s>]", re.IGNORECASE)
_SPAN_MOST = 1000  # a span past this is a broken page, not a roster's merge
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = "\u2028"  # a <br> until the cell's spaces are settled: no page's text holds one
_UNEVEN = re.compile(r"[\t\r\n\f\v\xa0\u2028]|  ")
# What a page holds besides its tags and text, left out whole: comments, scripts and styles,
# and declarations, among them the <![if supportMisalignedColumns]> ... <![endif]> that
# Excel's "save as web page" writes inside its table, where a cell left open would take them.
_UNSEEN = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<![^>]*>|<\?[^>]*>", re.DOTALL | re.IGNORECASE
)
# A tag, its attributes quoted or not: an export's pages are regular, and a tokenizer in C
# reads a 40,000-row export several times faster than the standard library's parser.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_SPAN = re.compile(r"\b(rowspan|colspan)\s*=\s*[\"']?\s*([0-9]+)", re.IGNORECASE)


def is_html(data: bytes) -> bool:
    """Whether ``data`` (a file's first bytes) is a web page holding a table."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] == b"<" and _TABLE_TAG.search(start) is not None


def read(text: str) -> tuple[Cells, Merged]:
    """The largest table of the page ``text``: its rows of cells, and its spans."""
    tables = _Tables()
    text = _UNSEEN.sub("", text)
    at = 0
    for tag in _TAG.finditer(text):
        if tag.start() > at:
            tables.data(text[at : tag.start()])
        at = tag.end()
        name = tag[2].lower()
        if tag[1]:
            tables.end(name)
        else:
            spans = {k.lower(): v for k, v in _SPAN.findall(tag[3])} if "span" in tag[3] else {}
            tables.start(name, spans)
    tables.data(text[at:])
    tables.end("table")  # a page cut short: what it held so far
    found = [t for t in tables.done if t.rows]
    if not found:
        return [], []
    largest = max(found, key=lambda t: sum(len(r) for r in t.rows))
    return largest.grid()


class _Table:
    def __init__(self) -> None:
        # each row: its cells as (text, rows spanned, columns spanned)
        self.rows: list[list[tuple[str, int, int]]] = []

    def grid(self) -> tuple[Cells, Merged]:
        """The cells laid out as the page shows them: a cell spanned over from above takes
        its place in the rows below, blank, and the span is kept as a merged range."""
        cells: Cells = []
        merged: Merged = []
        taken: dict[tuple[int, int], bool] = {}
        for r, row in enumerate(self.rows):
            out: list[str] = []
            c = 0
            for text, down, across in row:
                while taken.pop((r, c), False):
                    out.append("")
                    c += 1
                out.append(text)
                out.extend([""] * (across - 1))
                if down > 1 or across > 1:
                    merged.append(((r, c), (r + down - 1, c + across - 1)))
                    for rr in range(r + 1, r + down):
                        for cc in range(c, c + across):
                            taken[(rr, cc)] = True
                c += across
            while taken.pop((r, c), False):  # spans from above at the row's end
                out.append("")
                c += 1
            cells.append(out)
        width = max((len(r) for r in cells), default=0)
        return [r + [""] * (width - len(r)) for r in cells], merged


class _Tables:
    """Every table of a page with its cells' text; a table inside a cell is a table of its
    own, and its text is not the outer cell's."""

    def __init__(self) -> None:
        self.open: list[_Table] = []
        self.done: list[_Table] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)

    def start(self, tag: str, spans: dict[str, str]) -> None:
        if tag == "table":
            self._end_cell()
            self.open.append(_Table())
        elif not self.open:
            return
        elif tag == "tr":
            self._end_cell()
            self.open[-1].rows.append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.open[-1].rows:  # a cell before any <tr>: browsers open the row
                self.open[-1].rows.append([])
            self.span = (_span(spans.get("rowspan")), _span(spans.get("colspan")))
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(_BREAK)

    def end(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._end_cell()
        elif tag == "table" and self.open:
            self._end_cell()
            self.done.append(self.open.pop())

    def data(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(html.unescape(text) if "&" in text else text)

    def _end_cell(self) -> None:
        if self.cell is None or not self.open:
            self.cell = None
            return
        text = "".join(self.cell).strip()
        if _UNEVEN.search(text):  # most cells are one plain word or number
            # as a browser shows it: spaces and line ends in the page are one space, and
            # only a <br> breaks the line
            lines = _SPACES.sub(" ", text.replace("\xa0", " ")).split(_BREAK)
            text = "\n".join(line.strip() for line in lines).strip()
        self.open[-1].rows[-1].append((text, *self.span))
        self.cell = None


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        n = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(n, 1), _SPAN_MOST)
