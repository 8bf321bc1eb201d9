"""A household added by hand through the façade: the household, its building when new and
its head in one transaction; every wrong field named in both languages, nothing half-written."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from relocdesk.desk import Desk
from relocdesk.validation import ValidationErrors
from tests.roster._roster import id_number


def _counts(desk: Desk) -> tuple[int, ...]:
    return tuple(
        desk.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("building", "household", "person", "outbox")
    )


def test_a_household_and_its_head_in_a_fresh_community(
    desk_factory: Callable[..., Desk],
) -> None:
    desk = desk_factory("新社区")
    assert desk.households.count() == 0
    head_id = id_number(datetime.date(1975, 4, 9), 33)  # odd sequence: a man
    home = desk.add_household(
        household_no="XS-001", name="王大山", id_number=head_id, building="A区5", unit=1,
        room="302", phone="13800001111",
    )  # fmt: skip
    [building] = desk.buildings.find()
    assert building["number"] == "A区5" and home["building_id"] == building["id"]
    assert (home["unit"], home["room"], home["phone"]) == (1, "302", "13800001111")
    [head] = desk.households.members(home["id"])
    assert home["head_person_id"] == head["id"] and head["relation"] == "head"
    assert (head["gender"], head["birth_date"]) == ("male", "1975-04-09")  # from the number
    assert [h.title for h in desk.search("王大山")] == ["王大山"]
    # a second household in the same building reuses it
    desk.add_household(household_no="XS-002", name="李秀英", building="A区5", unit=2, room="101")
    assert len(desk.buildings.find()) == 1 and desk.households.count() == 2
    ops = {r[0] for r in desk.conn.execute("SELECT tbl FROM outbox")}
    assert {"building", "household", "person"} <= ops  # it syncs like any edit


@pytest.mark.parametrize(
    ("typed", "fields"),
    [
        ({"household_no": "", "name": "王大山"}, {"household_no"}),
        ({"household_no": "XS-001", "name": "王大山"}, {"household_no"}),  # taken
        ({"household_no": "XS-009", "name": "3"}, {"name"}),
        ({"household_no": "XS-9", "name": "王大山", "id_number": "522731197504"}, {"id_number"}),
        ({"household_no": "XS-9", "name": "王大山", "unit": 99, "phone": "12"}, {"unit", "phone"}),
    ],
)  # fmt: skip
def test_every_wrong_field_is_named_and_nothing_is_written(
    desk: Desk, typed: dict[str, object], fields: set[str]
) -> None:
    desk.add_household(household_no="XS-001", name="张伟")
    before = _counts(desk)
    with pytest.raises(ValidationErrors) as caught:
        desk.add_household(**typed)
    assert {e.field for e in caught.value.errors} == fields
    assert all(e.message_zh and e.message_en for e in caught.value.errors)
    assert _counts(desk) == before


def test_an_id_number_already_registered_is_refused(desk: Desk) -> None:
    taken = id_number(datetime.date(1980, 1, 2), 41)
    desk.add_household(household_no="XS-001", name="张伟", id_number=taken)
    before = _counts(desk)
    with pytest.raises(ValidationErrors) as caught:
        desk.add_household(household_no="XS-002", name="张伟", id_number=taken)
    assert [e.code for e in caught.value.errors] == ["exists"]
    assert _counts(desk) == before
