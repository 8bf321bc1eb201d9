"""On a seeded demo community, warning counts equal a count worked out by hand in Python
from plain SELECT * rows (no shared SQL with the evaluators)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.enums import EMPLOYED
from relocdesk.monitoring import evaluate

TODAY = datetime.date(2026, 5, 15)


def _age(birth: str | None) -> int | None:
    if not birth:
        return None
    b = datetime.date.fromisoformat(birth)
    return TODAY.year - b.year - ((TODAY.month, TODAY.day) < (b.month, b.day))


def _days(date: str) -> int:
    return (TODAY - datetime.date.fromisoformat(date)).days


Row = dict[str, Any]


def hand_count(desk: Desk) -> Counter[str]:
    def rows(table: str) -> list[Row]:
        return [dict(r) for r in desk.conn.execute(f"SELECT * FROM {table}") if not r["deleted"]]

    homes = {h["id"]: h for h in rows("household") if h["status"] == "active"}
    people = [p for p in rows("person") if p["household_id"] in homes]
    pid = {p["id"]: p for p in people}
    members: dict[str, list[Row]] = defaultdict(list)
    for p in people:
        members[p["household_id"]].append(p)
    referrals = [r for r in rows("referral") if r["person_id"] in pid]
    trained = _trained(rows("training"), referrals)
    needs = [n for n in rows("need") if n["household_id"] in homes]
    last_visit: dict[str, str] = {}
    for v in rows("visit"):
        if v["date"] <= TODAY.isoformat():
            last_visit[v["household_id"]] = max(v["date"], last_visit.get(v["household_id"], ""))
    c: Counter[str] = Counter()
    for hid, h in homes.items():
        _count_household(c, h, members[hid], last_visit.get(hid))
    recent, declined = _count_referrals(c, referrals)
    for p in people:
        _count_person(c, p, recent, declined, trained)
    for n in needs:
        _count_need(c, n)
    return +c


def _count_household(c: Counter[str], h: Row, ms: list[Row], last_visit: str | None) -> None:
    def not_visited(days: int) -> bool:
        return last_visit is None or _days(last_visit) >= days

    if not h["building_id"] or not h["room"]:
        c["HOU-01"] += 1
    if not h["move_in_date"]:
        c["HOU-02"] += 1
    if ms and not any(p["ins_residence"] for p in ms):
        c["HOU-04"] += 1
    labour = [
        p
        for p in ms
        if p["labour_capacity"] in ("full", "weak")
        and p["employment_status"] != "in_school"
        and _age(p["birth_date"]) is not None
        and 16 <= (_age(p["birth_date"]) or 0) <= 64
    ]
    if labour and not any(p["employment_status"] in EMPLOYED for p in ms):
        c["EMP-01"] += 1
    _count_income(c, h, ms)
    if h["dibao"] == "rural" and h["registration_status"] == "transferred":
        c["SOC-03"] += 1
    if h["income_year"] is None or h["income_year"] < TODAY.year - 1:
        c["INC-04"] += 1
    if h["registration_status"] == "pending":
        c["INT-01"] += 1
    special = any(
        p["serious_illness"]
        or p["severe_disability"]
        or p["elderly_alone"]
        or p["left_behind_child"]
        for p in ms
    )
    if special and not_visited(14):
        c["INT-03"] += 1
    c["INT-09"] += any(p["child_in_difficulty"] for p in ms) and not_visited(30)
    c["INT-10"] += any(p["elderly_in_difficulty"] for p in ms) and not_visited(30)
    c["HOU-05"] += h["housing_safety"] == "unsafe"
    c["HOU-06"] += h["water_safety"] == "unsafe"
    c["HOU-07"] += bool(h["guarantees_checked"]) and _days(h["guarantees_checked"]) >= 365
    if not_visited(60):
        c["INT-04"] += 1


def _count_income(c: Counter[str], h: Row, ms: list[Row]) -> None:
    total = h["income_wages"] + h["income_business"] + h["income_transfers"]
    total += h["income_property"]
    if h["income_year"] is not None and ms:
        per = total / len(ms)
        if per < 5000 and h["dibao"] == "none" and not h["extreme_poverty"]:
            c["SOC-02"] += 1
        if per < 7000:
            c["INC-01"] += 1
        if 7000 <= per < 8400:
            c["INC-03"] += 1
        last = h["income_last_year"] or 0
        if h["monitored"] and last > 0 and total < 0.7 * last:
            c["INC-02"] += 1


def _count_referrals(c: Counter[str], referrals: list[Row]) -> tuple[Counter[str], Counter[str]]:
    """EMP-03 counted; per person, the referrals of the last 90 days and those declined."""
    recent: Counter[str] = Counter()
    declined: Counter[str] = Counter()
    for r in referrals:
        if 0 <= _days(r["date"]) < 90:
            recent[r["person_id"]] += 1
        if r["outcome"] == "pending" and _days(r["date"]) >= 30:
            c["EMP-03"] += 1
        date = r["outcome_date"]
        if r["outcome"] == "declined" and date and 0 <= _days(date) < 90:
            declined[r["person_id"]] += 1
    return recent, declined


def _trained(trainings: list[Row], referrals: list[Row]) -> set[str]:
    """EMP-04: a training completed (or, from before results, ended) in the last 1,095 days,
    or a training referral taken up in them."""
    done = {
        t["person_id"]
        for t in trainings
        if (t["result"] or "completed") == "completed"
        and t["end_date"]
        and 0 <= _days(t["end_date"]) < 1095
    }
    taken = {
        r["person_id"]
        for r in referrals
        if r["kind"] == "training"
        and r["outcome"] == "hired"
        and r["outcome_date"]
        and 0 <= _days(r["outcome_date"]) < 1095
    }
    return done | taken


def _count_person(
    c: Counter[str], p: Row, recent: Counter[str], declined: Counter[str], trained: set[str]
) -> None:
    age = _age(p["birth_date"])
    status = p["employment_status"]
    if status == "unemployed_willing":
        c["EMP-02"] += recent[p["id"]] < 3
        c["EMP-04"] += p["id"] not in trained
    if status not in EMPLOYED and declined[p["id"]] >= 2:
        c["EMP-05"] += 1
    if status == "outside_county" and not p["ins_employment"]:
        c["EMP-06"] += 1
    if age is not None and 6 <= age <= 15 and p["school_status"] != "enrolled":
        c["SCH-01"] += 1
    if (
        age is not None
        and 16 <= age <= 17
        and p["school_status"] != "enrolled"
        and status not in EMPLOYED
    ):
        c["SCH-02"] += 1
    c["MED-01"] += not p["ins_medical"]
    c["MED-02"] += bool(p["serious_illness"]) and not p["ins_critical"]
    c["MED-03"] += bool(p["severe_disability"]) and not p["disability_grade"]
    c["SOC-01"] += age is not None and age >= 60 and not p["ins_pension"]
    c["INT-02"] += p["permit_status"] in ("to_apply", "printed")
    c["EMP-08"] += status in EMPLOYED and status != "outside_county" and not p["ins_employment"]
    c["SCH-04"] += age is not None and 3 <= age <= 5 and p["school_status"] != "enrolled"
    expiring = (TODAY + datetime.timedelta(days=30)).isoformat()
    c["INT-08"] += p["permit_status"] == "issued" and (p["permit_expiry"] or "9") <= expiring


def _count_need(c: Counter[str], n: Row) -> None:
    is_open = n["status"] in ("open", "in_progress")
    for code, category, days in (
        ("HOU-03", "housing", 30),
        ("SCH-03", "schooling", 14),
        ("MED-04", "medical", 14),
        ("INT-07", "dispute", 15),
    ):
        if is_open and n["category"] == category and _days(n["raised_date"]) >= days:
            c[code] += 1
    if is_open and n["due_date"] and n["due_date"] < TODAY.isoformat():
        c["INT-05"] += 1
    if n["status"] == "resolved" and n["closed_date"] and _days(n["closed_date"]) >= 14:
        c["INT-06"] += 1


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    desk = Desk(tmp_path_factory.mktemp("demo") / "community.db")
    demo.build(desk, 400, seed=11, today=TODAY)
    yield desk
    desk.close()


def test_warning_counts_match_a_hand_count(demo_desk: Desk) -> None:
    got = Counter(w.indicator for w in evaluate(demo_desk, TODAY))
    expected = hand_count(demo_desk)
    assert got == expected
    # the demo is rich enough that most indicators are exercised, red ones included
    assert len(expected) >= 22 and expected["EMP-01"] > 0 and expected["INT-03"] > 0
    assert all(expected[k] > 0 for k in ("HOU-05", "HOU-06", "HOU-07", "INT-09", "INT-10"))


def test_every_warning_points_at_its_household(demo_desk: Desk) -> None:
    for w in evaluate(demo_desk, TODAY):
        assert w.household_id and w.household_no and w.building_no
        assert w.responsible
