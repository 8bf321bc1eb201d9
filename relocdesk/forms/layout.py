"""What every form shares: page furniture, styles, text with font fallback, safe output.

Page furniture (community name, print date, "第 n 页 共 m 页" counted per form) is drawn by
``FormCanvas`` after a whole document is laid out, so a form's page count is known.
Output goes to a temporary file renamed into place only when complete: a cancelled or
failed batch never leaves a partial PDF behind.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from relocdesk import places
from relocdesk.forms import fonts
from relocdesk.validation import ValidationError

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
Out = str | Path | IO[bytes]

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN_X = 50.0
MARGIN_TOP = 46.0
MARGIN_BOTTOM = 52.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
LINE = 0.6  # ruled lines


class Cancelled(Exception):
    """The person cancelled the batch; nothing was written."""


@dataclass(frozen=True)
class Furniture:
    community: str
    printed_on: str  # YYYY-MM-DD


def check(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


# -- output --------------------------------------------------------------------------------
@contextlib.contextmanager
def atomic_output(out: Out) -> Iterator[str | IO[bytes]]:
    """Yield where reportlab should write; publish it only if the block completes."""
    if isinstance(out, str | Path):
        target = Path(out)
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            yield str(part)
            os.replace(part, target)
        except OSError as e:
            # The person chose the file, not the hidden part file: name theirs.
            if e.filename is None or Path(e.filename) not in (part, target):
                raise
            raise _cannot_write(target, e) from e
        finally:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
    else:
        buffer = io.BytesIO()
        yield buffer
        out.write(buffer.getvalue())


def _cannot_write(target: Path, e: OSError) -> ValidationError:
    reason = e.strerror or type(e).__name__
    if e.errno in places.DISK_FULL:
        return ValidationError("output", "disk_full", *places.disk_full_words(target))
    if isinstance(e, FileNotFoundError):
        zh = f"找不到要保存 PDF 的文件夹：{target.parent}"
    elif isinstance(e, PermissionError):
        zh = f"没有权限写入 {target}"
    else:
        zh = f"无法写入 {target}（{reason}）"
    return ValidationError("output", "cannot_write", zh, f"cannot write {target}: {reason}")


# -- text on the canvas --------------------------------------------------------------------
def draw_text(canvas: Any, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """One line of text in the bundled fonts, each character in a font that has it."""
    if not text:
        return
    chain = fonts.chain()
    if align != "left":
        width = fonts.string_width(text, size)
        x -= width if align == "right" else width / 2
    if chain.covers(text):
        canvas.setFont(chain.names[0], size)
        canvas.drawString(x, y, text)
        return
    t = canvas.beginText(x, y)
    for font, run in chain.runs(text):
        t.setFont(font, size)
        t.textOut(run)
    canvas.drawText(t)


def fit_size(text: str, size: float, width: float, smallest: float = 6.0) -> float:
    """The largest size up to ``size`` at which the text fits the width on one line."""
    w = fonts.string_width(text, size)
    if w <= width:
        return size
    return max(smallest, size * width / w)


def split_lines(text: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit, never inside a run of digits or Latin letters
    (ID numbers, phones), so an ID number is always printed whole on one line."""
    pieces: list[str] = []
    for ch in text:
        if (
            pieces
            and ch.isascii()
            and ch.isalnum()
            and pieces[-1][-1:].isascii()
            and (pieces[-1][-1:].isalnum())
        ):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if piece == "\n":
            lines.append(current)
            current = ""
            continue
        if current and fonts.string_width(current + piece, size) > width:
            lines.append(current)
            current = piece.lstrip()
        else:
            current += piece
    if current:
        lines.append(current)
    return lines


def draw_box_text(
    canvas: Any,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str,
    size: float = 10.5,
    smallest: float = 7.0,
) -> None:
    """Text inside a cell (x, y = bottom left): one line if it fits, else wrapped and shrunk."""
    if not text:
        return
    pad = 4.0
    inner = w - 2 * pad
    one = fit_size(text, size, inner, size * 0.8)
    if fonts.string_width(text, one) <= inner:
        draw_text(canvas, x + pad, y + (h - one * 0.8) / 2, text, one)
        return
    s = size
    while True:
        lines = split_lines(text, s, inner)
        if len(lines) * s * 1.2 <= h - 2 or s <= smallest:
            break
        s -= 0.5
    leading = s * 1.2
    top = y + h / 2 + len(lines) * leading / 2 - s * 0.95
    for i, line in enumerate(lines):
        if top - i * leading < y:
            break
        draw_text(canvas, x + pad, top - i * leading, line, s)


# -- page furniture ------------------------------------------------------------------------
def draw_furniture(
    canvas: Any, furniture: Furniture, page: int, pages: int, form_no: str = ""
) -> None:
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, MARGIN_BOTTOM - 12, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 12)
    y = MARGIN_BOTTOM - 26
    # Shrunk to its half of the line: a long community name never runs into the date.
    room = PAGE_W / 2 - MARGIN_X - 70
    draw_text(canvas, MARGIN_X, y, furniture.community, fit_size(furniture.community, 8.5, room))
    draw_text(canvas, PAGE_W / 2, y, f"打印日期：{furniture.printed_on}", 8.5, "centre")
    draw_text(canvas, PAGE_W - MARGIN_X, y, f"第 {page} 页  共 {pages} 页", 8.5, "right")
    if form_no:
        draw_text(canvas, PAGE_W - MARGIN_X, PAGE_H - MARGIN_TOP + 18, form_no, 8.5, "right")
    canvas.restoreState()


def new_canvas(target: str | IO[bytes], title: str, canvasmaker: Any = None) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    fonts.chain()
    maker = canvasmaker or Canvas
    c = maker(
        target,
        pagesize=(PAGE_W, PAGE_H),
        initialFontName=fonts.PRIMARY,
        initialFontSize=10,
        pageCompression=1,
    )
    c.setTitle(title)
    c.setAuthor("RelocDesk")
    c.setCreator("RelocDesk")
    return c


def make_form_canvas(furniture: Furniture) -> type:
    """A canvas class that holds pages back until the end to number them per form."""
    from reportlab.pdfgen.canvas import Canvas

    class FormCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # platypus passes None for these; None would mean Helvetica, never embedded.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.PRIMARY
            kwargs["pageCompression"] = 1
            super().__init__(*args, **kwargs)
            self.form_key = ""
            self.form_no = ""
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            counts: dict[str, int] = {}
            for state in self._held:
                counts[state["form_key"]] = counts.get(state["form_key"], 0) + 1
            seen: dict[str, int] = {}
            for state in self._held:
                self.__dict__.update(state)
                key = state["form_key"]
                seen[key] = seen.get(key, 0) + 1
                draw_furniture(self, furniture, seen[key], counts[key], state["form_no"])
                Canvas.showPage(self)
            Canvas.save(self)

    return FormCanvas


# -- ruled grids drawn straight on the canvas ---------------------------------------------
@dataclass(frozen=True)
class Cell:
    text: str
    width: float
    label: bool = False
    size: float = 10.5
    whole: bool = False  # ID numbers and phones: one line, shrunk to fit, never wrapped


def label_cell(text: str, width: float) -> Cell:
    return Cell(text, width, label=True)


def draw_grid(canvas: Any, x: float, top: float, rows: list[tuple[float, list[Cell]]]) -> float:
    """Draw ruled rows of cells from ``top`` down; return the bottom. Labels are shaded."""
    y = top
    canvas.saveState()
    canvas.setLineWidth(LINE)
    for height, cells in rows:
        y -= height
        cx = x
        for cell in cells:
            if cell.label:
                canvas.setFillGray(0.92)
                canvas.rect(cx, y, cell.width, height, stroke=0, fill=1)
                canvas.setFillGray(0)
                parts = cell.text.split("\n")
                size = cell.size if len(parts) == 1 else cell.size - 1
                lead = size * 1.25
                first = y + height / 2 + (len(parts) - 1) * lead / 2 - size * 0.35
                for i, part in enumerate(parts):
                    draw_text(canvas, cx + cell.width / 2, first - i * lead, part, size, "centre")
            elif cell.whole:
                s = fit_size(cell.text, cell.size, cell.width - 10, 6.0)
                draw_text(canvas, cx + 5, y + (height - s * 0.8) / 2, cell.text, s)
            else:
                draw_box_text(canvas, cx, y, cell.width, height, cell.text, cell.size)
            canvas.rect(cx, y, cell.width, height)
            cx += cell.width
    canvas.restoreState()
    return y
