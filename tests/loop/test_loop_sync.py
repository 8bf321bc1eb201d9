"""The must-show loop on a real county server with two devices: a warning is raised, handed
over as a need on one laptop, handled on the other, its facts change, and it is closed out on
both (one close-out row everywhere); the 预警处置 sheet of each device counts it."""

from __future__ import annotations

import datetime

from relocdesk.reports.monthly import monthly
from tests.monitoring.test_indicators import TODAY, household, person
from tests.sync.harness import County, county, db_url, memory_keyring

__all__ = ["county", "db_url", "memory_keyring"]


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def closeouts(engine: object) -> list[tuple[str, str, str, str]]:
    conn = engine.desk.conn  # type: ignore[attr-defined]
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT id, indicator, raised_date, closed_date FROM warning_closeout"
            " WHERE deleted = 0 ORDER BY id"
        )
    ]


def test_one_household_through_the_loop_on_two_devices(county: County) -> None:
    a, b = county.device(), county.device()
    head = a.desk.building_heads.create(name="张楼长")
    a.desk.buildings.create(number="7", building_head_id=head["id"])
    hh = household(a.desk, building="7")
    worker = person(a.desk, hh, employment_status="unemployed_willing", name="张三")
    a.run()
    b.run()
    # found: both laptops open Today and see the red warning
    for engine in (a, b):
        warnings, written = engine.desk.warnings.track(day(0))
        assert written == []
        assert any(w.indicator == "EMP-01" and w.subject_id == hh["id"] for w in warnings)
    # handed over on A
    need = a.desk.warnings.hand_over("EMP-01", hh["id"], day(0))
    assert need["assignee"] == "张楼长"
    a.run()
    b.run()
    # handled on B: the building head logs the job and resolves the need
    link = b.desk.warnings.links()[("EMP-01", hh["id"])]
    assert link.need_id == need["id"] and link.in_handling
    b.desk.needs.set_status(need["id"], "in_progress", date=day(1).isoformat())
    b.desk.people.update(worker["id"], employment_status="local_job", employer="帮扶车间")
    b.desk.needs.set_status(need["id"], "resolved", date=day(3).isoformat(), resolution="已就业")
    # the facts changed: B closes it out, the close-out syncs to A
    _, written = b.desk.warnings.track(day(3))
    (row,) = [r for r in written if r["indicator"] == "EMP-01"]
    assert row["need_id"] == need["id"] and row["raised_date"] == day(0).isoformat()
    assert "employment_status" in row["cleared_by"]
    b.run()
    a.run()
    # A sees the same facts and the same close-out: it writes none of its own
    _, again = a.desk.warnings.track(day(3))
    assert not [r for r in again if r["indicator"] == "EMP-01"]
    assert closeouts(a) == closeouts(b) and len(closeouts(a)) == len(written)
    # the job B recorded is in A's employment history too (employment events sync)
    (job,) = a.desk.employment.timeline(person_id=worker["id"])
    assert (job["from_status"], job["to_status"], job["source"]) == (
        "unemployed_willing",
        "local_job",
        "edit",
    )
    assert a.run().pushed == 0
    for engine in (a, b):
        sheet = monthly(engine.desk.conn, day(3).strftime("%Y-%m"), today=day(3))["预警处置"]
        emp = sheet[sheet["编码"] == "EMP-01"].iloc[0]
        assert (int(emp["本月发现"]), int(emp["本月销号"]), int(emp["仍未销号"])) == (1, 1, 0)
        assert emp["销号用时中位数（天）"] == 3.0


def test_two_devices_closing_out_offline_on_one_day_agree(county: County) -> None:
    a, b = county.device(), county.device()
    hh = household(a.desk)
    worker = person(a.desk, hh, employment_status="unemployed_willing")
    a.run()
    b.run()
    a.desk.warnings.track(day(0))
    b.desk.warnings.track(day(0))
    a.desk.people.update(worker["id"], employment_status="local_job")
    a.run()
    b.run()
    # both close it out before hearing of the other's close-out
    (x,) = [r for r in a.desk.warnings.track(day(2))[1] if r["indicator"] == "EMP-01"]
    (y,) = [r for r in b.desk.warnings.track(day(2))[1] if r["indicator"] == "EMP-01"]
    assert x["id"] == y["id"]
    for _ in range(2):
        a.run()
        b.run()
    assert closeouts(a) == closeouts(b)
    assert [r[1] for r in closeouts(a)].count("EMP-01") == 1
