"""居住证申领登记表, drawn straight on the canvas: batches of a thousand are the normal case.

The ruling, labels, title and footer are the same on every page of a batch, so they are
drawn once into a PDF form XObject and placed on each page; only the person's values are
drawn per page. That keeps a batch fast and its file small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relocdesk.forms import layout
from relocdesk.forms.layout import draw_box_text, draw_text
from relocdesk.forms.model import PermitApplication

TITLE = "居住证申领登记表"
PROMISE = "本人承诺以上填写内容真实、准确，如有虚假，愿承担相应责任。"
NOTES = (
    "注：1. 本表由社区办事员根据户籍和居住信息打印，申请人核对无误后签名。",
    "    2. 请随表提交居民身份证复印件及近期一寸免冠照片一张。",
)
X0, X1 = layout.MARGIN_X, layout.PAGE_W - layout.MARGIN_X
COL = (X0, 130.0, 255.0, 305.0, 355.0, 405.0, X1 - 90.0, X1)  # photo column: last
TOP = 724.0
ROW = 32.0
ROWS_Y = [TOP - ROW * i for i in range(9)]  # tops of rows 1..8, bottom of row 8
PROMISE_H, OPINION_H, NOTE_H = 100.0, 140.0, 58.0
PROMISE_Y = ROWS_Y[8] - PROMISE_H
OPINION_Y = PROMISE_Y - OPINION_H
NOTE_Y = OPINION_Y - NOTE_H

# (label, x0, x1, row) — row numbers from 1, the value cell follows the label cell.
LABELS: tuple[tuple[str, float, float, int], ...] = (
    ("姓名", COL[0], COL[1], 1),
    ("性别", COL[2], COL[3], 1),
    ("民族", COL[4], COL[5], 1),
    ("出生日期", COL[0], COL[1], 2),
    ("文化程度", COL[2], COL[3], 2),
    ("公民身份号码", COL[0], COL[1], 3),
    ("联系电话", COL[0], COL[1], 4),
    ("户号", COL[2], COL[3], 4),
    ("户籍地址", COL[0], COL[1], 5),
    ("居住地址", COL[0], COL[1], 6),
    ("入住日期", COL[0], COL[1], 7),
    ("申领事由", COL[2], COL[3], 7),
    ("就业单位\n(服务处所)", COL[0], COL[1], 8),
)
# (field, x0, x1, row, size)
VALUES: tuple[tuple[str, float, float, int, float], ...] = (
    ("name", COL[1], COL[2], 1, 12.0),
    ("gender", COL[3], COL[4], 1, 11.0),
    ("ethnicity", COL[5], COL[6], 1, 10.5),
    ("birth_date", COL[1], COL[2], 2, 11.0),
    ("education", COL[3], COL[6], 2, 10.5),
    ("id_number", COL[1], COL[6], 3, 13.0),
    ("phone", COL[1], COL[2], 4, 11.0),
    ("household_no", COL[3], COL[6], 4, 10.5),
    ("registration_address", COL[1], COL[7], 5, 10.5),
    ("residence_address", COL[1], COL[7], 6, 10.5),
    ("move_in_date", COL[1], COL[2], 7, 11.0),
    ("reason", COL[3], COL[7], 7, 10.5),
    ("employer", COL[1], COL[7], 8, 10.5),
)


def _row_bottom(row: int) -> float:
    return ROWS_Y[row]


def _static(c: Any, furniture: layout.Furniture) -> None:
    """Everything but the person: drawn once per batch into a form XObject."""
    c.setLineWidth(layout.LINE)
    draw_text(c, layout.PAGE_W / 2, 772, TITLE, 20, "centre")
    draw_text(c, X0, TOP + 10, f"社区：{furniture.community}", 10)
    draw_text(c, X1, TOP + 10, "填表日期：        年     月     日", 10, "right")
    # Grid of rows 1-8.
    for i, y in enumerate(ROWS_Y):
        right = COL[6] if 1 <= i <= 3 else X1
        c.line(X0, y, right, y)
    c.line(COL[6], ROWS_Y[4], X1, ROWS_Y[4])
    verticals = {
        1: (COL[1], COL[2], COL[3], COL[4], COL[5], COL[6]),
        2: (COL[1], COL[2], COL[3], COL[6]),
        3: (COL[1], COL[6]),
        4: (COL[1], COL[2], COL[3], COL[6]),
        5: (COL[1],),
        6: (COL[1],),
        7: (COL[1], COL[2], COL[3]),
        8: (COL[1],),
    }
    for row, xs in verticals.items():
        for x in xs:
            c.line(x, ROWS_Y[row - 1], x, ROWS_Y[row])
    for label, x0, x1, row in LABELS:
        _label(c, label, x0, x1, _row_bottom(row), ROW)
    # Photo box: a one-inch photo (25 x 35 mm) centred in the photo column.
    pw, ph = 71.0, 99.0
    px = COL[6] + (X1 - COL[6] - pw) / 2
    py = ROWS_Y[4] + (ROW * 4 - ph) / 2
    c.saveState()
    c.setDash(2, 2)
    c.rect(px, py, pw, ph)
    c.restoreState()
    draw_text(c, px + pw / 2, py + ph / 2 + 4, "照片", 10.5, "centre")
    draw_text(c, px + pw / 2, py + ph / 2 - 12, "(一寸免冠)", 8, "centre")
    # Promise and signature.
    c.line(X0, PROMISE_Y, X1, PROMISE_Y)
    c.line(COL[1], ROWS_Y[8], COL[1], NOTE_Y)
    _label(c, "申请人\n承诺", X0, COL[1], PROMISE_Y, PROMISE_H)
    draw_text(
        c,
        COL[1] + 8,
        ROWS_Y[8] - 22,
        PROMISE,
        10.5,
    )
    draw_text(c, COL[1] + 8, PROMISE_Y + 18, "申请人签名：", 10.5)
    draw_text(c, X1 - 12, PROMISE_Y + 18, "日期：        年     月     日", 10.5, "right")
    # Community opinion and stamp.
    c.line(X0, OPINION_Y, X1, OPINION_Y)
    _label(c, "社区意见", X0, COL[1], OPINION_Y, OPINION_H)
    draw_text(c, COL[1] + 8, PROMISE_Y - 22, "经核实，申请人居住在本社区，情况属实。", 10.5)
    draw_text(c, COL[1] + 8, OPINION_Y + 18, "经办人：", 10.5)
    draw_text(c, X1 - 12, OPINION_Y + 18, "(社区盖章)      年     月     日", 10.5, "right")
    c.saveState()
    c.setDash(1, 3)
    c.circle(X1 - 95, OPINION_Y + 75, 38)
    c.restoreState()
    draw_text(c, X1 - 95, OPINION_Y + 72, "盖章处", 8, "centre")
    # Notes.
    c.line(X0, NOTE_Y, X1, NOTE_Y)
    _label(c, "备注", X0, COL[1], NOTE_Y, NOTE_H)
    # Outer box in a heavier line.
    c.setLineWidth(1.2)
    c.rect(X0, NOTE_Y, X1 - X0, TOP - NOTE_Y)
    c.setLineWidth(layout.LINE)
    draw_text(
        c,
        X0,
        NOTE_Y - 16,
        NOTES[0],
        8.5,
    )
    draw_text(c, X0, NOTE_Y - 29, NOTES[1], 8.5)
    layout.draw_furniture(c, furniture, 1, 1)


def _label(c: Any, text: str, x0: float, x1: float, y: float, h: float) -> None:
    parts = text.split("\n")
    size = 10.5 if len(parts) == 1 else 9.5
    lead = size * 1.25
    top = y + h / 2 + (len(parts) - 1) * lead / 2 - size * 0.35
    for i, part in enumerate(parts):
        draw_text(c, (x0 + x1) / 2, top - i * lead, part, size, "centre")


def _values(c: Any, item: PermitApplication) -> None:
    for field, x0, x1, row, size in VALUES:
        text = str(getattr(item, field))
        if field in ("id_number", "phone"):
            # One line, always: shrink rather than wrap an ID number or a phone.
            s = layout.fit_size(text, size, x1 - x0 - 10, 6.0)
            draw_text(c, x0 + 6, _row_bottom(row) + (ROW - s * 0.8) / 2, text, s)
        else:
            draw_box_text(c, x0 + 2, _row_bottom(row), x1 - x0 - 2, ROW, text, size)


def render(
    items: Sequence[PermitApplication],
    out: layout.Out,
    *,
    furniture: layout.Furniture,
    progress: layout.Progress | None = None,
    cancel: layout.Cancel | None = None,
) -> int:
    """Draw one application per page into one PDF; return the page count."""
    total = len(items)
    step = max(1, total // 100)
    with layout.atomic_output(out) as target:
        c = layout.new_canvas(target, TITLE)
        c.beginForm("permit")
        _static(c, furniture)
        c.endForm()
        for i, item in enumerate(items, 1):
            layout.check(cancel)
            c.doForm("permit")
            _values(c, item)
            c.showPage()
            if progress is not None and (i % step == 0 or i == total):
                progress(i, total)
        c.save()
    return total
