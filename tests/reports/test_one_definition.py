"""Every figure shown in more than one place is the same number everywhere.

The figures are computed here a second time, independently: pandas over ``SELECT *`` of the
tables of a demo community, with the rules written from the glossary (who lives here, the
labour force, employed, zero-employment households, open and overdue needs, ...), never by
calling the product's code. Then every output is read back the way a person or a script
reads it: the dashboard through the façade, the monthly workbook with openpyxl, the monthly
PDF with pdftotext, the warnings and the workbook's overview from the command line (run as
subprocesses), Today's lists; on two days (the last day of last month, and today).
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from relocdesk.desk import Desk
from tests.conftest import connect

ROOT = Path(__file__).resolve().parents[2]
# From the glossary: the employment statuses that are work (local job, outside the county,
# public-welfare post, self-employed, flexible work); a household with labour capacity and
# nobody in work is a zero-employment household. Working ages and windows: the county's
# indicator catalogue (EMP-01 16-64; EMP-02 90 days; EMP-03 30 days; INT-03 14, INT-04 60).
WORK = {"local_job", "outside_county", "public_welfare", "self_employed", "flexible"}
WORKING_AGES = (16, 64)
REFERRAL_WINDOW, ANSWER_DAYS, VISIT_DAYS, SPECIAL_VISIT_DAYS = 90, 30, 60, 14
REFERRAL_TARGET = 3  # the policy: three or more referrals for every unemployed worker
OPEN = {"open", "in_progress"}


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo community made by the command (anchored on today, as the reports are), then
    what operators do to it: households move out with their open business, a person is
    deleted, a need is written with a blank due date."""
    path = tmp_path_factory.mktemp("one-definition")
    cli(path, "demo", "--households", "300", "--seed", "23")
    with Desk(path / "community.db") as desk:
        with_needs = [
            r[0]
            for r in desk.conn.execute(
                "SELECT DISTINCT n.household_id FROM need n JOIN household h"
                " ON h.id = n.household_id WHERE n.status = 'open' AND h.status = 'active'"
                " LIMIT 3"
            )
        ]
        for household_id in with_needs:
            desk.households.update(household_id, status="moved_out")
        worker = desk.conn.execute(
            "SELECT id FROM person WHERE employment_status = 'unemployed_willing'"
            " AND id IN (SELECT person_id FROM referral) AND id NOT IN"
            " (SELECT head_person_id FROM household WHERE head_person_id IS NOT NULL) LIMIT 1"
        ).fetchone()[0]
        desk.people.delete(worker)
        with desk.transaction():
            desk.conn.execute(
                "UPDATE need SET due_date = '' WHERE id = (SELECT n.id FROM need n"
                " JOIN household h ON h.id = n.household_id WHERE h.status = 'active'"
                " AND n.status = 'open' AND n.due_date < date('now', '-60 days') LIMIT 1)"
            )
    return path


def days() -> list[datetime.date]:
    today = datetime.date.today()
    return [today.replace(day=1) - datetime.timedelta(days=1), today]


# -- the figures by hand ----------------------------------------------------------------------


@dataclass
class Hand:
    figures: dict[str, int]
    zero_households: set[str]  # household numbers
    visits_due: set[str]  # household ids
    referrals_waiting: set[str]
    few_referrals: set[str]  # unemployed people with fewer than 3 in the window
    permits: dict[str, int]


def frames(path: Path) -> dict[str, pd.DataFrame]:
    conn = connect(path)
    try:
        out = {}
        for t in ("household", "person", "referral", "referral_event", "visit", "need"):
            cur = conn.execute(f"SELECT * FROM {t}")
            names = [d[0] for d in cur.description]
            out[t] = pd.DataFrame.from_records(
                [tuple(r) for r in cur], columns=names, coerce_float=True
            )
        return out
    finally:
        conn.close()


def age_on(birth: Any, on: datetime.date) -> float:
    if not isinstance(birth, str) or len(birth) < 10:
        return float("nan")
    b = datetime.date.fromisoformat(birth[:10])
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def by_hand(t: dict[str, pd.DataFrame], on: datetime.date) -> Hand:
    day, first = on.isoformat(), on.replace(day=1).isoformat()
    h = t["household"]
    live = h[(h.deleted == 0) & (h.status == "active")]
    p = t["person"]
    p = p[(p.deleted == 0) & p.household_id.isin(live.id)].copy()
    p["age"] = p.birth_date.map(lambda b: age_on(b, on))
    p["working"] = p.employment_status.isin(WORK)
    p["labour"] = (
        p.labour_capacity.isin(["full", "weak"])
        & (p.employment_status != "in_school")
        & p.age.between(*WORKING_AGES)
    )
    per_household = p.groupby("household_id").agg(labour=("labour", "sum"), work=("working", "sum"))
    zero = per_household[(per_household.labour > 0) & (per_household.work == 0)].index
    idle = p[p.employment_status == "unemployed_willing"]

    r = t["referral"]
    r = r[(r.deleted == 0) & r.person_id.isin(p.id)]
    since = (on - datetime.timedelta(days=REFERRAL_WINDOW)).isoformat()
    recent = r[(r.date > since) & (r.date <= day) & r.person_id.isin(idle.id)]
    answer_cut = (on - datetime.timedelta(days=ANSWER_DAYS)).isoformat()
    waiting = r[(r.outcome == "pending") & (r.date <= answer_cut)]
    e = t["referral_event"]
    hired = e[(e.deleted == 0) & (e.outcome == "hired") & e.referral_id.isin(r.id)]
    hired = hired[(hired.date >= first) & (hired.date <= day)]

    v = t["visit"]
    v = v[(v.deleted == 0) & v.household_id.isin(live.id)]
    month_visits = v[(v.date >= first) & (v.date <= day)]
    last = v[v.date <= day].groupby("household_id").date.max()
    special_people = p[
        (p.serious_illness.fillna("") != "")
        | (p.severe_disability == 1)
        | (p.elderly_alone == 1)
        | (p.left_behind_child == 1)
    ]
    due = set()
    for household_id in live.id:
        special = household_id in set(special_people.household_id)
        every = SPECIAL_VISIT_DAYS if special else VISIT_DAYS
        seen = last.get(household_id)
        if seen is None or (on - datetime.date.fromisoformat(seen)).days >= every:
            due.add(household_id)

    n = t["need"]
    n = n[(n.deleted == 0) & n.household_id.isin(live.id)]
    open_needs = n[n.status.isin(OPEN) & (n.raised_date <= day)]
    overdue = open_needs[open_needs.due_date.fillna("").between("0", day, inclusive="left")]
    closed = n[n.status.isin({"resolved", "confirmed"}) & n.closed_date.between(first, day)]
    figures = {
        "households": len(live),
        "people": len(p),
        "labour_force": int(p.labour.sum()),
        "employed_labour": int((p.labour & p.working).sum()),
        "zero_employment_households": len(zero),
        "unemployed_willing": len(idle),
        "referrals_90d": len(recent),
        "households_visited_month": month_visits.household_id.nunique(),
        "visits_month": len(month_visits),
        "referrals_month": int(r.date.between(first, day).sum()),
        "hires_month": hired.referral_id.nunique(),
        "needs_raised_month": int(n.raised_date.between(first, day).sum()),
        "needs_closed_month": len(closed),
        "open_needs": len(open_needs),
        "overdue_needs": len(overdue),
    }
    return Hand(
        figures=figures,
        zero_households=set(live.set_index("id").loc[list(zero), "household_no"]),
        visits_due=due,
        referrals_waiting=set(waiting.id),
        few_referrals={
            i for i in idle.id if recent.person_id.value_counts().get(i, 0) < REFERRAL_TARGET
        },
        permits=p.permit_status.value_counts().to_dict(),
    )


# -- every output read back ---------------------------------------------------------------------

# (figure, the workbook overview's row, the PDF's pattern)
SHARED = (
    ("households", "户数", r"在住户数(\d+)"),
    ("people", "人数", r"在册人口(\d+)"),
    ("labour_force", "劳动力人数", r"(?<!就业)劳动力人数(\d+)"),
    ("employed_labour", "劳动力就业人数", r"劳动力就业人数(\d+)"),
    ("zero_employment_households", "零就业家庭", r"零就业家庭(\d+)"),
    ("unemployed_willing", "有意愿未就业人数", r"有意愿未就业人数(\d+)"),
    ("referrals_90d", "近90天推荐次数", None),
    ("households_visited_month", "本月走访户数", r"(?<!入户)走访(\d+)户"),
    ("visits_month", "本月走访次数", r"入户走访(\d+)次"),
    ("referrals_month", "本月就业推荐次数", r"就业推荐(\d+)次"),
    ("hires_month", "本月推荐录用人次", r"推荐后录用(\d+)人次"),
    ("needs_raised_month", "本月新增诉求", r"收到诉求(\d+)件"),
    ("needs_closed_month", "本月办结诉求", r"(?<!未)办结诉求(\d+)件"),
    ("open_needs", "未办结诉求", r"未办结诉求(\d+)件"),
    ("overdue_needs", "逾期诉求", r"(?<!其中)逾期诉求(\d+)件"),
)
PERMITS = {"to_apply": "待申领", "printed": "申请表已打印", "applied": "已申领", "issued": "已发证"}


@pytest.fixture(scope="module", params=["last day of last month", "today"])
def day(request: pytest.FixtureRequest) -> datetime.date:
    return days()[request.param_index]


@pytest.fixture(scope="module")
def hand(data_dir: Path, day: datetime.date) -> Hand:
    return by_hand(frames(data_dir / "community.db"), day)


@pytest.fixture(scope="module")
def desk(data_dir: Path) -> Iterator[Desk]:
    with Desk(data_dir / "community.db") as opened:
        yield opened


def test_the_day_has_something_to_count(hand: Hand) -> None:
    """Every figure but the month's flows is above zero, so agreeing means something."""
    for name in ("households", "labour_force", "zero_employment_households", "open_needs"):
        assert hand.figures[name] > 0, name
    assert hand.figures["people"] > hand.figures["labour_force"] > hand.figures["employed_labour"]


def test_the_dashboard(desk: Desk, hand: Hand, day: datetime.date) -> None:
    board = desk.reports.dashboard(day)
    for name, _, _ in SHARED:
        if hasattr(board, name):
            assert getattr(board, name) == hand.figures[name], name


def test_the_monthly_workbook_and_its_command(
    data_dir: Path, hand: Hand, day: datetime.date, tmp_path: Path
) -> None:
    out = tmp_path / "monthly.xlsx"
    done = cli(
        data_dir, "report", "monthly", "--month", day.strftime("%Y-%m"), "-o", str(out), "--json"
    )
    overview = json.loads(done.stdout)["overview"]
    sheet = openpyxl.load_workbook(out, read_only=True)["总体情况"]
    read = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert sheet["A2"].value.startswith(f"统计截至 {day.isoformat()}")
    for name, heading, _ in SHARED:
        assert read[heading] == hand.figures[name], heading
        assert overview[heading] == hand.figures[name], heading


def test_the_monthly_pdf(data_dir: Path, hand: Hand, day: datetime.date, tmp_path: Path) -> None:
    out = tmp_path / "monthly.pdf"
    cli(
        data_dir,
        "print",
        "monthly",
        "--all-pending",
        "--month",
        day.strftime("%Y-%m"),
        "-o",
        str(out),
    )
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert f"截至{day.isoformat()}" in text
    for name, _, pattern in SHARED:
        if pattern:
            found = re.search(pattern, text)
            assert found and int(found.group(1)) == hand.figures[name], (name, pattern)
    for code, label in PERMITS.items():
        assert f"{label}{hand.permits.get(code, 0)}人" in text, label
    listed = text.split("四、零就业家庭名单")[1].split("五、")[0]
    for number in hand.zero_households:
        assert number in listed
    assert listed.count("室") == len(hand.zero_households)  # one address a row


def test_the_warnings_command(data_dir: Path, hand: Hand, day: datetime.date) -> None:
    done = cli(data_dir, "warnings", "--json", "--all", "--date", day.isoformat())
    warnings = json.loads(done.stdout)["warnings"]

    def subjects(code: str) -> set[str]:
        return {w["subject_id"] for w in warnings if w["indicator"] == code}

    zero = {w["household_no"] for w in warnings if w["indicator"] == "EMP-01"}
    assert zero == hand.zero_households
    assert len(subjects("INT-05")) == hand.figures["overdue_needs"]
    assert subjects("EMP-03") == hand.referrals_waiting
    assert subjects("EMP-02") == hand.few_referrals
    assert subjects("INT-03") | subjects("INT-04") == hand.visits_due
    # INT-02: a residence permit still to apply for (the PDF's 待申领 and 申请表已打印)
    assert len(subjects("INT-02")) == hand.permits.get("to_apply", 0) + hand.permits.get(
        "printed", 0
    )


def test_warnings_by_level_and_area(
    data_dir: Path, desk: Desk, day: datetime.date, tmp_path: Path
) -> None:
    """The dashboard, the workbook and the command count the same warnings per area."""
    done = cli(data_dir, "warnings", "--json", "--date", day.isoformat())
    active = [w for w in json.loads(done.stdout)["warnings"] if not w["acknowledged"]]
    by_area: dict[str, int] = {}
    for w in active:
        by_area[w["area"]] = by_area.get(w["area"], 0) + 1
    board = desk.reports.dashboard(day)
    assert {a: n for a, n in board.warnings_by_area.items() if n} == by_area
    assert board.active_warnings == len(active)
    assert board.red_warnings == sum(w["level"] == "red" for w in active)


def test_the_referrals_board(desk: Desk, hand: Hand, day: datetime.date) -> None:
    board = desk.unemployed_board(day)
    assert len(board) == hand.figures["unemployed_willing"]
    assert {u["person_id"] for u in board if u["below_target"]} == hand.few_referrals


def test_today(desk: Desk, hand: Hand, day: datetime.date) -> None:
    lists = desk.today(day)
    assert {v["household_id"] for v in lists.visits} == hand.visits_due
    assert {r["referral_id"] for r in lists.referrals} == hand.referrals_waiting
    assert len(lists.needs) == hand.figures["open_needs"]
    assert sum(n["overdue"] for n in lists.needs) == hand.figures["overdue_needs"]


def test_the_named_days_are_the_catalogues() -> None:
    """Today and the referrals board name their days (they must not load monitoring to
    start): they are the county's indicator catalogue's, or the two would drift apart."""
    from relocdesk import definitions
    from relocdesk.monitoring import load

    params = {i.evaluator: i.params for i in load().indicators}
    assert params["referral_without_outcome"]["days"] == definitions.REFERRAL_ANSWER_DAYS
    assert params["not_visited"]["days"] == definitions.VISIT_EVERY_DAYS
    assert params["special_not_visited"]["days"] == definitions.SPECIAL_VISIT_EVERY_DAYS
    assert params["few_referrals"] == {
        "min_referrals": definitions.REFERRAL_TARGET,
        "days": definitions.REFERRAL_WINDOW_DAYS,
    }
