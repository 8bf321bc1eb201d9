"""Platypus pieces for the forms that flow over pages: styles, cells, ruled tables, build."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from relocdesk.forms import fonts, layout

T = TypeVar("T")


def styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    fonts.chain()
    base = ParagraphStyle("rd", fontName=fonts.PRIMARY, fontSize=9.5, leading=12.5, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "rd-title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "rd-sub", parent=base, fontSize=9.5, leading=13, alignment=TA_CENTER, spaceAfter=8
        ),
        "heading": ParagraphStyle(
            "rd-h", parent=base, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4
        ),
        "cell": base,
        "small": ParagraphStyle("rd-small", parent=base, fontSize=8.5, leading=11),
        "label": ParagraphStyle("rd-label", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle(
            "rd-head", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER
        ),
    }


# A run of digits or Latin letters: an ID number, a phone, a room like 3-2-501A.
_WORD = re.compile(r"[0-9A-Za-z]{2}")


def para(text: str | None, style: Any) -> Any:
    """Text in a cell or under a heading, wrapped without ever breaking an ID or a phone."""
    return _flowables()[2](text or "", style)


def lines(parts: Sequence[str], style: Any) -> Any:
    """A cell of several short lines (name / relation / gender)."""
    return para("\n".join(parts), style)


@functools.cache
def _flowables() -> tuple[type, type, type]:
    """Flowable subclasses, made on first use so reportlab loads only when printing."""
    from reportlab.platypus import Flowable, Paragraph
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    class KeepWords(Paragraph):  # type: ignore[misc]
        """A Paragraph whose lines never break inside an ID number or a phone.

        reportlab's CJK wrapping breaks anywhere, and backs up out of a Latin run only as
        far as half a line: '522731198003120' / '11X' happened. Text holding such a run is
        cut into lines here, at the width the cell gives, and handed over line by line.
        """

        def __init__(self, text: str | None, style: Any = None, *args: Any, **kw: Any) -> None:
            # reportlab makes the halves of a split paragraph with frags and no text.
            self.plain = text if kw.get("frags") is None and not args else None
            self.cut_at: float | None = None
            markup = fonts.markup(text).replace("\n", "<br/>") if text is not None else None
            super().__init__(markup, style, *args, **kw)

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            if self.plain and self.cut_at != avail_w and _WORD.search(self.plain):
                self.cut_at = avail_w
                width = avail_w - self.style.leftIndent - self.style.rightIndent
                cut = layout.split_lines(self.plain, self.style.fontSize, width)
                text = "<br/>".join(fonts.markup(line) or "\xa0" for line in cut)
                self._setup(text, self.style, self.bulletText, None, cleanBlockQuotedText)
            return tuple(super().wrap(avail_w, avail_h))  # type: ignore[return-value]

    class Unbreakable(Flowable):  # type: ignore[misc]
        """A one-line cell for ID numbers and phones: shrinks to fit, never wraps."""

        def __init__(self, text: str, size: float, align: str) -> None:
            super().__init__()
            self.text, self.size, self.align = text, size, align

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.avail = avail_w
            return avail_w, self.size * 1.25

        def draw(self) -> None:
            s = layout.fit_size(self.text, self.size, self.avail, 5.0)
            x = {"left": 0.0, "centre": self.avail / 2, "right": self.avail}[self.align]
            layout.draw_text(self.canv, x, self.size * 0.3, self.text, s, self.align)

    class FormStart(Flowable):  # type: ignore[misc]
        """A zero-size marker at the start of each form: numbering, progress and cancel."""

        def __init__(
            self, index: int, total: int, key: str, form_no: str, progress: Any, cancel: Any
        ) -> None:
            super().__init__()
            self.index, self.total, self.key, self.form_no = index, total, key, form_no
            self.progress, self.cancel = progress, cancel

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            layout.check(self.cancel)
            self.canv.form_key = self.key
            self.canv.form_no = self.form_no
            if self.progress is not None:
                self.progress(self.index, self.total)

    return Unbreakable, FormStart, KeepWords


def unbreakable(text: str, size: float = 9.0, align: str = "left") -> Any:
    return _flowables()[0](text, size, align)


def form_start(
    index: int,
    total: int,
    key: str,
    form_no: str,
    progress: layout.Progress | None,
    cancel: layout.Cancel | None,
) -> Any:
    return _flowables()[1](index, total, key, form_no, progress, cancel)


def ruled(
    data: list[list[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 0,
    label_cols: Sequence[int] = (),
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    min_heights: Sequence[float] | None = None,
    split_in_row: bool = False,
) -> Any:
    """A ruled table; header rows repeat on every page it flows onto."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), layout.LINE, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.PRIMARY),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    shade = colors.Color(0.92, 0.92, 0.92)
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), shade))
    covered = {
        (c, r)
        for (c0, r0), (c1, r1) in spans
        for c in range(c0, c1 + 1)
        for r in range(r0, r1 + 1)
        if (c, r) != (c0, r0)
    }
    for col in label_cols:
        style.append(("ALIGN", (col, 0), (col, -1), "CENTER"))
        # Shade cell by cell: a column-wide background would show through spanned values.
        for row in range(len(data)):
            if (col, row) not in covered:
                style.append(("BACKGROUND", (col, row), (col, row), shade))
    for start, end in spans:
        style.append(("SPAN", start, end))
    table = Table(
        data,
        colWidths=list(widths),
        minRowHeights=list(min_heights) if min_heights else None,
        repeatRows=header_rows,
        style=TableStyle(style),
        splitByRow=1,
        splitInRow=1 if split_in_row else 0,
    )
    return table


def render(
    items: Sequence[T],
    out: layout.Out,
    title: str,
    furniture: layout.Furniture,
    story: Callable[[T, dict[str, Any]], list[Any]],
    corner: Callable[[T], tuple[str, str]],
    progress: layout.Progress | None,
    cancel: layout.Cancel | None,
) -> int:
    """Lay out one form per item, each on a new page, into one PDF; return the page count.

    ``corner`` gives each form its subject key and the label at the top right of its pages,
    so a loose second sheet still says whose it is. Stories are built one at a time, so a
    cancel stops before the rest are made.
    """
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    st = styles()
    total = len(items)
    flowables: list[Any] = []
    for i, item in enumerate(items):
        layout.check(cancel)
        if i:
            flowables.append(PageBreak())
        key, form_no = corner(item)
        flowables.append(form_start(i + 1, total, key, form_no, progress, cancel))
        flowables.extend(story(item, st))
    with layout.atomic_output(out) as target:
        doc = SimpleDocTemplate(
            target,
            pagesize=(layout.PAGE_W, layout.PAGE_H),
            leftMargin=layout.MARGIN_X,
            rightMargin=layout.MARGIN_X,
            topMargin=layout.MARGIN_TOP,
            bottomMargin=layout.MARGIN_BOTTOM,
            title=title,
            author="RelocDesk",
            creator="RelocDesk",
        )
        doc.build(flowables, canvasmaker=layout.make_form_canvas(furniture))
        return int(doc.page)
