"""The audit trail against the audit rows filtered and ordered by hand."""

from __future__ import annotations

import datetime
import random
from typing import Any

from relocdesk.desk import Desk
from tests.queries.demo_community import by_id, demo_db, own_demo, table

__all__ = ["demo_db", "own_demo"]

ACTORS = ["刘书记", "王网格员", "", "张办事员"]
ACTIONS = ["view", "reveal", "print", "export"]


def _fill(desk: Desk) -> None:
    """Entries over two weeks by four people, about people, households and neither."""
    rng = random.Random(5)
    people = [r["id"] for r in table(desk.conn, "person")][:40]
    households = [r["id"] for r in table(desk.conn, "household")][:40]
    start = datetime.datetime(2026, 5, 1, 8, 0)
    for n in range(300):
        subject: tuple[str | None, str | None] = rng.choice(
            [("person", rng.choice(people)), ("household", rng.choice(households)), (None, None)]
        )
        desk.audit.create(
            action=rng.choice(ACTIONS),
            actor=rng.choice(ACTORS),
            subject_table=subject[0],
            subject_id=subject[1],
            at=(start + datetime.timedelta(minutes=67 * n)).isoformat(timespec="seconds"),
        )


def _by_hand(desk: Desk, **want: Any) -> list[tuple[str, str | None]]:
    people, homes = by_id(table(desk.conn, "person")), by_id(table(desk.conn, "household"))
    rows = [r for r in table(desk.conn, "audit") if not r["deleted"]]
    since, until = want.pop("since", None), want.pop("until", None)
    if since:
        rows = [r for r in rows if datetime.date.fromisoformat(r["at"][:10]) >= since]
    if until:
        rows = [r for r in rows if datetime.date.fromisoformat(r["at"][:10]) <= until]
    rows = [r for r in rows if all(r[k] == v for k, v in want.items())]
    rows.sort(key=lambda r: (r["at"], r["id"]), reverse=True)

    def named(r: dict[str, Any]) -> str | None:
        if r["subject_table"] == "person":
            return str(people[r["subject_id"]]["name"])
        if r["subject_table"] == "household":
            return str(homes[r["subject_id"]]["household_no"])
        return None

    return [(r["id"], named(r)) for r in rows]


def test_the_trail_equals_the_rows_filtered_by_hand(own_demo: Desk) -> None:
    _fill(own_demo)
    cases: list[dict[str, Any]] = [
        {},
        {"since": datetime.date(2026, 5, 5), "until": datetime.date(2026, 5, 9)},
        {"until": datetime.date(2026, 5, 3)},
        {"actor": "刘书记"},
        {"action": "print", "since": datetime.date(2026, 5, 10)},
    ]
    for case in cases:
        got = own_demo.audit_trail(**case, limit=10_000)
        assert [(e.id, e.subject) for e in got] == _by_hand(own_demo, **case), case
    some = own_demo.audit_trail(limit=10_000)
    person = next(e for e in some if e.subject_table == "person")
    mine = own_demo.audit_trail(subject_id=person.subject_id, limit=10_000)
    assert mine and {e.subject_id for e in mine} == {person.subject_id}
    assert len(own_demo.audit_trail(limit=7)) == 7


def test_a_subject_is_named_never_by_id_number(own_demo: Desk) -> None:
    _fill(own_demo)
    numbers = {r["id_number"] for r in table(own_demo.conn, "person") if r["id_number"]}
    trail = own_demo.audit_trail(limit=10_000)
    assert any(e.subject for e in trail)
    assert not [e for e in trail if e.subject in numbers]
