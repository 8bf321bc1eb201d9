"""The monthly summary's figures, counted from the local database with plain SELECTs.

Stock figures (households, people, employment, permits) are as of printing; flow figures
(visits, referrals, needs) count what is dated inside the month.
"""

from __future__ import annotations

import datetime
import re
import sqlite3

from relocdesk import enums
from relocdesk.forms import model
from relocdesk.forms.load import address

EMPLOYED = ",".join(f"'{code}'" for code in sorted(enums.EMPLOYED))
# A household "has labour" when a member can work and is not at school.
ZERO_EMPLOYMENT_SQL = f"""
SELECT h.id, h.household_no, h.unit, h.room, b.number AS building_number,
       (SELECT name FROM person p WHERE p.id = h.head_person_id) AS head_name,
       (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) AS size
FROM household h LEFT JOIN building b ON b.id = h.building_id
WHERE h.deleted = 0 AND h.status = 'active'
  AND EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.deleted = 0
              AND p.labour_capacity IN ('full', 'weak') AND p.employment_status != 'in_school')
  AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.deleted = 0
                  AND p.employment_status IN ({EMPLOYED}))
ORDER BY b.number, h.unit, h.room
"""


# Stock figures count the households living here now, as 在住户数 does.
HOUSEHOLDS = "SELECT count(*) FROM household WHERE deleted = 0 AND status = 'active'"
_HIRED = " AND outcome = 'hired'"
_PENDING = " AND outcome = 'pending'"
_OPEN = " AND status IN ('open', 'in_progress')"


def _dated(column: str) -> str:
    return f" AND {column} >= ? AND {column} < ?"


def month_bounds(month: str) -> tuple[str, str]:
    """'2026-03' -> ('2026-03-01', '2026-04-01'), the second bound excluded."""
    if not re.fullmatch(r"\d{4}-\d{2}", month):
        raise ValueError(month)
    start = datetime.date.fromisoformat(month + "-01")
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start.isoformat(), end.isoformat()


def _one(conn: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(conn.execute(sql, args).fetchone()[0] or 0)


# The people living here now: members of active households.
_LIVE_PEOPLE = (
    "FROM person p JOIN household h ON h.id = p.household_id"
    " WHERE p.deleted = 0 AND h.deleted = 0 AND h.status = 'active'"
)


def monthly_summary(
    conn: sqlite3.Connection, month: str, *, today: datetime.date | None = None
) -> model.MonthlySummary:
    start, end = month_bounds(month)
    today_s = (today or datetime.date.today()).isoformat()
    zero = conn.execute(ZERO_EMPLOYMENT_SQL).fetchall()
    return model.MonthlySummary(
        month=month,
        sections=(
            ("一、基本情况（截至打印日）", _basics(conn, len(zero))),
            ("二、本月工作", _work(conn, start, end)),
            ("三、居住证办理（截至打印日）", _permits(conn)),
        ),
        zero_employment=tuple(
            (r["household_no"], address(r), r["head_name"] or "", str(r["size"])) for r in zero
        ),
        overdue_needs=_overdue_needs(conn, today_s),
    )


def _basics(conn: sqlite3.Connection, zero_employment: int) -> tuple[model.Count, ...]:
    """Households and people as of printing."""
    return (
        model.Count(
            "在住户数",
            str(_one(conn, HOUSEHOLDS)),
        ),
        model.Count("在册人口", str(_one(conn, f"SELECT count(*) {_LIVE_PEOPLE}"))),
        model.Count(
            "劳动力人数",
            str(
                _one(
                    conn,
                    f"SELECT count(*) {_LIVE_PEOPLE} AND p.labour_capacity IN ('full', 'weak')"
                    " AND p.employment_status != 'in_school'",
                )
            ),
            "有劳动能力及弱劳动力，不含在校学生",
        ),
        model.Count(
            "已就业人数",
            str(
                _one(
                    conn, f"SELECT count(*) {_LIVE_PEOPLE} AND p.employment_status IN ({EMPLOYED})"
                )
            ),
        ),
        model.Count("零就业家庭", str(zero_employment), "有劳动力但无人就业，名单见下"),
        model.Count(
            "监测户",
            str(_one(conn, f"{HOUSEHOLDS} AND monitored = 1")),
        ),
        model.Count(
            "低保户",
            str(_one(conn, f"{HOUSEHOLDS} AND dibao != 'none'")),
        ),
    )


def _work(conn: sqlite3.Connection, start: str, end: str) -> tuple[model.Count, ...]:
    """Visits, referrals and needs dated inside the month, and what is still waiting."""
    visits = conn.execute(
        "SELECT count(*), count(DISTINCT household_id) FROM visit"
        " WHERE deleted = 0 AND date >= ? AND date < ?",
        (start, end),
    ).fetchone()
    referral = "SELECT count(*) FROM referral WHERE deleted = 0"
    need = "SELECT count(*) FROM need WHERE deleted = 0"
    return (
        model.Count("入户走访", f"{visits[0]} 次", f"走访 {visits[1]} 户"),
        model.Count("就业推荐", f"{_one(conn, referral + _dated('date'), start, end)} 次"),
        model.Count(
            "推荐后录用",
            f"{_one(conn, referral + _HIRED + _dated('outcome_date'), start, end)} 人次",
        ),
        model.Count("待反馈推荐", f"{_one(conn, referral + _PENDING)} 条"),
        model.Count(
            "收到诉求",
            f"{_one(conn, need + _dated('raised_date'), start, end)} 件",
        ),
        model.Count(
            "办结诉求",
            f"{_one(conn, need + _dated('closed_date'), start, end)} 件",
        ),
        model.Count("未办结诉求", f"{_one(conn, need + _OPEN)} 件"),
    )


def _permits(conn: sqlite3.Connection) -> tuple[model.Count, ...]:
    by_permit = "SELECT count(*) FROM person WHERE deleted = 0 AND permit_status = ?"
    return tuple(
        model.Count(zh, f"{_one(conn, by_permit, code)} 人")
        for code, (zh, _en) in enums.PERMIT_STATUS.items()
        if code != "not_needed"
    )


def _overdue_needs(
    conn: sqlite3.Connection, today: str
) -> tuple[tuple[str, str, str, str, str], ...]:
    """Open needs past their due date on ``today``, the longest overdue first."""
    overdue = conn.execute(
        "SELECT h.household_no, (SELECT name FROM person p WHERE p.id = h.head_person_id),"
        " n.category, n.description, n.due_date FROM need n JOIN household h"
        " ON h.id = n.household_id WHERE n.deleted = 0 AND n.status IN ('open', 'in_progress')"
        " AND n.due_date IS NOT NULL AND n.due_date != '' AND n.due_date < ?"
        " ORDER BY n.due_date",
        (today,),
    ).fetchall()
    return tuple(
        (
            r[0],
            r[1] or "",
            enums.label(enums.NEED_CATEGORY, r[2]),
            r[3],
            r[4],
        )
        for r in overdue
    )
