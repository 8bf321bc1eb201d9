"""月度工作汇总表: the month's figures, zero-employment households and overdue needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relocdesk.forms import flow, layout
from relocdesk.forms.model import MonthlySummary

TITLE = "月度工作汇总表"
W = layout.CONTENT_W
GAP = "\xa0" * 3  # about one character wide; Paragraphs collapse ordinary spaces


def _figures(summary: MonthlySummary, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import KeepTogether

    out: list[Any] = []
    for heading, counts in summary.sections:
        data = [[flow.para(h, st["head"]) for h in ("项目", "数量", "说明")]]
        data += [
            [
                flow.para(c.label, st["cell"]),
                flow.para(c.value, st["label"]),
                flow.para(c.note, st["small"]),
            ]
            for c in counts
        ]
        table = flow.ruled(data, (120.0, 110.0, W - 230.0), header_rows=1)
        out.append(KeepTogether([flow.para(heading, st["heading"]), table]))
    return out


def _list(
    heading: str,
    heads: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    st: dict[str, Any],
) -> list[Any]:
    title = flow.para(heading, st["heading"])
    if not rows:
        return [title, flow.para("无。", st["cell"])]
    data = [[flow.para(h, st["head"]) for h in heads]]
    data += [
        [flow.para(str(i), st["label"]), *(flow.para(v, st["small"]) for v in row)]
        for i, row in enumerate(rows, 1)
    ]
    return [title, flow.ruled(data, widths, header_rows=1)]


def story(summary: MonthlySummary, community: str, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Spacer

    year, month = summary.month.split("-")
    return [
        flow.para(TITLE, st["title"]),
        flow.para(f"{community}{GAP * 2}{year}年{int(month)}月", st["subtitle"]),
        *_figures(summary, st),
        *_list(
            "四、零就业家庭名单",
            ("序号", "户号", "住址", "户主", "人口"),
            (30.0, 80.0, W - 230.0, 70.0, 50.0),
            summary.zero_employment,
            st,
        ),
        *_list(
            "五、逾期未办结诉求",
            ("序号", "户号", "户主", "类别", "内容", "期限"),
            (30.0, 70.0, 60.0, 56.0, W - 276.0, 60.0),
            summary.overdue_needs,
            st,
        ),
        Spacer(1, 18),
        flow.para(f"填报人：{GAP * 8}审核人：{GAP * 8}报送日期：", st["cell"]),
    ]


def render(
    items: Sequence[MonthlySummary],
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
        lambda s, st: story(s, furniture.community, st),
        lambda s: (s.month, f"{TITLE}  {s.month}"),
        progress,
        cancel,
    )
