"""就业推荐表 with a tear-off outcome slip (就业推荐回执) the employer fills in and returns.

One page per referral, drawn on the canvas. Both halves carry the referral's number so a
returned slip finds its referral.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relocdesk.forms import layout
from relocdesk.forms.layout import Cell, draw_box_text, draw_grid, draw_text, label_cell
from relocdesk.forms.model import ReferralForm

TITLE = "就业推荐表"
SLIP_TITLE = "就业推荐回执"
X0 = layout.MARGIN_X
W = layout.CONTENT_W
R = 26.0  # row height


def number(item: ReferralForm) -> str:
    return f"编号：{item.referral_id[:8].upper()}"


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _outcome(item: ReferralForm) -> str:
    """The referral's latest outcome with its date: the same event that set the person's
    employment status printed above it (recorded together by ``record_outcome``)."""
    if item.outcome_date and item.outcome != "待反馈":
        return f"{item.outcome}（{item.outcome_date}）"
    return item.outcome


def _upper(c: Any, item: ReferralForm, furniture: layout.Furniture) -> float:
    draw_text(c, layout.PAGE_W / 2, 772, TITLE, 20, "centre")
    top = 740.0
    draw_text(c, X0, top + 8, f"推荐单位：{furniture.community}", 10)
    draw_text(c, X0 + W, top + 8, number(item), 10, "right")
    draw_text(c, X0, top - 16, "一、求职人员信息", 11)
    a, b = 78.0, 95.0
    rows: list[tuple[float, list[Cell]]] = [
        (
            R,
            [
                label_cell("姓名", a),
                Cell(item.name, 100, size=11.5),
                label_cell("性别", 60),
                Cell(item.gender, 62.28),
                label_cell("出生日期", 70),
                Cell(item.birth_date, W - a - 100 - 60 - 62.28 - 70),
            ],
        ),
        (
            R,
            [
                label_cell("身份证号码", a),
                Cell(item.id_number, 160, whole=True, size=11.5),
                label_cell("联系电话", 62.28),
                Cell(item.phone, W - a - 160 - 62.28, whole=True),
            ],
        ),
        (
            R,
            [
                label_cell("文化程度", a),
                Cell(item.education, 100),
                label_cell("劳动能力", 60),
                Cell(item.labour_capacity, 62.28),
                label_cell("就业状态", 70),
                Cell(item.employment, W - a - 100 - 60 - 62.28 - 70),
            ],
        ),
        (R, [label_cell("技能特长", a), Cell(item.skills, W - a)]),
        (R, [label_cell("家庭住址", a), Cell(item.address, W - a)]),
    ]
    y = draw_grid(c, X0, top - 24, rows)
    draw_text(c, X0, y - 18, "二、推荐岗位", 11)
    rows = [
        (R, [label_cell("用人单位", a), Cell(item.employer, W - a)]),
        (
            R,
            [
                label_cell("岗位", a),
                Cell(item.position, 100),
                label_cell("岗位类型", 60),
                Cell(item.kind, b),
                label_cell("月薪(元)", 60),
                Cell(_money(item.wage_offered), W - a - 100 - 60 - b - 60),
            ],
        ),
        (
            R,
            [
                label_cell("推荐人", a),
                Cell(item.referred_by, 100),
                label_cell("推荐日期", 60),
                Cell(item.date, b),
                label_cell("当前结果", 60),
                Cell(_outcome(item), W - a - 100 - 60 - b - 60),
            ],
        ),
        (86, [label_cell("推荐意见", a), Cell("", W - a)]),
    ]
    y = draw_grid(c, X0, y - 26, rows)
    # Above the signature line, however long the position's name makes the sentence.
    opinion = (
        f"兹推荐我社区居民{item.name}前往贵单位应聘{item.position or '相关'}岗位，"
        "请予接洽，并将录用情况填写回执后交回社区。"
    )
    draw_box_text(c, X0 + a, y + 26, W - a, 86 - 28, opinion)
    draw_text(c, X0 + a + 8, y + 10, "经办人：", 10.5)
    draw_text(c, X0 + W - 10, y + 10, "(社区盖章)      年     月     日", 10.5, "right")
    return y


def _slip(c: Any, item: ReferralForm, cut_y: float) -> None:
    c.saveState()
    c.setDash(4, 3)
    c.setLineWidth(0.5)
    c.line(X0 - 20, cut_y, X0 + W + 20, cut_y)
    c.restoreState()
    c.setFillGray(1)
    c.rect(layout.PAGE_W / 2 - 110, cut_y - 6, 220, 12, stroke=0, fill=1)
    c.setFillGray(0)
    draw_text(
        c, layout.PAGE_W / 2, cut_y - 3, "沿虚线剪下  回执由用人单位填写后交回社区", 8.5, "centre"
    )
    top = cut_y - 24
    draw_text(c, layout.PAGE_W / 2, top - 12, SLIP_TITLE, 15, "centre")
    draw_text(c, X0 + W, top - 12, number(item), 9, "right")
    a = 78.0
    rows: list[tuple[float, list[Cell]]] = [
        (
            R,
            [
                label_cell("姓名", a),
                Cell(item.name, 100, size=11.5),
                label_cell("身份证号码", 72),
                Cell(item.id_number, W - a - 100 - 72, whole=True, size=11.5),
            ],
        ),
        (
            R,
            [
                label_cell("用人单位", a),
                Cell(item.employer, 172),
                label_cell("岗位", 50),
                Cell(item.position, W - a - 172 - 50),
            ],
        ),
        (
            R,
            [
                label_cell("录用结果", a),
                Cell("□ 已录用        □ 未录用        □ 本人放弃", W - a),
            ],
        ),
        (
            R,
            [
                label_cell("到岗日期", a),
                Cell("        年     月     日", 172),
                label_cell("月薪(元)", 50),
                Cell("", W - a - 172 - 50),
            ],
        ),
        (44, [label_cell("说明", a), Cell("", W - a)]),
    ]
    y = draw_grid(c, X0, top - 24, rows)
    draw_text(c, X0, y - 18, "用人单位(盖章)：", 10.5)
    draw_text(c, X0 + 250, y - 18, "经办人：", 10.5)
    draw_text(c, X0 + W, y - 18, "年     月     日", 10.5, "right")


def render(
    items: Sequence[ReferralForm],
    out: layout.Out,
    *,
    furniture: layout.Furniture,
    progress: layout.Progress | None = None,
    cancel: layout.Cancel | None = None,
) -> int:
    """One referral per page, outcome slip at the foot; return the page count."""
    total = len(items)
    with layout.atomic_output(out) as target:
        c = layout.new_canvas(target, TITLE)
        for i, item in enumerate(items, 1):
            layout.check(cancel)
            bottom = _upper(c, item, furniture)
            _slip(c, item, min(bottom - 36, 318.0))
            layout.draw_furniture(c, furniture, 1, 1)
            c.showPage()
            if progress is not None:
                progress(i, total)
        c.save()
    return total
