"""An outcome changes the person: a hire gives the referred person the job, a declined or
not-hired referral leaves them as they are, a job that ends (a hire turned into another
outcome, or an edit of the person) puts them back on the referrals list. The event, the
referral and the person are written in one transaction, with an outbox op for each."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.validation import ValidationError, ValidationErrors
from tests.conftest import add_household


def worker(desk: Desk) -> dict[str, Any]:
    hh = add_household(desk)
    return desk.people.create(
        household_id=hh["id"],
        name="杨秀英",
        relation="head",
        birth_date="1988-03-02",
        gender="female",
        labour_capacity="full",
        employment_status="unemployed_willing",
    )


def refer(desk: Desk, person: dict[str, Any], **more: Any) -> dict[str, Any]:
    values = {"employer": "黔南鞋业帮扶车间", "kind": "workshop", "position": "缝纫工"}
    return desk.referrals.create(person_id=person["id"], **{**values, **more})


def on_board(desk: Desk, person: dict[str, Any]) -> bool:
    return person["id"] in {u["person_id"] for u in desk.unemployed_board(datetime.date.today())}


def ops(desk: Desk) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (r["tbl"], r["row_id"], json.loads(r["fields"]))
        for r in desk.conn.execute("SELECT tbl, row_id, fields FROM outbox ORDER BY seq")
    ]


def test_a_hire_gives_the_person_the_job_in_one_transaction(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person, wage_offered=2800)
    assert on_board(desk, person)
    proposed = desk.referrals.person_change(referral["id"], "hired")
    assert proposed == {
        "employment_status": "local_job",
        "employer": "黔南鞋业帮扶车间",
        "job": "缝纫工",
        "work_place": "local",
        "monthly_wage": 2800,
    }
    before = len(ops(desk))
    desk.referrals.record_outcome(referral["id"], "hired", note="下周一上岗")
    now = desk.people.get(person["id"])
    assert now is not None
    assert (now["employment_status"], now["employer"], now["job"]) == (
        "local_job",
        "黔南鞋业帮扶车间",
        "缝纫工",
    )
    assert not on_board(desk, person)
    written = ops(desk)[before:]
    # the job also goes into the person's employment history, in the same transaction
    tables = ["referral_event", "referral", "person", "employment_event"]
    assert [t for t, _, _ in written] == tables
    assert written[2][1] == person["id"]
    assert {"employment_status", "employer", "job"} <= set(written[2][2])
    assert [e["outcome"] for e in desk.referrals.events(referral["id"])] == ["hired"]


def test_the_user_changes_the_proposal(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person, kind="labour_export", employer="宁波某电子厂")
    assert desk.referrals.person_change(referral["id"], "hired")["employment_status"] == (
        "outside_county"
    )
    desk.referrals.record_outcome(
        referral["id"], "hired", person={"employment_status": "flexible", "job": "临时装卸"}
    )
    now = desk.people.get(person["id"])
    assert now is not None
    assert (now["employment_status"], now["employer"], now["job"]) == ("flexible", None, "临时装卸")


def test_declined_closes_the_referral_and_leaves_the_person(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person)
    for outcome in ("declined", "not_hired"):
        assert desk.referrals.person_change(referral["id"], outcome) == {}
    before = len(ops(desk))
    row = desk.referrals.record_outcome(referral["id"], "declined", note="离家太远")
    assert row["outcome"] == "declined"
    assert [t for t, _, _ in ops(desk)[before:]] == ["referral_event", "referral"]
    assert desk.people.get(person["id"])["employment_status"] == "unemployed_willing"  # type: ignore[index]
    board = desk.unemployed_board(datetime.date.today())
    (waiting,) = [u for u in board if u["person_id"] == person["id"]]
    assert waiting["pending"] == 0 and waiting["recent"] == 1


def test_a_job_that_ends_puts_the_person_back_on_the_list(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person)
    desk.referrals.record_outcome(referral["id"], "hired")
    assert not on_board(desk, person)
    assert desk.referrals.person_change(referral["id"], "not_hired") == {
        "employment_status": "unemployed_willing",
        "employer": "",
        "job": "",
    }
    desk.referrals.record_outcome(referral["id"], "not_hired", note="试用期未通过")
    assert desk.people.get(person["id"])["employment_status"] == "unemployed_willing"  # type: ignore[index]
    assert on_board(desk, person)
    events = [e["outcome"] for e in desk.referrals.events(referral["id"])]
    assert events == ["hired", "not_hired"]  # append-only: the hire stays in the history


def test_an_employment_edit_that_ends_the_job_puts_them_back(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person)
    desk.referrals.record_outcome(referral["id"], "hired")
    desk.people.update(person["id"], employment_status="unemployed_willing", employer="")
    assert on_board(desk, person)


def test_a_job_elsewhere_is_not_ended_by_an_old_referral(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person)
    desk.referrals.record_outcome(referral["id"], "hired")
    desk.people.update(person["id"], employer="另一家工厂", employment_status="flexible")
    assert desk.referrals.person_change(referral["id"], "declined") == {}


def test_a_refused_person_change_writes_nothing(desk: Desk) -> None:
    person = worker(desk)
    referral = refer(desk, person)
    before = len(ops(desk))
    with pytest.raises((ValidationError, ValidationErrors)) as info:
        desk.referrals.record_outcome(
            referral["id"], "hired", person={"employment_status": "retired"}
        )
    assert "employment_status" in str(info.value)
    assert len(ops(desk)) == before
    assert desk.referrals.get(referral["id"])["outcome"] == "pending"  # type: ignore[index]
    assert desk.referrals.events(referral["id"]) == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["local_firm", "workshop", "public_welfare", "labour_export", "training"]),
    outcomes=st.lists(st.sampled_from(["pending", "hired", "not_hired", "declined"]), max_size=6),
)
def test_any_run_of_outcomes_leaves_one_consistent_status(
    desk_factory: Any, kind: str, outcomes: list[str]
) -> None:
    """Whatever outcomes a referral goes through, in whatever order (a building head's
    corrections included), the person works at its employer exactly when the latest is a
    hire, and is on the referrals list exactly when not; the history keeps every event."""
    desk = desk_factory()
    person = worker(desk)
    referral = refer(desk, person, kind=kind)
    for outcome in outcomes:
        desk.referrals.record_outcome(referral["id"], outcome)
    now = desk.people.get(person["id"])
    assert now is not None
    hired = bool(outcomes) and outcomes[-1] == "hired"
    assert (now["employment_status"] != "unemployed_willing") is hired
    assert (now["employer"] == referral["employer"]) is hired
    assert on_board(desk, person) is not hired
    assert [e["outcome"] for e in desk.referrals.events(referral["id"])] == outcomes
