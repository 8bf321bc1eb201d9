"""The figures a county compares its communities by beyond the dashboard's: income, permits
pending, households visited within the visit interval.

Taken over monitoring's tables of the day (``monitoring.prepared``), as the warnings are, so
a household counted here is the one the income and visit warnings look at: live
households, their live members, their last visit on or before the day.

- **income recorded** (已登记收入户), **per-capita income** (人均纯收入): the income view's
  community figures (``reports.income``, defined in ``relocdesk.definitions``), the latter
  rounded to whole yuan.
- **permits pending** (居住证待办): live people whose permit is to apply, printed or applied.
- **visited within the interval** (按期走访户): households whose last visit is fewer than
  INT-04's ``days`` (60) days before the day; its share of all households.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

from relocdesk.reports.income import income_view

PERMIT_PENDING = ("to_apply", "printed", "applied")
# Over monitoring_household (the dashboard's households behind these figures use them too):
# a household whose income is recorded (definitions), one visited within the interval
# (``:since``).
VISITED_IN_INTERVAL = "h.last_visit > :since"


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
    # the income view's community figures: one definition of income recorded and its sums
    income = income_view(conn)[0]
    with monitoring.prepared(conn, today):
        households, visited = conn.execute(
            f"""SELECT count(*), coalesce(sum({VISITED_IN_INTERVAL}), 0)
               FROM monitoring_household h""",
            {"since": since},
        ).fetchone()
        marks = ", ".join("?" * len(PERMIT_PENDING))
        (permits,) = conn.execute(
            f"SELECT count(*) FROM monitoring_person WHERE permit_status IN ({marks})",
            PERMIT_PENDING,
        ).fetchone()
    return CountyExtras(
        income_households=income.households,
        income_people=income.members,
        income_total=income.total,
        # in whole yuan: the county compares communities, and sums them (web.board)
        per_capita_income=float(round(income.total / income.members)) if income.members else 0.0,
        permits_pending=int(permits),
        visit_days=days,
        households_visited_in_interval=int(visited),
        visited_in_interval_share=round(visited / households, 4) if households else 0.0,
    )
