"""The monthly workbook's 就业变动 sheet: jobs found and lost in the month, from the
employment history, and the people whose employment was not verified in time (EMP-07)."""

from __future__ import annotations

import datetime
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

SHEET = "就业变动"


def sheet(conn: sqlite3.Connection, first: datetime.date, end: datetime.date) -> pd.DataFrame:
    import pandas as pd

    from relocdesk.employment import Employment
    from relocdesk.monitoring import evaluate, load

    month = Employment(_Reader(conn)).month(first, end)
    rule = load().get("EMP-07")
    days = int(rule.params["days"]) if rule is not None else 90
    unverified = len(evaluate(conn, end, codes={"EMP-07"})) if rule is not None else 0
    rows = [
        ("本月新就业人数", month["jobs_found"], "由未就业转为就业（编辑、推荐结果、花名册导入）"),
        ("本月失去工作人数", month["jobs_lost"], "由就业转为未就业"),
        (f"就业超过{days}天未核实人数", unverified, f"截至 {end.isoformat()}"),
    ]
    return pd.DataFrame(rows, columns=["指标", "数值", "说明"], dtype=object)


class _Reader:
    """A connection as the employment history reads it (it never writes here)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def transaction(self) -> None:
        raise RuntimeError("the monthly report does not write")
