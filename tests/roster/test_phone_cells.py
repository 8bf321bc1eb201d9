"""A cell of several phone numbers, as rosters write a family's mobiles (13812345678/
13987654321, 、 or ，between them): the first is kept and the report says which were not;
a first number that is no phone is reported as any bad number is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import validation
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, cells, plan_import, read_table, suggest_mapping
from relocdesk.roster.columns import BY_FIELD

from ._roster import HEADERS, as_rows, roster, write_csv

PHONE = HEADERS.index("联系电话")


def test_the_first_of_several_numbers_is_kept_and_the_others_named(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    people = roster(3)
    rows = as_rows(people)
    cells = ["13812345678/13987654321", "13812345678、0854-1234567", "13812345678 ， 13987654321"]
    for row, cell in zip(rows, cells, strict=False):
        row[PHONE] = cell
    rows[3][PHONE] = "12345/13812345678"  # the first is no number: an error, as ever
    raw = read_table(write_csv(tmp_path / "r.csv", HEADERS, rows))
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    s = plan.summary()
    assert s["corrected"] == 3 and s["rejected_by_reason"] == {"phone_invalid": 1}
    notes = [n for r in plan.report for n in r.notes if n.code == "corrected_phones"]
    assert [n.value for n in notes] == cells
    assert "13987654321" in notes[0].message_zh and "0854-1234567" in notes[1].message_en
    apply_import(desk, plan, mode="valid_only")
    kept = {r[0]: r[1] for r in desk.conn.execute("SELECT id_number, phone FROM person")}
    assert [kept[p["身份证号码"]] for p in people[:3]] == ["13812345678"] * 3
    assert people[3]["身份证号码"] not in kept


def test_words_that_say_whose_number_it_is_are_named_and_the_number_kept(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    """13812345678（本人）, 儿子 139-8765-4321, a separator left after the number: the number
    is kept and the note names the words; a cell whose words hold digits too (转801, 备用号1)
    is reported as a bad number, as ever."""
    people = roster(4)
    rows = as_rows(people)
    cells = ["13812345678（本人）", "儿子 139-8765-4321", "13812345678；", "13812345678转801"]
    for row, cell in zip(rows, cells, strict=False):
        row[PHONE] = cell
    rows[4][PHONE] = "13812345678（本人）/13987654321（儿子）"
    raw = read_table(write_csv(tmp_path / "r.csv", HEADERS, rows))
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    s = plan.summary()
    assert s["rejected_by_reason"] == {"phone_invalid": 1}
    notes = {n.value: n for r in plan.report for n in r.notes}
    assert {k: n.code for k, n in notes.items()} == {
        cells[0]: "corrected_phone_words",
        cells[1]: "corrected_phone_words",
        cells[2]: "corrected_phone_words",
        rows[4][PHONE]: "corrected_phones",
    }
    assert "（本人）" in notes[cells[0]].message_zh and "儿子" in notes[cells[1]].message_en
    apply_import(desk, plan, mode="valid_only")
    kept = {r[0]: r[1] for r in desk.conn.execute("SELECT id_number, phone FROM person")}
    wanted = ["13812345678", "13987654321", "13812345678", None, "13812345678"]
    assert [kept.get(p["身份证号码"]) for p in people[:5]] == wanted


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=20))
def test_a_cell_of_digits_alone_is_judged_as_the_words_and_numbers_check_judged_it(
    text: str,
) -> None:
    """A cell of digits only skips the checks for several numbers and for words by the
    number: both find nothing in it, so its verdict is the phone rule's alone."""
    assert not cells._several(text) and cells._WORDS_BY_NUMBER.search(text) is None
    for header, f in (("联系电话", "phone"), ("家庭电话", "household_phone")):
        column = cells.Column(0, header, BY_FIELD[f])
        got = cells._judge(column, text, False)
        try:
            assert got == (cells._OK, validation.phone(text, column.column))
        except validation.ValidationError as e:
            assert got[0] == cells._ERRORS
            assert [(x.field, x.code, x.message_zh) for x in got[1]] == [
                (column.column, e.code, e.message_zh)
            ]
