"""Rosters that name each member's household by its head's ID number (户主身份证号码), with
no 户号 and no room: the households are made from it, numbered 自编-0001 … after the highest
given before, and a later roster's member naming a head already here joins that household.
The counts of the corpus file 11_户主身份证分户 are checked with the rest of the corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from ._roster import person, write_csv
from .corpus.make_corpus import BUILDERS, build

HEADERS = ["姓名", "与户主关系", "身份证号码", "户主身份证号码"]


def _import(desk: Desk, path: Path) -> None:
    raw = read_table(path)
    result = apply_import(
        desk, plan_import(desk, raw, suggest_mapping(raw.headers)), mode="valid_only"
    )
    assert result.applied, result


def test_households_from_the_heads_numbers(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    case = build(tmp_path)[[b.__name__ for b in BUILDERS].index("head_id_csv")]
    desk = desk_factory()
    _import(desk, case.path)
    rows = desk.conn.execute(
        "SELECT h.household_no, head.id_number, p.id_number FROM person p"
        " JOIN household h ON h.id = p.household_id"
        " JOIN person head ON head.id = h.head_person_id ORDER BY h.household_no"
    ).fetchall()
    numbers = sorted({r[0] for r in rows})
    assert numbers == [f"自编-{n:04d}" for n in range(1, case.expected.households + 1)]
    raw = read_table(case.path)
    said = {r[2]: r[4] for r in raw.rows}  # each row's own number -> its head's, as written
    assert all(said[mine] == head for _, head, mine in rows)  # everyone with the head named


def test_a_member_joins_the_household_its_head_already_heads(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = desk_factory()
    head, wife, son = (person(n) for n in (11, 12, 13))
    first = write_csv(
        tmp_path / "a.csv",
        HEADERS,
        [
            [p["姓名"], rel, p["身份证号码"], head["身份证号码"]]
            for p, rel in ((head, "户主"), (wife, "妻子"))
        ],
    )
    _import(desk, first)
    later = write_csv(
        tmp_path / "b.csv", HEADERS, [[son["姓名"], "儿子", son["身份证号码"], head["身份证号码"]]]
    )
    raw = read_table(later)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.summary()["new_households"] == 0
    apply_import(desk, plan)
    homes = desk.conn.execute("SELECT DISTINCT household_id FROM person").fetchall()
    assert len(homes) == 1
    other = person(21)
    desk.households.create(household_no="自编-0007", building_id=None, unit=None)
    third = write_csv(
        tmp_path / "c.csv",
        HEADERS,
        [[other["姓名"], "户主", other["身份证号码"], other["身份证号码"]]],
    )
    _import(desk, third)
    got = desk.conn.execute(
        "SELECT h.household_no FROM household h JOIN person p ON p.id = h.head_person_id"
        " WHERE p.id_number = ?",
        (other["身份证号码"],),
    ).fetchone()
    assert got[0] == "自编-0008"  # after the highest given before


def test_a_head_leaving_the_heads_number_blank_heads_the_household(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    """Rosters often leave 户主身份证号码 blank on the head's own row: the head is not left
    without a household, and the family is not imported headless."""
    head, wife = person(11), person(12)
    path = write_csv(
        tmp_path / "blank_head.csv",
        HEADERS,
        [
            [head["姓名"], "户主", head["身份证号码"], ""],
            [wife["姓名"], "妻子", wife["身份证号码"], head["身份证号码"]],
        ],
    )
    desk = desk_factory()
    _import(desk, path)
    got = desk.conn.execute(
        "SELECT count(DISTINCT p.household_id), count(*), count(h.head_person_id)"
        " FROM person p JOIN household h ON h.id = p.household_id"
    ).fetchone()
    assert tuple(got) == (1, 2, 2)
