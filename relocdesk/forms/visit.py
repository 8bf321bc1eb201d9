"""入户走访记录表: a recorded visit, or a blank form with the household filled in.

Long notes flow onto further pages (the notes box splits inside its row); a blank form keeps
a tall ruled box for the visitor's pen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relocdesk.forms import flow, layout
from relocdesk.forms.model import VisitRecord

TITLE = "入户走访记录表"
W = layout.CONTENT_W
BLANK_NOTES_H = 250.0
GAP = "\xa0" * 3  # about one character wide; Paragraphs collapse ordinary spaces
BLANK_DATE = f"{GAP * 3}年{GAP * 2}月{GAP * 2}日"


def _facts(v: VisitRecord, st: dict[str, Any]) -> Any:
    cell, p = st["cell"], flow.para
    a, b = 66.0, (W - 132.0) / 2
    kinds = f"□例行走访{GAP}□跟进回访{GAP}□应约走访"
    data = [
        ["户号", p(v.household_no, cell), "户主", p(v.head_name, cell)],
        ["住址", p(v.address, cell), "", ""],
        [
            "户主身份证号",
            flow.unbreakable(v.head_id_number, 9.5),
            "联系电话",
            flow.unbreakable(v.phone, 9.5),
        ],
        ["走访日期", p(v.date or BLANK_DATE, cell), "走访类型", p(v.kind or kinds, cell)],
        ["走访人", p(v.visitor, cell), "", ""],
        ["家庭成员", p(v.members, cell), "", ""],
        ["见到的人", p(v.met, cell), "", ""],
    ]
    return flow.ruled(
        data,
        (a, b, a, b),
        label_cols=(0, 2),
        spans=(((1, 1), (3, 1)), ((1, 4), (3, 4)), ((1, 5), (3, 5)), ((1, 6), (3, 6))),
    )


def _notes(v: VisitRecord, st: dict[str, Any]) -> list[Any]:
    heading = flow.para("走访情况记录（家庭生产生活、就业、就学、就医、住房等）", st["heading"])
    paragraphs = [flow.para(line, st["cell"]) for line in v.notes.splitlines() if line.strip()]
    table = flow.ruled(
        [[paragraphs or ""]],
        (W,),
        min_heights=[BLANK_NOTES_H if not v.visit_id else 60.0],
        split_in_row=True,
    )
    return [heading, table]


def _needs(v: VisitRecord, st: dict[str, Any]) -> list[Any]:
    heading = flow.para("收集的诉求", st["heading"])
    small = st["small"]
    data = [[flow.para(h, st["head"]) for h in ("类别", "内容", "状态", "责任人", "办理期限")]]
    data += [
        [
            flow.para(n.category, small),
            flow.para(n.description, small),
            flow.para(n.status, small),
            flow.para(n.assignee, small),
            flow.para(n.due_date, small),
        ]
        for n in v.needs
    ]
    blank_rows = 0 if v.needs else (3 if not v.visit_id else 1)
    data += [["", "", "", "", ""] for _ in range(blank_rows)]
    table = flow.ruled(
        data,
        (56.0, W - 226.0, 50.0, 60.0, 60.0),
        header_rows=1,
        min_heights=[18.0] + [22.0] * (len(data) - 1),
    )
    return [heading, table]


def story(v: VisitRecord, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    subtitle = f"户号：{v.household_no}{GAP * 2}户主：{v.head_name}"
    return [
        flow.para(TITLE, st["title"]),
        flow.para(subtitle, st["subtitle"]),
        _facts(v, st),
        *_notes(v, st),
        *_needs(v, st),
        Spacer(1, 18),
        KeepTogether(
            [
                flow.para("走访人签字：" + GAP * 8 + "户主（或家庭成员）签字：", st["cell"]),
                Spacer(1, 10),
                flow.para("日期：" + BLANK_DATE, st["cell"]),
            ]
        ),
    ]


def render(
    items: Sequence[VisitRecord],
    out: layout.Out,
    *,
    furniture: layout.Furniture,
    progress: layout.Progress | None = None,
    cancel: layout.Cancel | None = None,
) -> int:
    return flow.render(
        items,
        out,
        TITLE,
        furniture,
        story,
        lambda v: (v.visit_id or v.household_id, f"{TITLE}  户号 {v.household_no}  {v.date}"),
        progress,
        cancel,
    )
