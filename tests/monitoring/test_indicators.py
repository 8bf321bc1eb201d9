"""Each indicator fires on a household built to breach it and stays silent just inside it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate, load
from tests.conftest import add_household

TODAY = datetime.date(2026, 5, 15)


def ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def born(years: int, days_after: int = 0) -> str:
    """Birth date of someone turning ``years`` on TODAY, shifted later by ``days_after``."""
    birthday = TODAY.replace(year=TODAY.year - years)
    return (birthday + datetime.timedelta(days=days_after)).isoformat()


def person(desk: Desk, hh: dict[str, Any], **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "王小明",
        "birth_date": born(35),
        "ins_medical": 1,
        "ins_pension": 1,
        "ins_critical": 1,
    }
    values.update(fields)
    return desk.people.create(household_id=hh["id"], **values)


def household(desk: Desk, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"move_in_date": "2020-06-01", "registration_status": "transferred"}
    values.update(fields)
    return add_household(desk, **values)


def referral(desk: Desk, p: dict[str, Any], date: str, outcome: str = "") -> dict[str, Any]:
    r = desk.referrals.create(person_id=p["id"], date=date, employer="帮扶车间", kind="workshop")
    if outcome:
        r = desk.referrals.record_outcome(r["id"], outcome, date=date)
    return r


def need(desk: Desk, hh: dict[str, Any], category: str, raised: str, **kw: Any) -> dict[str, Any]:
    return desk.needs.create(
        household_id=hh["id"], category=category, description="诉求", raised_date=raised, **kw
    )


Build = Callable[[Desk, bool], str]


def _hou01(d: Desk, b: bool) -> str:
    return household(d, room=None if b else "501")["id"]


def _hou02(d: Desk, b: bool) -> str:
    return household(d, move_in_date=None if b else "2020-01-01")["id"]


def _need_days(category: str, days: int) -> Build:
    def build(d: Desk, b: bool) -> str:
        return need(d, household(d), category, ago(days if b else days - 1))["id"]

    return build


def _hou04(d: Desk, b: bool) -> str:
    hh = household(d)
    person(d, hh, ins_residence=0 if b else 1)
    return hh["id"]


def _emp01(d: Desk, b: bool) -> str:
    hh = household(d)
    # 64 is the last working age: one day younger than 65 breaches, 65 is outside it
    person(d, hh, birth_date=born(65, 1 if b else 0), employment_status="unemployed_willing")
    person(d, hh, birth_date=born(70), labour_capacity="none")
    return hh["id"]


def _emp02(d: Desk, b: bool) -> str:
    p = person(d, household(d), employment_status="unemployed_willing")
    for days in (1, 30, 89) if not b else (1, 30, 90):  # 90 days ago is outside the window
        referral(d, p, ago(days))
    return str(p["id"])


def _emp03(d: Desk, b: bool) -> str:
    p = person(d, household(d), employment_status="unemployed_willing")
    return str(referral(d, p, ago(30 if b else 29))["id"])


def _emp04(d: Desk, b: bool) -> str:
    # a training completed 1,095 days ago is outside the three-year window; 1,094 inside
    p = person(d, household(d), employment_status="unemployed_willing")
    end = ago(1095 if b else 1094)
    d.trainings.create(person_id=p["id"], course="电工", end_date=end, result="completed")
    return str(p["id"])


def _emp05(d: Desk, b: bool) -> str:
    p = person(d, household(d), employment_status="unemployed_willing")
    referral(d, p, ago(10), "declined")
    referral(d, p, ago(89 if b else 90), "declined")
    return str(p["id"])


def _emp06(d: Desk, b: bool) -> str:
    return str(
        person(d, household(d), employment_status="outside_county", ins_employment=0 if b else 1)[
            "id"
        ]
    )


def _sch01(d: Desk, b: bool) -> str:
    p = person(d, household(d), birth_date=born(16, 1 if b else 0), school_status="not_enrolled")
    return str(p["id"])


def _sch02(d: Desk, b: bool) -> str:
    p = person(d, household(d), birth_date=born(18, 1 if b else 0), school_status="not_enrolled")
    return str(p["id"])


def _flag(field: str, breach: Any, inside: Any, **extra: Any) -> Build:
    def build(d: Desk, b: bool) -> str:
        return str(person(d, household(d), **{field: breach if b else inside}, **extra)["id"])

    return build


def _med03(d: Desk, b: bool) -> str:
    return str(
        person(d, household(d), severe_disability=1, disability_grade=None if b else "1")["id"]
    )


def _soc01(d: Desk, b: bool) -> str:
    return str(person(d, household(d), birth_date=born(60, 0 if b else 1), ins_pension=0)["id"])


def _income(members: int, total: int, **fields: Any) -> Build:
    """Breach with ``total - 1`` yuan, stay inside with ``total``."""

    def build(d: Desk, b: bool) -> str:
        hh = household(d, income_year=2025, income_wages=total - (1 if b else 0), **fields)
        for _ in range(members):
            person(d, hh)
        return str(hh["id"])

    return build


def _inc02(d: Desk, b: bool) -> str:
    hh = household(
        d, monitored=1, income_year=2025, income_wages=6999 if b else 7000, income_last_year=10000
    )
    person(d, hh)
    return str(hh["id"])


def _inc03(d: Desk, b: bool) -> str:
    hh = household(d, income_year=2025, income_wages=8399 if b else 8400)
    person(d, hh)
    return str(hh["id"])


def _inc04(d: Desk, b: bool) -> str:
    return str(household(d, income_year=2024 if b else 2025)["id"])


def _soc03(d: Desk, b: bool) -> str:
    return str(household(d, dibao="rural" if b else "urban")["id"])


def _int01(d: Desk, b: bool) -> str:
    return str(household(d, registration_status="pending" if b else "residence_permit")["id"])


def _visited(days: int, **special: Any) -> Build:
    def build(d: Desk, b: bool) -> str:
        hh = household(d)
        person(d, hh, **special)
        d.visits.create(household_id=hh["id"], date=ago(days if b else days - 1), visitor="李书记")
        return str(hh["id"])

    return build


def _int05(d: Desk, b: bool) -> str:
    return str(need(d, household(d), "benefits", ago(20), due_date=ago(1 if b else 0))["id"])


def _int06(d: Desk, b: bool) -> str:
    n = need(d, household(d), "other", ago(40))
    d.needs.set_status(n["id"], "resolved", date=ago(14 if b else 13))
    return str(n["id"])


def _emp07(d: Desk, b: bool) -> str:
    p = person(d, household(d), employment_status="local_job", employer="帮扶车间")
    d.employment.verify(p["id"], date=ago(90 if b else 89))
    return str(p["id"])


def _sch04(d: Desk, b: bool) -> str:
    # turning 6 tomorrow is still 5: preschool age; turning 6 today is school age
    p = person(d, household(d), birth_date=born(6, 1 if b else 0), school_status="not_applicable")
    return str(p["id"])


def _int08(d: Desk, b: bool) -> str:
    expiry = (TODAY + datetime.timedelta(days=30 if b else 31)).isoformat()
    p = person(d, household(d), permit_status="issued", permit_expiry=expiry)
    return str(p["id"])


def _fac01(d: Desk, b: bool) -> str:
    status = "suspended" if b else "in_service"
    return str(d.facilities.create(name="社区幼儿园", kind="kindergarten", status=status)["id"])


def _fac02(d: Desk, b: bool) -> str:
    served = 101 if b else 100
    return str(d.facilities.create(name="卫生室", kind="clinic", capacity=100, served=served)["id"])


def _safety(field: str) -> Build:
    def build(d: Desk, b: bool) -> str:
        checked = ago(10)
        return str(
            household(d, guarantees_checked=checked, **{field: "unsafe" if b else "safe"})["id"]
        )

    return build


def _hou07(d: Desk, b: bool) -> str:
    return str(household(d, guarantees_checked=ago(365 if b else 364))["id"])


CASES: dict[str, Build] = {
    "HOU-05": _safety("housing_safety"),
    "HOU-06": _safety("water_safety"),
    "HOU-07": _hou07,
    "INT-09": _visited(30, child_in_difficulty=1, birth_date=born(9)),
    "INT-10": _visited(30, elderly_in_difficulty=1, birth_date=born(82)),
    "HOU-01": _hou01,
    "HOU-02": _hou02,
    "HOU-03": _need_days("housing", 30),
    "HOU-04": _hou04,
    "EMP-01": _emp01,
    "EMP-02": _emp02,
    "EMP-03": _emp03,
    "EMP-04": _emp04,
    "EMP-05": _emp05,
    "EMP-06": _emp06,
    "EMP-07": _emp07,
    "EMP-08": _flag("ins_employment", 0, 1, employment_status="local_job", employer="物业公司"),
    "SCH-04": _sch04,
    "INT-07": _need_days("dispute", 15),
    "INT-08": _int08,
    "FAC-01": _fac01,
    "FAC-02": _fac02,
    "SCH-01": _sch01,
    "SCH-02": _sch02,
    "SCH-03": _need_days("schooling", 14),
    "MED-01": _flag("ins_medical", 0, 1),
    "MED-02": _flag("ins_critical", 0, 1, serious_illness="尿毒症"),
    "MED-03": _med03,
    "MED-04": _need_days("medical", 14),
    "SOC-01": _soc01,
    "SOC-02": _income(2, 10000),
    "SOC-03": _soc03,
    "INC-01": _income(2, 14000, dibao="urban"),
    "INC-02": _inc02,
    "INC-03": _inc03,
    "INC-04": _inc04,
    "INT-01": _int01,
    "INT-02": _flag("permit_status", "to_apply", "applied"),
    "INT-03": _visited(14, elderly_alone=1),
    "INT-04": _visited(60),
    "INT-05": _int05,
    "INT-06": _int06,
}


def test_every_indicator_has_a_case() -> None:
    codes = {i.code for i in load().indicators}
    assert codes == set(CASES)
    assert len(codes) >= 36
    assert {i.area for i in load().indicators} == {
        "housing",
        "employment",
        "schooling",
        "medical",
        "social_security",
        "income",
        "integration",
        "facilities",
    }


@pytest.mark.parametrize("code", sorted(CASES))
def test_fires_on_breach_and_not_just_inside(desk: Desk, code: str) -> None:
    breach = CASES[code](desk, True)
    inside = CASES[code](desk, False)
    found = {w.subject_id: w for w in evaluate(desk, TODAY, codes={code})}
    assert breach in found, f"{code} did not fire on its breach"
    assert inside not in found, f"{code} fired just inside its threshold"
    w = found[breach]
    assert w.facts["zh"] and w.facts["en"] and "None" not in w.facts["zh"] + w.facts["en"]
    # a facility is the site's, not a household's
    assert (w.household_no or w.subject == "facility") and w.responsible


def test_zero_employment_explains_and_names_the_building_head(desk: Desk) -> None:
    head = desk.building_heads.create(name="张楼长")
    b = desk.buildings.create(number="7", building_head_id=head["id"])
    hh = household(desk, building="7")
    assert hh["building_id"] == b["id"]
    for _ in range(3):
        person(desk, hh, employment_status="unemployed_willing")
    (w,) = evaluate(desk, TODAY, codes={"EMP-01"})
    assert w.facts["en"] == "3 members with labour capacity, 0 employed"
    assert w.facts["zh"] == "3 名有劳动能力成员，0 人就业"
    assert w.responsible == "张楼长" and w.building_no == "7"
    assert w.to_dict()["values"] == {"labour_members": 3, "employed_members": 0}


def test_english_explanations_say_one_member_not_one_members(desk: Desk) -> None:
    hh = household(desk)
    person(desk, hh, employment_status="unemployed_willing")
    (w,) = evaluate(desk, TODAY, codes={"EMP-01"})
    assert w.facts["en"] == "1 member with labour capacity, 0 employed"
    p = person(desk, household(desk), employment_status="unemployed_willing")
    referral(desk, p, ago(5))
    (few,) = [w for w in evaluate(desk, TODAY, codes={"EMP-02"}) if w.subject_id == p["id"]]
    assert "1 referral in 90 days" in few.facts["en"]


@pytest.mark.parametrize(
    "group",
    [
        {"serious_illness": "尿毒症"},
        {"severe_disability": 1, "disability_grade": "1"},
        {"elderly_alone": 1},
        {"left_behind_child": 1},
    ],
)
def test_each_special_group_needs_a_visit_every_14_days(desk: Desk, group: dict[str, Any]) -> None:
    build = _visited(14, **group)
    breach, inside = build(desk, True), build(desk, False)
    found = {w.subject_id: w for w in evaluate(desk, TODAY, codes={"INT-03"})}
    assert breach in found and inside not in found
    assert "14" in found[breach].facts["zh"] and found[breach].facts["en"].startswith("has ")


def test_income_line_comes_from_the_setting(desk: Desk) -> None:
    hh = household(desk, income_year=2025, income_wages=15000)
    person(desk, hh)
    person(desk, hh)
    assert not evaluate(desk, TODAY, codes={"INC-01"})
    desk.set_setting("income_line", "8000")
    (w,) = evaluate(desk, TODAY, codes={"INC-01"})
    assert w.subject_id == hh["id"] and w.values["per_capita"] == 7500
    assert "8000" in w.facts["zh"]


def test_moved_out_and_deleted_households_are_not_monitored(desk: Desk) -> None:
    gone = household(desk, status="moved_out")
    person(desk, gone, ins_medical=0)
    deleted = household(desk)
    p = person(desk, deleted, ins_medical=0)
    desk.people.delete(p["id"])
    assert not evaluate(desk, TODAY, codes={"MED-01"})


def test_zero_employment_with_working_ages_set_apart_from_the_tables(desk: Desk) -> None:
    # EMP-01's ages overridden by a setting: the temporary tables counted labour by the
    # catalogue's 16-64, so the indicator groups the members itself, with the same result
    # as a catalogue that says 16-40 outright
    import json

    from relocdesk.monitoring.catalogue import default_path, parse

    data = json.loads(default_path().read_text(encoding="utf-8"))
    (emp01,) = [i for i in data["indicators"] if i["code"] == "EMP-01"]
    emp01["settings"] = {"max_age": "emp01_max_age"}
    by_setting = parse(data)
    emp01["params"]["max_age"] = 40
    outright = parse(data)
    hh = household(desk)
    person(desk, hh, birth_date=born(50), employment_status="unemployed_willing")
    person(desk, hh, birth_date=born(30), employment_status="unemployed_willing")
    older = household(desk)
    person(desk, older, birth_date=born(50), employment_status="unemployed_willing")
    desk.set_setting("emp01_max_age", "40")

    def found(cat: Any) -> list[tuple[str, dict[str, Any]]]:
        got = evaluate(desk, TODAY, catalogue=cat, codes={"EMP-01"})
        return [(w.subject_id, w.values) for w in got]

    assert (
        found(by_setting)
        == found(outright)
        == [(hh["id"], {"labour_members": 1, "employed_members": 0})]
    )
    desk.set_setting("emp01_max_age", None)
    assert sorted(s for s, _ in found(by_setting)) == sorted([hh["id"], older["id"]])


def test_the_last_visit_is_the_latest_live_one_on_or_before_the_day(desk: Desk) -> None:
    """Each household's last visit, worked out in one pass over the visits: a deleted visit
    and one dated after the day do not count."""
    hh = household(desk)
    person(desk, hh)
    desk.visits.create(household_id=hh["id"], date=ago(75), visitor="李书记")
    desk.visits.create(household_id=hh["id"], date=ago(70), visitor="李书记")
    gone = desk.visits.create(household_id=hh["id"], date=ago(10), visitor="李书记")
    # visits are append-only here: a deletion comes in by sync, as a tombstone
    desk.conn.execute("UPDATE visit SET deleted = 1 WHERE id = ?", (gone["id"],))
    desk.conn.commit()
    desk.visits.create(household_id=hh["id"], date=ago(-5), visitor="李书记")
    never = household(desk)
    person(desk, never)
    found = {w.subject_id: w.values for w in evaluate(desk, TODAY, codes={"INT-04"})}
    assert found[hh["id"]]["last_visit"] == ago(70)
    assert found[hh["id"]]["since_days"] == 70
    assert found[never["id"]]["last_visit"] is None
