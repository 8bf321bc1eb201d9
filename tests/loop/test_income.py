"""The income view (收入情况): per-capita net income as sum of income over sum of members,
each kind's share, growth against last year and households below and near the monitoring
line, for the community and per building — every figure checked against a pandas pass over
the plain tables of the demo community."""

from __future__ import annotations

import pandas as pd
import pytest

from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
from relocdesk.reports.income import KINDS, income_view, thresholds
from relocdesk.reports.monthly import monthly
from tests.queries.demo_community import TODAY, demo_db, demo_desk

__all__ = ["demo_db", "demo_desk"]


def expected(desk: Desk) -> pd.DataFrame:
    conn = desk.conn
    households = pd.read_sql(
        "SELECT * FROM household WHERE deleted = 0 AND status = 'active'"
        " AND income_year IS NOT NULL",
        conn,
    )
    people = pd.read_sql("SELECT household_id FROM person WHERE deleted = 0", conn)
    buildings = pd.read_sql("SELECT id, number FROM building WHERE deleted = 0", conn)
    members = people.groupby("household_id").size().rename("members")
    h = households.join(members, on="id").fillna({"members": 0})
    h = h[h.members > 0].merge(buildings, left_on="building_id", right_on="id", how="left")
    h["number"] = h["number"].fillna("")
    h["total"] = sum(h[f"income_{k}"] for k in KINDS)
    line, margin = thresholds(conn)
    h["below"] = h.total < line * h.members
    h["near"] = ~h.below & (h.total * 100 < line * h.members * (100 + margin))
    h["had"] = h.income_last_year.fillna(0) > 0
    return h


def check(f: object, h: pd.DataFrame) -> None:
    total = h.total.sum()
    assert f.households == len(h) and f.members == int(h.members.sum())  # type: ignore[attr-defined]
    assert f.total == pytest.approx(total)  # type: ignore[attr-defined]
    assert f.per_capita == pytest.approx(total / h.members.sum(), abs=0.01)  # type: ignore[attr-defined]
    for k in KINDS:
        assert getattr(f, f"{k}_share") == pytest.approx(h[f"income_{k}"].sum() / total, abs=1e-4)
    both = h[h.had]
    growth = both.total.sum() / both.income_last_year.sum() - 1 if len(both) else None
    if growth is None:
        assert f.growth is None  # type: ignore[attr-defined]
    else:
        assert f.growth == pytest.approx(growth, abs=1e-4)  # type: ignore[attr-defined]
    assert (f.below_line, f.near_line) == (int(h.below.sum()), int(h.near.sum()))  # type: ignore[attr-defined]


def test_income_view_matches_pandas(demo_desk: Desk) -> None:
    h = expected(demo_desk)
    community, buildings = income_view(demo_desk.conn)
    # the demo's incomes are varied: every kind present, some below and near the line,
    # last year's total for most households, not only the monitored ones
    assert len(h) > 100 and community.below_line > 0 and community.near_line > 0
    assert all(getattr(community, f"{k}_share") > 0 for k in KINDS)
    assert h.had.sum() > 2 * h.monitored.sum() and community.growth is not None
    check(community, h)
    numbers = sorted({n for n in h["number"] if n}, key=lambda b: (len(b), b))
    assert [b.scope for b in buildings] == numbers + ["未分配楼栋"] * ("" in set(h["number"]))
    assert len({round(b.per_capita) for b in buildings}) > 1
    for b in buildings:
        check(b, h[h["number"] == ("" if b.scope == "未分配楼栋" else b.scope)])
    # the lines are the indicators': below / near agree with INC-01 / INC-03
    codes = [w.indicator for w in evaluate(demo_desk, TODAY, codes={"INC-01", "INC-03"})]
    assert (codes.count("INC-01"), codes.count("INC-03")) == (
        community.below_line,
        community.near_line,
    )


def test_the_monthly_sheet_has_the_community_and_each_building(demo_desk: Desk) -> None:
    sheet = monthly(demo_desk.conn, TODAY.strftime("%Y-%m"), today=TODAY)["收入情况"]
    community, buildings = income_view(demo_desk.conn)
    assert list(sheet["范围"]) == ["全社区", *(b.scope for b in buildings)]
    assert sheet.iloc[0]["人均纯收入（元）"] == community.per_capita
