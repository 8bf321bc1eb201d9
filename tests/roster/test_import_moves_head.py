"""A roster read again that moves a household's head into another household: the same rule
as the app's (relocdesk.household_head). Before, the import moved the head and left the old
household naming a person no longer in it (its card printed them as head).

- the roster names the old household's new head (户主): imported, that person heads it;
- the head was its last member: imported, the household names no head;
- the whole family moved together: imported, whichever row comes first;
- others remain and the roster names no new head: refused in either mode, saying whose and
  which household, with nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from tests.roster._roster import HEADERS, as_rows, person, snapshot, write_csv

FAMILY = [  # household 1: a head and his wife; household 2: a widow alone; household 3
    person(10, relation="户主", household=1),
    person(11, relation="配偶", household=1),
    person(20, relation="户主", household=2),
    person(30, relation="户主", household=3),
]


def _import(desk: Desk, tmp_path: Path, people: list[dict[str, str]], **how: Any) -> Any:
    path = write_csv(
        tmp_path / f"roster{len(list(tmp_path.iterdir()))}.csv", HEADERS, as_rows(people)
    )
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers), duplicates="update")
    assert plan.error_count == 0, plan.to_json(3)
    return apply_import(desk, plan, **how)


def _moved(who: dict[str, str], household: int, relation: str) -> dict[str, str]:
    """The same person (same ID number), written under another household."""
    again = person(household * 10, relation=relation, household=household)
    return {
        **who,
        "户号": again["户号"],
        "楼栋": again["楼栋"],
        "单元": again["单元"],
        "房号": again["房号"],
        "与户主关系": relation,
    }


def _number(n: int) -> str:
    return person(n * 10, household=n)["户号"]


def _head(desk: Desk, n: int) -> str | None:
    row = desk.conn.execute(
        "SELECT p.id_number FROM household h LEFT JOIN person p ON p.id = h.head_person_id"
        " WHERE h.household_no = ?",
        (_number(n),),
    ).fetchone()
    return row[0] if row else None


def _lives_in(desk: Desk, who: dict[str, str]) -> str:
    return desk.conn.execute(
        "SELECT h.household_no FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.id_number = ?",
        (who["身份证号码"],),
    ).fetchone()[0]


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_only"])
def test_a_head_moved_while_others_remain_is_refused_and_nothing_written(
    desk: Desk, tmp_path: Path, mode: str
) -> None:
    assert _import(desk, tmp_path, FAMILY).applied
    before = snapshot(desk)
    head, wife = FAMILY[0], FAMILY[1]
    result = _import(desk, tmp_path, [_moved(head, 3, "配偶")], mode=mode)
    assert not result.applied and result.code == "head_leaves"
    assert head["姓名"] in result.message_zh and _number(1) in result.message_zh
    assert _number(1) in result.message_en and "new head" in result.message_en
    assert snapshot(desk) == before
    assert _head(desk, 1) == head["身份证号码"] and _lives_in(desk, wife) == _number(1)


def test_the_roster_that_names_the_new_head_moves_the_old_one(desk: Desk, tmp_path: Path) -> None:
    assert _import(desk, tmp_path, FAMILY).applied
    head, wife = FAMILY[0], FAMILY[1]
    result = _import(desk, tmp_path, [{**wife, "与户主关系": "户主"}, _moved(head, 3, "配偶")])
    assert result.applied, result.message_en
    assert _head(desk, 1) == wife["身份证号码"] and _lives_in(desk, head) == _number(3)


def test_the_last_member_moved_out_leaves_the_household_with_no_head(
    desk: Desk, tmp_path: Path
) -> None:
    assert _import(desk, tmp_path, FAMILY).applied
    widow = FAMILY[2]
    result = _import(desk, tmp_path, [_moved(widow, 3, "母亲")])
    assert result.applied, result.message_en
    assert _lives_in(desk, widow) == _number(3)
    assert _head(desk, 2) is None


@pytest.mark.parametrize("head_first", [True, False])
def test_a_whole_family_moved_together_is_imported_whatever_the_order_of_its_rows(
    desk: Desk, tmp_path: Path, head_first: bool
) -> None:
    """A household renumbered, or a family joining another: every member leaves together. The
    head is the last to leave once the others have, whichever row the roster puts first."""
    assert _import(desk, tmp_path, FAMILY).applied
    head, wife = FAMILY[0], FAMILY[1]
    rows = [_moved(head, 4, "户主"), _moved(wife, 4, "配偶")]
    result = _import(desk, tmp_path, rows if head_first else rows[::-1])
    assert result.applied, result.message_en
    assert _lives_in(desk, head) == _lives_in(desk, wife) == _number(4)
    assert _head(desk, 4) == head["身份证号码"] and _head(desk, 1) is None
