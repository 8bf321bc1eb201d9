"""First-generation 15-digit ID numbers, still written for the elderly on old household papers:
each is imported as the 18-character number the 1999 standard made of it (the century written
before the two-digit year, and the check character added), with a note that says so, counted
as corrected. The test's 18-character numbers are its own (``_roster.id_number``); the 15-digit
forms are cut from them, so the import must find its way back to them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.planned import ImportPlan

from ._roster import id_number, person, write_csv, write_xlsx

HEADERS = ["户号", "姓名", "与户主关系", "身份证号码"]


def old_form(number: str) -> str:
    """The 15-digit number an 18-character one of someone born in the 1900s was made from."""
    assert number[6:8] == "19"
    return number[:6] + number[8:17]


def _plan(desk: Desk, path: Path) -> ImportPlan:
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers))


born_1900s = st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31))
regions = st.sampled_from(["522731", "110105", "650102", "460100"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(born_1900s, st.integers(0, 999), regions), min_size=1, max_size=6),
    st.sampled_from(["csv", "xlsx"]),
)
def test_an_old_number_imports_as_its_new_one(
    desk_factory: Callable[..., Desk],
    tmp_path_factory: pytest.TempPathFactory,
    people: list[tuple[datetime.date, int, str]],
    kind: str,
) -> None:
    numbers = list(dict.fromkeys(id_number(b, s, r) for b, s, r in people))
    folder = tmp_path_factory.mktemp("old")
    rows = [
        [f"{n + 1:03d}", "王芳", "户主", int(old_form(x)) if kind == "xlsx" else old_form(x)]
        for n, x in enumerate(numbers)
    ]
    write = write_xlsx if kind == "xlsx" else write_csv  # xlsx: the number as Excel stores it
    path = write(folder / f"r.{kind}", HEADERS, rows)
    desk = desk_factory()
    plan = _plan(desk, path)
    summary = plan.summary()
    assert summary["rejected_by_reason"] == {} and summary["corrected"] == len(numbers)
    notes = [n for r in plan.report for n in r.notes]
    assert [n.code for n in notes] == ["corrected_id_15"] * len(numbers)
    assert [n.value for n in notes] == [old_form(x) for x in numbers]
    assert all(x in n.message_zh and x in n.message_en for n, x in zip(notes, numbers, strict=True))
    assert apply_import(desk, plan).applied
    stored = [r[0] for r in desk.conn.execute("SELECT id_number FROM person ORDER BY rowid")]
    assert stored == numbers


def test_one_person_written_old_and_new_is_a_repeat(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    old = person(1, relation="户主")  # born in the 1900s
    new_number = old["身份证号码"]
    rows = [
        ["001", old["姓名"], "户主", new_number],
        ["001", old["姓名"], "户主", old_form(new_number)],
    ]
    desk = desk_factory()
    plan = _plan(desk, write_csv(tmp_path / "r.csv", HEADERS, rows))
    summary = plan.summary()
    assert summary["repeats"] == 1 and summary["rejected_by_reason"] == {}
    assert apply_import(desk, plan).applied
    assert [r[0] for r in desk.conn.execute("SELECT id_number FROM person")] == [new_number]


def test_a_household_named_by_its_heads_old_number(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    head, wife = person(1), person(2)
    rows = [
        [head["姓名"], "户主", old_form(head["身份证号码"]), ""],
        [wife["姓名"], "妻子", wife["身份证号码"], old_form(head["身份证号码"])],
    ]
    path = write_csv(
        tmp_path / "r.csv", ["姓名", "与户主关系", "身份证号码", "户主身份证号码"], rows
    )
    desk = desk_factory()
    plan = _plan(desk, path)
    assert apply_import(desk, plan).applied
    found = desk.conn.execute(
        "SELECT p.id_number, head.id_number FROM person p JOIN household h ON h.id = p.household_id"
        " JOIN person head ON head.id = h.head_person_id ORDER BY p.rowid"
    ).fetchall()
    assert [tuple(r) for r in found] == [
        (head["身份证号码"],) * 2,
        (wife["身份证号码"], head["身份证号码"]),
    ]


def test_fifteen_digits_that_are_no_old_number_are_still_refused(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    number = person(1)["身份证号码"]
    bad_month = number[:6] + number[8:10] + "13" + number[12:17]  # month 13
    bad_region = "99" + old_form(number)[2:]
    rows = [["001", "王芳", "户主", bad_month], ["002", "李娜", "户主", bad_region]]
    desk = desk_factory()
    plan = _plan(desk, write_csv(tmp_path / "r.csv", HEADERS, rows))
    summary = plan.summary()
    assert summary["corrected"] == 0 and summary["rejected_by_reason"] == {"id_length": 2}


def test_the_command_line_names_each_number_it_made(tmp_path: Path) -> None:
    from .test_import import _cli

    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
    head = person(1)
    path = write_csv(
        tmp_path / "r.csv", HEADERS, [["001", head["姓名"], "户主", old_form(head["身份证号码"])]]
    )
    dry = _cli("import", str(path), "--dry-run", data=data)
    assert dry.returncode == 0, dry.stderr
    said = [line for line in dry.stdout.splitlines() if head["身份证号码"] in line]
    assert len(said) == 1 and old_form(head["身份证号码"]) in said[0] and head["姓名"] in said[0]


def test_an_old_number_typed_after_a_text_mark_is_converted_too(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    head = person(1)
    rows = [["001", head["姓名"], "户主", "‘" + old_form(head["身份证号码"])]]
    plan = _plan(desk_factory(), write_csv(tmp_path / "r.csv", HEADERS, rows))
    assert plan.summary()["corrected"] == 1 and plan.summary()["rejected_by_reason"] == {}
    assert plan.people[0].values["id_number"] == head["身份证号码"]
