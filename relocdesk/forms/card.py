"""户情卡: the household's facts, members, income, insurance, latest visits and open needs.

Laid out with platypus: the members table flows onto further pages with its header row
repeated; each household starts on a new page and its pages are numbered on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relocdesk.forms import flow, layout
from relocdesk.forms.model import EMPLOYED_LABELS, HouseholdCard, Member

TITLE = "户情卡"
W = layout.CONTENT_W
GAP = "\xa0" * 3  # about one character wide; Paragraphs collapse ordinary spaces
INSURANCE_KEY = "参保：医＝基本医疗保险  大＝大病保险  养＝养老保险  就＝就业险  安＝安居险"
# The insurance column holds up to five marks (医大养就安) on one line.
MEMBER_WIDTHS = (22.0, 64.0, 104.0, 60.0, 104.0, 40.0, 50.0, W - 444.0)


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _facts(card: HouseholdCard, st: dict[str, Any]) -> Any:
    cell, p = st["cell"], flow.para
    a, b = 66.0, (W - 132.0) / 2
    data = [
        ["户号", p(card.household_no, cell), "户主", p(card.head_name, cell)],
        ["住址", p(card.address, cell), "", ""],
        ["迁出地", p(card.origin, cell), "", ""],
        ["入住日期", p(card.move_in_date, cell), "户籍状态", p(card.registration, cell)],
        ["联系电话", flow.unbreakable(card.phone, 9.5), "户类标识", p(card.flags, cell)],
    ]  # how many live and work here: the members' heading and the work table below say it
    return flow.ruled(
        data,
        (a, b, a, b),
        label_cols=(0, 2),
        spans=(((1, 1), (3, 1)), ((1, 2), (3, 2))),
    )


def _income(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:
    year = f"{card.income_year}年" if card.income_year else "本年度"
    heads = ["工资性收入", "生产经营性收入", "转移性收入", "财产性收入", "合计", "人均纯收入"]
    values = [
        money(card.income_wages),
        money(card.income_business),
        money(card.income_transfers),
        money(card.income_property),
        money(card.income_total),
        money(card.per_capita),
    ]
    table = flow.ruled(
        [[flow.para(h, st["head"]) for h in heads], [flow.para(v, st["label"]) for v in values]],
        [W / 6] * 6,
        header_rows=1,
    )
    return [flow.para(f"家庭收入（{year}，单位：元）", st["heading"]), table]


INSURANCE_KINDS = (
    ("医", "基本医保"),
    ("大", "大病保险"),
    ("养", "养老保险"),
    ("就", "就业险"),
    ("安", "安居险"),
)


def _work_and_insurance(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:
    """The household at a glance: who can work, who does and where; who is insured."""
    employed = [m for m in card.members if m.employment in EMPLOYED_LABELS]
    away = sum(1 for m in employed if m.work_place == "县外" or m.employment == "县外务工")
    size = len(card.members)
    heads = ["劳动力", "已就业", "本地及县内", "县外务工", *(name for _, name in INSURANCE_KINDS)]
    values = [
        f"{card.labour_count} 人",
        f"{len(employed)} 人",
        f"{len(employed) - away} 人",
        f"{away} 人",
        *(f"{card.insured(mark)}/{size}" for mark, _ in INSURANCE_KINDS),
    ]
    table = flow.ruled(
        [[flow.para(h, st["head"]) for h in heads], [flow.para(v, st["label"]) for v in values]],
        [W / len(heads)] * len(heads),
        header_rows=1,
    )
    return [flow.para("就业与参保（参保为参保人数/家庭人口）", st["heading"]), table]


def _member_row(i: int, m: Member, st: dict[str, Any]) -> list[Any]:
    small = st["small"]
    ids = [flow.unbreakable(m.id_number, 8.5)]
    ids.append(flow.para(m.birth_date, small))
    if m.phone:
        ids.append(flow.unbreakable(m.phone, 8.5))
    # Status and place on one line ("本地就业（本地）"): a worker's row stays two lines high.
    place = f"（{m.work_place}）" if m.work_place else ""
    work = [f"{m.employment}{place}" if m.employment else m.work_place, m.employer]
    return [
        flow.para(str(i), st["label"]),
        flow.lines([m.name, f"{m.relation} {m.gender}"], small),
        ids,
        flow.lines([m.education, m.labour_capacity], small),
        flow.lines([w for w in work if w], small),
        flow.para(money(m.monthly_wage), small),
        flow.para(m.insurance or "无", small),
        flow.para(m.notes, small),
    ]


def _members(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:
    heads = [
        "序号",
        "姓名\n关系 性别",
        "身份证号码\n出生日期 / 电话",
        "文化程度\n劳动能力",
        "就业状态\n单位、岗位、地点",
        "月收入\n(元)",
        "参保",
        "健康、就学\n特殊群体",
    ]
    data = [[flow.para(h, st["head"]) for h in heads]]
    data += [_member_row(i, m, st) for i, m in enumerate(card.members, 1)]
    table = flow.ruled(data, MEMBER_WIDTHS, header_rows=1)
    return [
        flow.para(f"家庭成员（{len(card.members)}人）", st["heading"]),
        table,
        flow.para(INSURANCE_KEY, st["small"]),
    ]


def _visits(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:

    if not card.visits:
        return [flow.para("最近走访：暂无走访记录。", st["heading"])]
    heading = flow.para("最近走访", st["heading"])
    small = st["small"]
    data = [[flow.para(h, st["head"]) for h in ("日期", "走访人", "类型", "见到", "情况记录")]]
    data += [
        [
            flow.para(v.date, small),
            flow.para(v.visitor, small),
            flow.para(v.kind, small),
            flow.para(v.met, small),
            flow.para(v.notes, small),
        ]
        for v in card.visits
    ]
    table = flow.ruled(data, (58.0, 52.0, 52.0, 70.0, W - 232.0), header_rows=1)
    return [heading, table]


def _needs(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:

    if not card.open_needs:
        return [flow.para("未办结诉求：无。", st["heading"])]
    heading = flow.para("未办结诉求", st["heading"])
    small = st["small"]
    heads = ("提出日期", "类别", "内容", "状态", "责任人", "办理期限")
    data = [[flow.para(h, st["head"]) for h in heads]]
    data += [
        [
            flow.para(n.raised_date, small),
            flow.para(n.category, small),
            flow.para(n.description, small),
            flow.para(n.status, small),
            flow.para(n.assignee, small),
            flow.para(n.due_date, small),
        ]
        for n in card.open_needs
    ]
    table = flow.ruled(data, (58.0, 50.0, W - 268.0, 46.0, 56.0, 58.0), header_rows=1)
    return [heading, table]


def _tighter(st: dict[str, Any]) -> dict[str, Any]:
    """The card's headings closer to their tables: a family of eight fits on one page."""
    from reportlab.lib.styles import ParagraphStyle

    heading = ParagraphStyle("rd-card-h", parent=st["heading"], spaceBefore=6, spaceAfter=3)
    title = ParagraphStyle("rd-card-t", parent=st["title"], leading=21, spaceAfter=4)
    return {**st, "heading": heading, "title": title}


def story(card: HouseholdCard, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    st = _tighter(st)
    # The running head of every page already names the household number and its head.
    parts: list[Any] = [flow.para(TITLE, st["title"])]
    if card.status and card.status != "在住":
        # An archived card of a family that left must not pass for a current one.
        subtitle = f"户号：{card.household_no}{GAP * 2}户主：{card.head_name}"
        parts.append(flow.para(f"{subtitle}{GAP * 2}（{card.status}）", st["subtitle"]))
    parts += [
        _facts(card, st),
        *_income(card, st),
        *_work_and_insurance(card, st),
        *_members(card, st),
        *_visits(card, st),
        *_needs(card, st),
    ]
    if card.notes:
        parts += [flow.para("备注", st["heading"]), flow.para(card.notes, st["cell"])]
    parts += [
        Spacer(1, 6),
        KeepTogether([flow.para(f"填表人：{GAP * 8}审核人：{GAP * 8}日期：", st["cell"])]),
    ]
    return parts


def render(
    items: Sequence[HouseholdCard],
    out: layout.Out,
    *,
    furniture: layout.Furniture,
    progress: layout.Progress | None = None,
    cancel: layout.Cancel | None = None,
) -> int:
    """Every household card into one PDF; return the page count."""
    return flow.render(
        items,
        out,
        TITLE,
        furniture,
        story,
        lambda c: (c.household_id, f"{TITLE}  户号 {c.household_no}  户主 {c.head_name}"),
        progress,
        cancel,
    )
