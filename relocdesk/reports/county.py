"""The figures a county compares its communities by beyond the dashboard's: income, permits
pending, households visited within the visit interval.

Taken over monitoring's tables of the day (``monitoring.prepared``), as the warnings are, so
a household counted here is the one the income and visit warnings look at: live
households, their live members, their last visit on or before the day.

- **income recorded** (已登记收入户): households with an income year; **per-capita income**
  (人均纯收入): the sum of their four incomes over their members, in yuan, rounded.
- **permits pending** (居住证待办): live people whose permit is to apply, printed or applied.
- **visited within the interval** (按期走访户): households whose last visit is fewer than
  INT-04's ``days`` (60) days before the day; its share of all households.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

PERMIT_PENDING = ("to_apply", "printed", "applied")
# Over monitoring_household (the dashboard's households behind these figures use them too):
# a household whose income is recorded, and one visited within the interval (``:since``).
INCOME_RECORDED = "income_year IS NOT NULL AND members > 0"
VISITED_IN_INTERVAL = "last_visit > :since"


@dataclass(frozen=True)
class CountyExtras:
    income_households: int = 0
    income_people: int = 0
    income_total: float = 0.0
    per_capita_income: float = 0.0
    permits_pending: int = 0
    visit_days: int = 60
    households_visited_in_interval: int = 0
    visited_in_interval_share: float = 0.0


def visit_days(conn: sqlite3.Connection) -> int:
    """INT-04's interval as this community applies it (the county's published value when
    there is one)."""
    from relocdesk.monitoring import load
    from relocdesk.monitoring.tables import effective_params, settings_of

    settings = settings_of(conn)
    for ind in load().indicators:
        if ind.code == "INT-04":
            return int(effective_params(ind, settings)["days"])
    return 60


def county_extras(conn: sqlite3.Connection, today: datetime.date) -> CountyExtras:
    from relocdesk import monitoring

    days = visit_days(conn)
    since = (today - datetime.timedelta(days=days)).isoformat()
    with monitoring.prepared(conn, today):
        households, n_income, people, total, visited = conn.execute(
            f"""SELECT count(*),
                 coalesce(sum({INCOME_RECORDED}), 0),
                 coalesce(sum(CASE WHEN {INCOME_RECORDED} THEN members END), 0),
                 coalesce(sum(CASE WHEN {INCOME_RECORDED} THEN total END), 0),
                 coalesce(sum({VISITED_IN_INTERVAL}), 0)
               FROM monitoring_household""",
            {"since": since},
        ).fetchone()
        marks = ", ".join("?" * len(PERMIT_PENDING))
        (permits,) = conn.execute(
            f"SELECT count(*) FROM monitoring_person WHERE permit_status IN ({marks})",
            PERMIT_PENDING,
        ).fetchone()
    return CountyExtras(
        income_households=int(n_income),
        income_people=int(people),
        income_total=float(total),
        per_capita_income=float(round(total / people)) if people else 0.0,
        permits_pending=int(permits),
        visit_days=days,
        households_visited_in_interval=int(visited),
        visited_in_interval_share=round(visited / households, 4) if households else 0.0,
    )
