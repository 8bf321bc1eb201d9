"""Close-out (销号): a warning whose facts stop holding is recorded, once, with the day it
was raised, the day it was closed, the need that handled it and the change that cleared it;
acknowledging or snoozing closes nothing. The 预警处置 sheet is checked against a pandas pass
over the plain tables."""

from __future__ import annotations

import datetime
import json
from typing import Any

import orjson
import pandas as pd

from relocdesk.desk import Desk
from relocdesk.monitoring.closeout import describe
from relocdesk.reports import closeout_sheet
from relocdesk.reports.monthly import monthly
from tests.monitoring.test_indicators import TODAY, household, person


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def jobless(desk: Desk) -> tuple[dict[str, Any], dict[str, Any]]:
    head = desk.building_heads.create(name="张楼长")
    desk.buildings.create(number="7", building_head_id=head["id"])
    hh = household(desk, building="7")
    p = person(desk, hh, employment_status="unemployed_willing", name="张三")
    return hh, p


def open_keys(desk: Desk) -> set[tuple[str, str]]:
    return {
        (r[0], r[1]) for r in desk.conn.execute("SELECT indicator, subject_id FROM warning_open")
    }


def test_a_warning_closes_out_when_its_facts_stop_holding(desk: Desk) -> None:
    hh, p = jobless(desk)
    _, written = desk.warnings.track(day(0))
    assert written == [] and ("EMP-01", hh["id"]) in open_keys(desk)
    need = desk.warnings.hand_over("EMP-01", hh["id"], day(0))
    # acknowledging is not closing out: the facts still hold
    desk.warnings.acknowledge("EMP-01", hh["id"], "已安排面试", None, "刘书记")
    assert desk.warnings.track(day(1))[1] == [] and ("EMP-01", hh["id"]) in open_keys(desk)

    desk.people.update(p["id"], employment_status="local_job", employer="帮扶车间")
    _, written = desk.warnings.track(day(4))
    closed = {r["indicator"]: r for r in written}
    row = closed["EMP-01"]
    assert (row["raised_date"], row["closed_date"]) == (day(0).isoformat(), day(4).isoformat())
    assert row["need_id"] == need["id"] and row["household_id"] == hh["id"]
    assert row["facts_zh"] == "1 名有劳动能力成员，0 人就业"
    changes = orjson.loads(row["cleared_by"])
    assert {
        "table": "person",
        "id": p["id"],
        "field": "employment_status",
        "value": "local_job",
    } in changes
    assert "person.employment_status → local_job" in describe(row["cleared_by"])
    assert ("EMP-01", hh["id"]) not in open_keys(desk)
    # written through the façade: the close-out is in the outbox, to sync
    ops = [r[0] for r in desk.conn.execute("SELECT tbl FROM outbox")]
    assert ops.count("warning_closeout") == len(written)
    # once only
    assert desk.warnings.track(day(5))[1] == []
    assert len(desk.warnings.closeouts(hh["id"])) == len(written)


def test_a_warning_raised_again_is_a_new_episode(desk: Desk) -> None:
    _, p = jobless(desk)
    desk.warnings.track(day(0))
    desk.people.update(p["id"], employment_status="local_job")
    assert [r["indicator"] for r in desk.warnings.track(day(2))[1]].count("EMP-01") == 1
    desk.people.update(p["id"], employment_status="unemployed_willing")
    desk.warnings.track(day(10))
    desk.people.update(p["id"], employment_status="flexible")
    second = [r for r in desk.warnings.track(day(12))[1] if r["indicator"] == "EMP-01"]
    assert [(r["raised_date"], r["closed_date"]) for r in second] == [
        (day(10).isoformat(), day(12).isoformat())
    ]


def test_health_facts_stay_out_of_a_closeout(desk: Desk) -> None:
    hh = household(desk)
    p = person(desk, hh, serious_illness="尿毒症", ins_critical=0)
    desk.warnings.track(day(0))
    desk.people.update(p["id"], ins_critical=1)
    (row,) = [r for r in desk.warnings.track(day(1))[1] if r["indicator"] == "MED-02"]
    assert row["facts_zh"] is None and "尿毒症" not in json.dumps(row, ensure_ascii=False)


def expected_sheet(desk: Desk, first: datetime.date, end: datetime.date) -> pd.DataFrame:
    """The sheet's counts from the plain tables, by pandas."""
    conn = desk.conn
    closed = pd.read_sql("SELECT * FROM warning_closeout WHERE deleted = 0", conn)
    opened = pd.read_sql("SELECT * FROM warning_open", conn)
    needs = pd.read_sql("SELECT * FROM need WHERE deleted = 0 AND indicator IS NOT NULL", conn)
    closed = closed.groupby(["indicator", "subject_id", "raised_date"], as_index=False)[
        "closed_date"
    ].min()
    opened["closed_date"] = None
    columns = ["indicator", "subject_id", "raised_date", "closed_date"]
    eps = pd.concat([closed, opened[columns]], ignore_index=True)
    eps = eps.drop_duplicates(["indicator", "subject_id", "raised_date"], keep="first")
    s, e = first.isoformat(), end.isoformat()
    eps["raised_in"] = eps.raised_date.between(s, e)
    eps["closed_in"] = eps.closed_date.notna() & eps.closed_date.fillna("").between(s, e)
    eps["open_end"] = (eps.raised_date <= e) & (eps.closed_date.isna() | (eps.closed_date > e))
    handled = needs[(needs.raised_date <= e) & (needs.closed_date.isna() | (needs.closed_date > e))]
    keys = set(zip(handled.indicator, handled.subject_id, strict=True))
    linked = [(i, sub) in keys for i, sub in zip(eps.indicator, eps.subject_id, strict=True)]
    eps["handling"] = eps.open_end & pd.Series(linked, index=eps.index, dtype=bool)
    eps["days"] = (pd.to_datetime(eps.closed_date) - pd.to_datetime(eps.raised_date)).dt.days.where(
        eps.closed_in
    )
    return eps.groupby("indicator").agg(
        raised=("raised_in", "sum"),
        handling=("handling", "sum"),
        closed=("closed_in", "sum"),
        open=("open_end", "sum"),
        median=("days", "median"),
    )


def test_the_sheet_counts_the_loop(desk: Desk) -> None:
    made = [jobless(desk)]
    for n in range(4):
        hh = household(desk, building="7", room=f"60{n}")
        made.append((hh, person(desk, hh, employment_status="unemployed_willing")))
    desk.warnings.track(day(-40))  # raised the month before
    desk.warnings.hand_over("EMP-01", made[0][0]["id"], day(-40))
    desk.warnings.hand_over("EMP-01", made[1][0]["id"], day(-1))
    desk.people.update(made[2][1]["id"], employment_status="local_job")
    desk.warnings.track(day(-35))  # closed the month before
    hh = household(desk, building="7", room="701")
    made.append((hh, person(desk, hh, employment_status="unemployed_willing")))
    desk.warnings.track(day(-10))  # raised in the month
    for n, days in ((3, -3), (5, -1)):
        desk.people.update(made[n][1]["id"], employment_status="flexible")
        desk.warnings.track(day(days))  # closed in the month
    first, end = day(-14), day(0)
    got = closeout_sheet.figures(desk.conn, first, end)
    want = expected_sheet(desk, first, end)
    assert int(want.loc["EMP-01", "closed"]) == 2 and int(want.loc["EMP-01", "handling"]) == 2
    for code, row in want.iterrows():
        f = got[str(code)]
        assert [f["raised"], f["handling"], f["closed"], f["open"]] == [
            int(row.raised),
            int(row.handling),
            int(row.closed),
            int(row.open),
        ], code
        assert f["median_days"] == (None if pd.isna(row["median"]) else row["median"])
    sheet = monthly(desk.conn, end.strftime("%Y-%m"), today=end)["预警处置"]
    total = sheet[sheet["领域"] == "合计"].iloc[0]
    month_first = end.replace(day=1)
    month = expected_sheet(desk, month_first, end)
    assert int(total["本月销号"]) == int(month.closed.sum())
    assert int(total["仍未销号"]) == int(month.open.sum())
    emp = sheet[sheet["编码"] == "EMP-01"].iloc[0]
    assert int(emp["交办处置中"]) == int(month.loc["EMP-01", "handling"])


def test_the_command_closes_out_and_says_what_cleared_it(desk_factory: Any, tmp_path: Any) -> None:
    import subprocess
    import sys

    desk = desk_factory(path=tmp_path / "community.db")
    _, p = jobless(desk)
    desk.warnings.track(day(0))
    desk.people.update(p["id"], employment_status="local_job")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(tmp_path), "warnings", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    out = run("--close-out", "--date", day(2).isoformat())
    assert out.returncode == 0, out.stderr
    assert "EMP-01" in out.stdout and "employment_status → local_job" in out.stdout
    assert f"发现 {day(0).isoformat()} 销号 {day(2).isoformat()}" in out.stdout
    again = run("--close-out", "--json", "--date", day(2).isoformat())
    assert json.loads(again.stdout)["closed_out"] == []
    future = run(
        "--close-out", "--date", (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    )
    assert future.returncode == 2 and "Traceback" not in future.stderr
