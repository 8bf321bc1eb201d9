"""The monthly summary's figures: the monthly workbook's, taken on the same day.

Stock figures (households, people, employment, open needs, permits) are those of the
dashboard on the day the month's figures are taken (its last day, or today for the month
under way); flow figures (visits, referrals, needs) count what is dated inside the month.
Every figure is defined once (``relocdesk.definitions``); this module only lays
them out for the form.
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any

from relocdesk import enums, household_facts
from relocdesk.definitions import (
    LIVE_HOUSEHOLD,
    LIVE_PERSON,
    OVERDUE_NEED,
    PENDING_REFERRAL,
)
from relocdesk.forms import model
from relocdesk.forms.load import address

# The households of EMP-01 (and of the dashboard's 零就业家庭): labour force, nobody employed.
ZERO_EMPLOYMENT_SQL = """
SELECT h.household_no, h.unit, h.room, h.building_no AS building_number,
       (SELECT name FROM person p WHERE p.id = hh.head_person_id) AS head_name,
       h.members AS size
FROM monitoring_household h JOIN household hh ON hh.id = h.id
WHERE h.labour > 0 AND h.employed = 0
ORDER BY h.building_no, h.unit, h.room
"""


def _one(conn: sqlite3.Connection, sql: str, **params: Any) -> int:
    return int(conn.execute(sql, params).fetchone()[0] or 0)


def monthly_summary(
    conn: sqlite3.Connection, month: str, *, today: datetime.date | None = None
) -> model.MonthlySummary:
    """The summary of ``month`` (YYYY-MM); a bad or future month is a ValidationError."""
    from relocdesk.monitoring import prepared
    from relocdesk.reports import dashboard
    from relocdesk.reports.monthly import as_of, month_flows

    first, end = as_of(month, today)
    board = dashboard(conn, end)
    with prepared(conn, end):
        zero = conn.execute(ZERO_EMPLOYMENT_SQL).fetchall()
    on = end.isoformat()
    return model.MonthlySummary(
        month=month,
        sections=(
            (f"一、基本情况（截至 {on}）", _basics(conn, board)),
            ("二、本月工作", _work(conn, board, month_flows(conn, first, end), on)),
            (f"三、居住证办理（截至 {on}）", _permits(conn)),
        ),
        zero_employment=tuple(
            (r["household_no"], address(r), r["head_name"] or "", str(r["size"])) for r in zero
        ),
        overdue_needs=_overdue_needs(conn, on),
    )


def _basics(conn: sqlite3.Connection, board: Any) -> tuple[model.Count, ...]:
    households = f"SELECT count(*) FROM household h WHERE {LIVE_HOUSEHOLD}"
    return (
        model.Count("在住户数", str(board.households)),
        model.Count("在册人口", str(board.people)),
        model.Count(
            "劳动力人数", str(board.labour_force), "有劳动能力及弱劳动力，劳动年龄内，不含在校学生"
        ),
        model.Count("劳动力就业人数", str(board.employed_labour)),
        model.Count(
            "零就业家庭", str(board.zero_employment_households), "有劳动力但无人就业，名单见下"
        ),
        model.Count("有意愿未就业人数", str(board.unemployed_willing)),
        model.Count(
            "监测户",
            str(_one(conn, f"{households} AND h.monitored = 1")),
            _monitor_types(conn),
        ),
        model.Count("低保户", str(_one(conn, f"{households} AND h.dibao != 'none'"))),
    )


def _monitor_types(conn: sqlite3.Connection) -> str:
    """The monitored households by their type (脱贫不稳定户 2、边缘易致贫户 1、突发严重困难户 0)."""
    found = dict(
        conn.execute(
            f"SELECT {household_facts.TYPE_SQL} AS kind, count(*) FROM household h"
            f" WHERE {LIVE_HOUSEHOLD} AND h.monitored = 1 GROUP BY kind"
        ).fetchall()
    )
    return "、".join(f"{zh} {found.get(code, 0)}" for code, (zh, _) in enums.MONITOR_TYPE.items())


def _work(
    conn: sqlite3.Connection, board: Any, flows: dict[str, int], on: str
) -> tuple[model.Count, ...]:
    """Visits, referrals and needs dated inside the month, and what is still waiting."""
    pending = _one(
        conn,
        "SELECT count(*) FROM referral r JOIN person p ON p.id = r.person_id"
        f" JOIN household h ON h.id = p.household_id WHERE r.deleted = 0 AND {LIVE_PERSON}"
        f" AND {PENDING_REFERRAL} AND r.date <= :on",
        on=on,
    )
    return (
        model.Count(
            "入户走访", f"{flows['visits']} 次", f"走访 {board.households_visited_month} 户"
        ),
        model.Count("就业推荐", f"{flows['referrals']} 次"),
        model.Count("推荐后录用", f"{flows['hires']} 人次"),
        model.Count("待反馈推荐", f"{pending} 条"),
        model.Count("收到诉求", f"{flows['needs_raised']} 件"),
        model.Count("办结诉求", f"{flows['needs_closed']} 件"),
        model.Count("未办结诉求", f"{board.open_needs} 件"),
        model.Count("逾期诉求", f"{board.overdue_needs} 件"),
    )


def _permits(conn: sqlite3.Connection) -> tuple[model.Count, ...]:
    by_permit = (
        "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        f" WHERE {LIVE_PERSON} AND p.permit_status = :code"
    )
    return tuple(
        model.Count(zh, f"{_one(conn, by_permit, code=code)} 人")
        for code, (zh, _en) in enums.PERMIT_STATUS.items()
        if code != "not_needed"
    )


def _overdue_needs(conn: sqlite3.Connection, on: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """Open needs past their due date on ``on``, the longest overdue first."""
    overdue = conn.execute(
        "SELECT h.household_no, (SELECT name FROM person p WHERE p.id = h.head_person_id),"
        " n.category, n.description, n.due_date FROM need n JOIN household h"
        f" ON h.id = n.household_id WHERE n.deleted = 0 AND {LIVE_HOUSEHOLD}"
        f" AND {OVERDUE_NEED} ORDER BY n.due_date",
        {"today": on},
    ).fetchall()
    return tuple(
        (r[0], r[1] or "", enums.label(enums.NEED_CATEGORY, r[2]), r[3], r[4]) for r in overdue
    )
