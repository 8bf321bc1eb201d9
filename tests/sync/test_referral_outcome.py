"""A hire recorded on one device reaches the other whole: the outcome event, the referral's
latest outcome, the person's new job and the employment event it writes arrive together,
through the county server."""

from __future__ import annotations

from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot, snapshot


def test_a_hire_and_the_persons_job_sync_together(county: County) -> None:
    a, b = county.device(), county.device()
    hh = add_household(a.desk)
    person = a.desk.people.create(
        household_id=hh["id"], name="罗开芬", relation="head", birth_date="1990-07-11",
        labour_capacity="full", employment_status="unemployed_willing",
    )  # fmt: skip
    referral = a.desk.referrals.create(
        person_id=person["id"], employer="惠水县城市保洁公司", kind="public_welfare",
        position="保洁员",
    )  # fmt: skip
    a.run()
    b.run()
    a.desk.referrals.record_outcome(referral["id"], "hired")
    # The outcome event, the referral, the person and the person's employment event.
    assert a.desk.unsent_count() == 4
    report = a.run()
    assert report.pushed == 4 and a.desk.unsent_count() == 0
    b.run()
    got = b.desk.people.get(person["id"])
    assert got is not None
    assert (got["employment_status"], got["employer"], got["job"]) == (
        "public_welfare",
        "惠水县城市保洁公司",
        "保洁员",
    )
    assert b.desk.referrals.get(referral["id"])["outcome"] == "hired"  # type: ignore[index]
    assert [e["outcome"] for e in b.desk.referrals.events(referral["id"])] == ["hired"]
    timeline = b.desk.employment.timeline(person_id=person["id"])
    assert [e["person_name"] for e in timeline] == ["罗开芬"]
    assert snapshot(a.desk) == snapshot(b.desk)
    srv = server_snapshot(county.storage, county.community_id)
    assert srv[("person", person["id"])]["data"]["employment_status"] == "public_welfare"
