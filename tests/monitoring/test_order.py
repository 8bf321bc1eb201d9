"""The order warnings are listed in within an indicator, worked out in Python from plain
SELECT * rows: `warnings --json` is to print the same bytes however the evaluators get their
rows (a copy of people instead of lookups in the person table, one query per indicator
instead of a shared scan).

People are listed as the evaluation copies them: households by building, unit and the
order they were added in, each household's members in the order they were added in. The
households of INT-09 and INT-10 (a special group not visited) are listed by id.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
from relocdesk.monitoring.catalogue import load
from relocdesk.monitoring.evaluators import EVALUATORS

# late enough that employment set when the demo was made is no longer verified (EMP-07)
ON = datetime.date.today() + datetime.timedelta(days=400)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with Desk(tmp_path_factory.mktemp("order") / "community.db") as desk:
        demo.build(desk, 300, seed=23)
        conn = desk.conn
        # permits issued and expiring (INT-08), groups of INT-09, people without a grade
        # (MED-03), spread over the community by row
        ahead = (ON + datetime.timedelta(days=-20)).isoformat()
        conn.execute(
            "UPDATE person SET permit_status = 'issued',"
            " permit_expiry = date(?, '+' || (rowid % 60) || ' days') WHERE rowid % 7 = 0",
            (ahead,),
        )
        conn.execute("UPDATE person SET child_in_difficulty = 1 WHERE rowid % 37 = 0")
        # referrals declined lately (EMP-05)
        conn.execute(
            "UPDATE referral SET outcome = 'declined', outcome_date = ? WHERE rowid % 2 = 0",
            ((ON - datetime.timedelta(days=10)).isoformat(),),
        )
        conn.execute(
            "UPDATE person SET severe_disability = 1, disability_grade = NULL WHERE rowid % 53 = 0"
        )
        conn.commit()
        yield desk


def _copy_order(desk: Desk) -> list[str]:
    """Live people of live households in the order the evaluation copies them."""
    rows = desk.conn.execute(
        "SELECT p.id, h.building_id, h.unit, h.rowid AS h_row, p.rowid AS p_row"
        " FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted = 0 AND h.deleted = 0 AND h.status = 'active'"
    ).fetchall()

    def key(r: Any) -> tuple[Any, ...]:
        # NULLs first, as SQLite orders them
        b, u = r["building_id"], r["unit"]
        return (b is not None, b or "", u is not None, u or 0, r["h_row"], r["p_row"])

    return [r["id"] for r in sorted(rows, key=key)]


def _copied_people() -> list[str]:
    """The person indicators that read monitoring's copy of people."""
    return [
        ind.code
        for ind in load().indicators
        if ind.subject == "person" and "FROM monitoring_person p" in EVALUATORS[ind.evaluator].sql
    ]


def test_people_are_warned_of_in_the_order_they_are_copied(desk: Desk) -> None:
    position = {pid: n for n, pid in enumerate(_copy_order(desk))}
    warnings = evaluate(desk, ON)
    codes = _copied_people()
    assert {"INT-08", "EMP-07", "MED-03", "MED-01", "EMP-08"} <= set(codes)
    for code in codes:
        mine = [position[w.subject_id] for w in warnings if w.indicator == code]
        assert mine == sorted(mine), code
        if code in ("INT-08", "EMP-07", "MED-03"):
            assert len(mine) > 3, code


def test_special_groups_not_visited_are_listed_by_household_id(desk: Desk) -> None:
    warnings = evaluate(desk, ON)
    for code in ("INT-09", "INT-10"):
        ids = [w.subject_id for w in warnings if w.indicator == code]
        assert ids == sorted(ids) and len(ids) > 3, code


def test_needs_are_listed_by_status_due_date_and_the_order_they_were_added(desk: Desk) -> None:
    """As the needs' status index gives them (in progress before open, then by due date):
    the order the need indicators listed them in when each looked needs up itself."""
    rows = desk.conn.execute("SELECT id, status, due_date, rowid AS n FROM need").fetchall()
    # NULLs first, as SQLite orders them
    place = {
        r["id"]: (r["status"], r["due_date"] is not None, r["due_date"] or "", r["n"]) for r in rows
    }
    warnings = evaluate(desk, ON)
    mixed = 0
    for code in ("HOU-03", "SCH-03", "MED-04", "INT-05", "INT-06", "INT-07"):
        keys = [place[w.subject_id] for w in warnings if w.indicator == code]
        assert keys == sorted(keys), code
        mixed += len({k[0] for k in keys}) > 1 and len({k[2] for k in keys}) > 1
    assert mixed >= 1  # statuses and due dates to order by


def test_people_with_declined_referrals_are_listed_by_id(desk: Desk) -> None:
    """EMP-05 lists people in the order of its count of declined referrals per person_id."""
    ids = [w.subject_id for w in evaluate(desk, ON) if w.indicator == "EMP-05"]
    assert ids == sorted(ids) and len(ids) > 3
