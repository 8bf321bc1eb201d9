"""Employment history: every change of a person's work writes an append-only, synced event
(edit, referral outcome, roster import), a verification writes one too; the household's
timeline; the month's jobs found and lost checked against a pandas pass; EMP-07 counts the
days since the last event."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from relocdesk import enums
from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
from relocdesk.validation import ValidationError
from tests.monitoring.test_indicators import TODAY, ago, household, person


def events(desk: Desk, person_id: str) -> list[dict[str, object]]:
    return desk.employment.timeline(person_id=person_id)


def test_an_edit_of_work_writes_an_event_and_nothing_else_does(desk: Desk) -> None:
    hh = household(desk)
    p = person(desk, hh, employment_status="unemployed_willing", name="张三")
    assert events(desk, p["id"]) == []
    desk.people.update(p["id"], phone="13800001111")  # not employment
    assert events(desk, p["id"]) == []
    desk.people.update(p["id"], employment_status="local_job", employer="帮扶车间", job="缝纫工")
    (e,) = events(desk, p["id"])
    assert (e["source"], e["from_status"], e["to_status"]) == (
        "edit",
        "unemployed_willing",
        "local_job",
    )
    assert (e["from_employer"], e["to_employer"], e["to_job"]) == (None, "帮扶车间", "缝纫工")
    assert e["person_name"] == "张三"
    # synced, and append-only like the other histories
    ops = [r[0] for r in desk.conn.execute("SELECT tbl FROM outbox")]
    assert ops.count("employment_event") == 1
    with desk.transaction() as w, pytest.raises(PermissionError):
        w.update("employment_event", str(e["id"]), {"to_status": "flexible"})


def test_a_hire_writes_a_referral_event(desk: Desk) -> None:
    p = person(desk, household(desk), employment_status="unemployed_willing")
    r = desk.referrals.create(
        person_id=p["id"], date=ago(3), employer="惠水帮扶车间", kind="workshop"
    )
    desk.referrals.record_outcome(r["id"], "hired", date=ago(1))
    (e,) = events(desk, p["id"])
    assert (e["source"], e["referral_id"], e["date"]) == ("referral", r["id"], ago(1))
    assert (e["to_status"], e["to_employer"]) == ("local_job", "惠水帮扶车间")


def test_the_household_timeline_and_verification(desk: Desk) -> None:
    hh = household(desk)
    a = person(desk, hh, employment_status="local_job", name="甲")
    b = person(desk, hh, employment_status="unemployed_willing", name="乙")
    desk.people.update(b["id"], employment_status="flexible")
    desk.employment.verify(a["id"], date=ago(2), recorded_by="刘书记")
    line = desk.employment.timeline(household_id=hh["id"])
    assert [(e["person_name"], e["source"]) for e in line] == [("乙", "edit"), ("甲", "verified")]
    verified = line[1]
    assert verified["from_status"] == verified["to_status"] == "local_job"
    with pytest.raises(ValidationError) as err:
        desk.employment.verify(
            a["id"], date=(datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        )
    assert err.value.field == "date"


def test_jobs_found_and_lost_in_a_month_match_pandas(desk: Desk) -> None:
    hh = household(desk)
    people = [person(desk, hh, employment_status="unemployed_willing") for _ in range(6)]
    steps = [
        "local_job",
        "flexible",
        "unemployed_willing",
        "local_job",
        "not_seeking",
        "public_welfare",
    ]
    for i, p in enumerate(people):
        desk.people.update(p["id"], employment_status=steps[i])
        if i % 2:
            desk.people.update(p["id"], employment_status="unemployed_willing")
    desk.employment.verify(people[0]["id"])
    today = datetime.date.today()
    got = desk.employment.month(today.replace(day=1), today)
    frame = pd.read_sql("SELECT * FROM employment_event WHERE source <> 'verified'", desk.conn)
    employed = frame.to_status.isin(enums.EMPLOYED)
    was = frame.from_status.isin(enums.EMPLOYED)
    in_month = frame.date.between(today.replace(day=1).isoformat(), today.isoformat())
    assert got == {
        "jobs_found": frame[in_month & employed & ~was].person_id.nunique(),
        "jobs_lost": frame[in_month & was & ~employed].person_id.nunique(),
    }
    assert got["jobs_found"] >= 3 and got["jobs_lost"] >= 2


def test_employment_not_verified_reads_the_latest_event(desk: Desk) -> None:
    p = person(desk, household(desk), employment_status="local_job", employer="帮扶车间")
    desk.employment.verify(p["id"], date=ago(120))
    (w,) = [w for w in evaluate(desk, TODAY, codes={"EMP-07"}) if w.subject_id == p["id"]]
    assert w.facts["zh"] == f"在帮扶车间就业，最近一次核实或变动在 {ago(120)}，已超过 90 天"
    desk.employment.verify(p["id"], date=ago(10))
    assert not [w for w in evaluate(desk, TODAY, codes={"EMP-07"}) if w.subject_id == p["id"]]
    # no event: the day the status was set counts (here: now, after TODAY)
    fresh = person(desk, household(desk), employment_status="local_job")
    assert not [w for w in evaluate(desk, TODAY, codes={"EMP-07"}) if w.subject_id == fresh["id"]]
    later = datetime.date.today() + datetime.timedelta(days=91)
    assert [w for w in evaluate(desk, later, codes={"EMP-07"}) if w.subject_id == fresh["id"]]


def test_the_monthly_sheet_counts_jobs_found_and_lost(desk: Desk) -> None:
    from relocdesk.reports.monthly import monthly

    hh = household(desk)
    a = person(desk, hh, employment_status="unemployed_willing")
    b = person(desk, hh, employment_status="local_job", employer="厂")
    desk.people.update(a["id"], employment_status="local_job")
    desk.people.update(b["id"], employment_status="unemployed_willing")
    today = datetime.date.today()
    frame = monthly(desk.conn, today.strftime("%Y-%m"), today=today)["就业变动"]
    values = dict(zip(frame["指标"], frame["数值"], strict=True))
    assert values["本月新就业人数"] == 1 and values["本月失去工作人数"] == 1
    assert values["就业超过90天未核实人数"] == len(evaluate(desk, today, codes={"EMP-07"}))
