"""The monthly report: pandas tables and a formatted Excel workbook a county office accepts.

Figures are taken at the end of the month (or today, for the current month) from the same
code as the dashboard: ``dashboard(conn, as_of)`` shows what the workbook says.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk import enums
from relocdesk.definitions import LIVE_HOUSEHOLD as LIVE
from relocdesk.definitions import OVERDUE_NEED
from relocdesk.reports import closeout_sheet, employment_sheet, income
from relocdesk.reports.dashboard import _conn, community, dashboard
from relocdesk.reports.figures import month_bounds
from relocdesk.validation import ValidationError

if TYPE_CHECKING:
    import pandas as pd

SHEETS = (
    "总体情况",
    "分楼栋",
    "预警分领域",
    "预警指标",
    "预警处置",
    "就业变动",
    "收入情况",
    "就业推荐",
    "走访诉求",
    "月度趋势",
)

# (field, heading) for the per-building table; fields ending in rate/share/coverage are %.
BUILDING_COLUMNS = (
    ("building_no", "楼栋"),
    ("building_head", "楼栋长"),
    ("households", "户数"),
    ("people", "人数"),
    ("labour_force", "劳动力人数"),
    ("employed_labour", "劳动力就业人数"),
    ("labour_employment_rate", "劳动力就业率"),
    ("households_with_labour", "有劳动力户数"),
    ("households_with_work", "有就业户数"),
    ("household_employment_share", "有劳动力户中有就业户占比"),
    ("zero_employment_households", "零就业家庭"),
    ("unemployed_willing", "有意愿未就业人数"),
    ("referrals_90d", "近90天推荐次数"),
    ("referrals_per_unemployed", "人均推荐次数"),
    ("households_visited_month", "本月走访户数"),
    ("visit_coverage_month", "本月走访覆盖率"),
    ("open_needs", "未办结诉求"),
    ("overdue_needs", "逾期诉求"),
    ("active_warnings", "预警"),
    ("red_warnings", "红色预警"),
)
HEADINGS = dict(BUILDING_COLUMNS)
# (field of reports.MonthPoint, heading): the dashboard's 12-month trend, month by month.
TREND_COLUMNS = (
    ("month", "月份"),
    ("households_visited", "走访户数"),
    ("visit_coverage", "走访覆盖率"),
    ("referrals", "就业推荐次数"),
    ("hires", "推荐录用人次"),
    ("needs_raised", "新增诉求"),
    ("needs_closed", "办结诉求"),
)


def _is_rate(name: str) -> bool:
    return name.endswith(("rate", "share", "coverage", "coverage_month"))


def as_of(month: str, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(first day, day the figures are taken) of a month given as YYYY-MM."""
    bad = ValidationError(
        "month",
        "bad_month",
        "月份格式应为 YYYY-MM，如 2026-05",
        "month must be YYYY-MM, e.g. 2026-05",
    )
    # [0-9], not \d: full-width digits match \d and no date is made of them
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", month or "") or not 1 <= int(month[5:]) <= 12:
        raise bad
    try:
        first, last = month_bounds(month)
    except (ValueError, OverflowError):  # year 0000 is no year; after 9999-12 is no date
        raise bad from None
    today = today or datetime.date.today()
    if first > today:
        raise ValidationError(
            "month", "future", "不能统计尚未开始的月份", "the month has not started yet"
        )
    return first, min(last, today)


def monthly(source: Any, month: str, today: datetime.date | None = None) -> dict[str, pd.DataFrame]:
    """The report's tables, one DataFrame per sheet, keyed by Chinese sheet name."""
    import pandas as pd

    conn = _conn(source)
    first, end = as_of(month, today)
    board = dashboard(conn, end)
    p = {"start": first.isoformat(), "end": end.isoformat(), "today": end.isoformat()}

    flows = month_flows(conn, first, end)
    overview = [
        ("户数", board.households, "在住安置户"),
        ("人数", board.people, ""),
        ("劳动力人数", board.labour_force, "有劳动能力、劳动年龄内、非在校"),
        ("劳动力就业人数", board.employed_labour, ""),
        ("劳动力就业率", board.labour_employment_rate, ""),
        ("有劳动力户数", board.households_with_labour, ""),
        ("有就业户数", board.households_with_work, "有劳动力且至少一人就业"),
        ("有劳动力户中有就业户占比", board.household_employment_share, "一户一人就业"),
        ("零就业家庭", board.zero_employment_households, ""),
        ("有意愿未就业人数", board.unemployed_willing, ""),
        ("近90天推荐次数", board.referrals_90d, "推荐给现有意愿未就业人员"),
        ("人均推荐次数", board.referrals_per_unemployed, "政策要求不少于3次"),
        ("本月走访户数", board.households_visited_month, ""),
        ("本月走访覆盖率", board.visit_coverage_month, ""),
        ("本月走访次数", flows["visits"], ""),
        ("本月就业推荐次数", flows["referrals"], ""),
        ("本月推荐录用人次", flows["hires"], ""),
        ("本月新增诉求", flows["needs_raised"], ""),
        ("本月办结诉求", flows["needs_closed"], ""),
        ("未办结诉求", board.open_needs, f"截至 {end.isoformat()}"),
        ("逾期诉求", board.overdue_needs, ""),
        ("预警（未确认）", board.active_warnings, ""),
        ("红色预警（未确认）", board.red_warnings, ""),
    ]
    frames: dict[str, pd.DataFrame] = {
        "总体情况": pd.DataFrame(overview, columns=["指标", "数值", "说明"], dtype=object)
    }

    rows = [asdict(b) for b in board.by_building]
    total = {name: getattr(board, name) for name, _ in BUILDING_COLUMNS[2:]}
    total.update(building_no="合计", building_head="")
    for r in rows:
        r["building_no"] = r["building_no"] or "未分配楼栋"
    buildings = pd.DataFrame([*rows, total])[[name for name, _ in BUILDING_COLUMNS]]
    frames["分楼栋"] = buildings.rename(columns=HEADINGS)

    frames["预警分领域"], frames["预警指标"] = _warnings(community(conn, end).counts)
    frames["预警处置"] = closeout_sheet.sheet(conn, first, end)  # the loop: raised to closed
    frames["就业变动"] = employment_sheet.sheet(conn, first, end)
    frames["收入情况"] = income.sheet(conn, first, end)  # the four kinds, per building
    frames["就业推荐"] = _referrals(conn, p)
    frames["走访诉求"] = _needs(conn, p, board.needs_by_category)
    # the same points the dashboard draws: the report month and the eleven before it
    trend = pd.DataFrame([asdict(t) for t in board.trend])[[n for n, _ in TREND_COLUMNS]]
    frames["月度趋势"] = trend.rename(columns=dict(TREND_COLUMNS))
    return frames


def _rows(conn: sqlite3.Connection, sql: str, p: dict[str, Any]) -> list[tuple[Any, ...]]:
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, p).fetchall()


def month_flows(
    conn: sqlite3.Connection, first: datetime.date, end: datetime.date
) -> dict[str, int]:
    """What was done from ``first`` to ``end`` (both included), in live households: visits,
    referrals, hires (referrals with a hired event dated then), needs raised and closed.
    The monthly workbook and the monthly PDF both count the month's work here."""
    p = {"start": first.isoformat(), "end": end.isoformat()}
    one = {
        "visits": f"""SELECT count(*) FROM visit v JOIN household h ON h.id = v.household_id
            WHERE v.deleted = 0 AND {LIVE} AND v.date BETWEEN :start AND :end""",
        "referrals": f"""SELECT count(*) FROM referral r JOIN person p ON p.id = r.person_id
            JOIN household h ON h.id = p.household_id
            WHERE r.deleted = 0 AND p.deleted = 0 AND {LIVE} AND r.date BETWEEN :start AND :end""",
        "hires": f"""SELECT count(DISTINCT e.referral_id) FROM referral_event e
            JOIN referral r ON r.id = e.referral_id JOIN person p ON p.id = r.person_id
            JOIN household h ON h.id = p.household_id
            WHERE e.deleted = 0 AND r.deleted = 0 AND p.deleted = 0 AND {LIVE}
            AND e.outcome = 'hired' AND e.date BETWEEN :start AND :end""",
        "needs_raised": f"""SELECT count(*) FROM need n JOIN household h ON h.id = n.household_id
            WHERE n.deleted = 0 AND {LIVE} AND n.raised_date BETWEEN :start AND :end""",
        "needs_closed": f"""SELECT count(*) FROM need n JOIN household h ON h.id = n.household_id
            WHERE n.deleted = 0 AND {LIVE} AND n.status IN ('resolved', 'confirmed')
            AND n.closed_date BETWEEN :start AND :end""",
    }
    return {k: int(_rows(conn, sql, p)[0][0]) for k, sql in one.items()}


def _warnings(counts: list[Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Warnings by area and level, and per indicator, from monitoring's counts."""
    import pandas as pd

    from relocdesk.monitoring import AREAS, LEVELS, RESPONSIBLE, load

    areas, levels = list(AREAS), list(LEVELS)
    active = {(a, lv): 0 for a in areas for lv in levels}
    acked_area = dict.fromkeys(areas, 0)
    per_indicator_counts: dict[str, list[int]] = {}
    for c in counts:
        active[c.area, c.level] += c.active
        acked_area[c.area] += c.acknowledged
        found = per_indicator_counts.setdefault(c.indicator, [0, 0])
        found[0] += c.active
        found[1] += c.acknowledged
    by_area = pd.DataFrame(
        [[active[a, lv] for lv in levels] for a in areas],
        index=areas,
        columns=pd.Index(levels, name="level"),
        dtype="int64",
    )
    by_area["合计"] = by_area.sum(axis=1)
    by_area["已确认或暂缓"] = pd.Series(acked_area, dtype="int64").reindex(areas)
    by_area.loc["合计"] = by_area.sum()
    by_area.index = [AREAS[a][0] if a in AREAS else a for a in by_area.index]
    by_area = by_area.rename(columns={k: f"{v[0]}预警" for k, v in LEVELS.items()})
    by_area = by_area.rename_axis("领域").reset_index()

    per_indicator = pd.DataFrame(
        [
            (
                i.code,
                AREAS[i.area][0],
                i.name_zh,
                LEVELS[i.level][0],
                RESPONSIBLE[i.responsible][0],
                *per_indicator_counts.get(i.code, [0, 0]),
            )
            for i in load().indicators
        ],
        columns=["编码", "领域", "指标", "级别", "责任人", "预警数", "已确认或暂缓"],
    )
    return by_area, per_indicator


def _referrals(conn: sqlite3.Connection, p: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    rows = _rows(
        conn,
        f"""SELECT r.kind, r.outcome FROM referral r JOIN person p ON p.id = r.person_id
        JOIN household h ON h.id = p.household_id
        WHERE r.deleted = 0 AND p.deleted = 0 AND {LIVE} AND r.date BETWEEN :start AND :end""",
        p,
    )
    data = pd.DataFrame(rows, columns=["kind", "outcome"])
    table = (
        pd.crosstab(data["kind"], data["outcome"])
        .reindex(
            index=list(enums.REFERRAL_KIND), columns=list(enums.REFERRAL_OUTCOME), fill_value=0
        )
        .astype(int)
    )
    table.insert(0, "推荐次数", table.sum(axis=1))
    table.loc["合计"] = table.sum()
    table.index = [enums.label(enums.REFERRAL_KIND, k) if k != "合计" else k for k in table.index]
    table = table.rename(columns={k: v[0] for k, v in enums.REFERRAL_OUTCOME.items()})
    return table.rename_axis("推荐类型").reset_index()


def _needs(conn: sqlite3.Connection, p: dict[str, Any], open_now: dict[str, int]) -> pd.DataFrame:
    import pandas as pd

    raised = dict(
        _rows(
            conn,
            f"""SELECT n.category, count(*) FROM need n JOIN household h ON h.id = n.household_id
            WHERE n.deleted = 0 AND {LIVE} AND n.raised_date BETWEEN :start AND :end
            GROUP BY n.category""",
            p,
        )
    )
    closed = dict(
        _rows(
            conn,
            f"""SELECT n.category, count(*) FROM need n JOIN household h ON h.id = n.household_id
            WHERE n.deleted = 0 AND {LIVE} AND n.status IN ('resolved', 'confirmed')
            AND n.closed_date BETWEEN :start AND :end GROUP BY n.category""",
            p,
        )
    )
    overdue = dict(
        _rows(
            conn,
            f"""SELECT n.category, count(*) FROM need n JOIN household h ON h.id = n.household_id
            WHERE n.deleted = 0 AND {LIVE} AND {OVERDUE_NEED} GROUP BY n.category""",
            p,
        )
    )
    rows = [
        (
            label[0],
            int(raised.get(code, 0)),
            int(closed.get(code, 0)),
            int(open_now.get(code, 0)),
            int(overdue.get(code, 0)),
        )
        for code, label in enums.NEED_CATEGORY.items()
    ]
    sums = [sum(int(r[i]) for r in rows) for i in range(1, 5)]
    rows.append(("合计", sums[0], sums[1], sums[2], sums[3]))
    return pd.DataFrame(rows, columns=["诉求类别", "本月新增", "本月办结", "未办结", "其中逾期"])


# -- the workbook ---------------------------------------------------------------------------
def write_monthly_xlsx(
    source: Any, month: str, path: str | Path, today: datetime.date | None = None
) -> Path:
    """Write the monthly report: a title and date on each sheet, headers frozen, widths set."""
    from relocdesk.reports.sheets import Sheet, write_book

    conn = _conn(source)
    first, end = as_of(month, today)
    frames = monthly(conn, month, today)
    row = conn.execute("SELECT name FROM community WHERE deleted = 0 LIMIT 1").fetchone()
    community = row[0] if row else ""
    percent_headings = {h for n, h in (*BUILDING_COLUMNS, *TREND_COLUMNS) if _is_rate(n)}
    percent_headings |= income.PERCENT_HEADINGS
    percent_rows = {"劳动力就业率", "有劳动力户中有就业户占比", "本月走访覆盖率"}

    def percent_of(sheet: str, frame: pd.DataFrame) -> Callable[[int, str], bool]:
        def percent(r: int, heading: str) -> bool:
            if heading in percent_headings:
                return True
            return sheet == "总体情况" and heading == "数值" and frame.iat[r, 0] in percent_rows

        return percent

    return write_book(
        path,
        (
            Sheet(
                sheet,
                frame,
                f"{community} {first.year}年{first.month}月 {sheet}",
                f"统计截至 {end.isoformat()}　制表：{community}",
                percent_of(sheet, frame),
                "B4" if sheet == "分楼栋" else "A4",
            )
            for sheet, frame in frames.items()
        ),
    )
