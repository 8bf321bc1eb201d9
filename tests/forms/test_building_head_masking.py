"""A building head's device shows ID numbers masked everywhere, printed forms included: every
form a head can print is read back with pdftotext and holds no full ID number, only the
masked one (first 4, last 4); an office device prints them whole. The household file,
``relocdesk show`` and the roster export follow the same rule."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relocdesk import masking
from relocdesk.forms import printing
from relocdesk.validation import make_id_number, mask_id_number
from tests.forms.conftest import Town, pdftotext
from tests.forms.test_forms import LABELS

ID_LIKE = re.compile(r"\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dX]")


def as_head(town: Town) -> None:
    with town.desk.transaction():
        town.desk.set_setting("sync_role", "building_head")


def every_id(town: Town) -> list[str]:
    return [r[0] for r in town.desk.conn.execute("SELECT id_number FROM person") if r[0]]


@given(
    st.dates(datetime.date(1930, 1, 1), datetime.date(2025, 12, 31)),
    st.integers(1, 999),
    st.sampled_from(["522731", "110101", "440305"]),
)
def test_the_mask_keeps_four_and_four(birth: datetime.date, seq: int, region: str) -> None:
    full = make_id_number(region, birth, seq)
    shown = mask_id_number(full)
    assert len(shown) == len(full) == 18
    assert shown[:4] == full[:4] and shown[-4:] == full[-4:]
    assert shown[4:-4] == "*" * 10
    assert not ID_LIKE.search(shown)


def test_which_roles_see_id_numbers() -> None:
    assert masking.masks_ids("building_head")
    for role in ("secretary", "clerk", "county", ""):
        assert not masking.masks_ids(role), role


@pytest.mark.parametrize("kind", sorted(LABELS))
def test_a_building_heads_forms_hold_no_full_id_number(
    town: Town, tmp_path: Path, kind: str
) -> None:
    who: dict[str, object] = {"household_no": town.rare_household}
    if kind == "referral":
        who = {"person_id_number": town.rare_b_id}
    office = tmp_path / f"office-{kind}.pdf"
    printing.print_forms(town.desk.conn, kind, out=office, **who)  # type: ignore[arg-type]
    office_text = pdftotext(office)
    shown_whole = [i for i in every_id(town) if i in office_text]
    assert shown_whole, "the office's form prints the ID numbers whole"
    as_head(town)
    head = tmp_path / f"head-{kind}.pdf"
    # A head still names a person by the full number it was told; the form masks it.
    printing.print_forms(town.desk.conn, kind, out=head, **who)  # type: ignore[arg-type]
    text = pdftotext(head)
    assert not ID_LIKE.search(text.replace(" ", "")), kind
    for full in shown_whole:
        assert full not in text
        assert mask_id_number(full) in text, (kind, mask_id_number(full))


def test_the_household_file_show_and_export_mask_for_a_head(
    town: Town, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from relocdesk import cli

    desk = town.desk
    hh = desk.households.by_number(town.rare_household)
    assert hh is not None
    full = {m["id_number"] for m in desk.household_file(hh["id"]).members}
    assert town.rare_a_id in full
    as_head(town)
    shown = {m["id_number"] for m in desk.household_file(hh["id"]).members}
    assert shown == {mask_id_number(i) for i in full}
    # The stored number is untouched: search by number and duplicate checks still work.
    assert desk.people.by_id_number(town.rare_a_id) is not None
    desk.close()
    data = Path(desk.path).parent
    assert cli.main(["--data-dir", str(data), "show", town.rare_household]) == 0
    out = capsys.readouterr().out
    assert town.rare_a_id not in out and mask_id_number(town.rare_a_id) in out
    # No reveal for a head: refused, and no "reveal" audit row written.
    assert cli.main(["--data-dir", str(data), "show", "--reveal", town.rare_household]) != 0
    got = capsys.readouterr()
    assert town.rare_a_id not in got.out + got.err and "building head" in got.err


def test_a_head_cannot_reveal_a_full_id_number(town: Town) -> None:
    from relocdesk.validation import ValidationError

    person = town.desk.people.by_id_number(town.rare_a_id)
    assert person is not None
    assert town.desk.reveal_id_number(person["id"]) == town.rare_a_id  # the office may
    as_head(town)
    before = town.desk.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ValidationError) as e:
        town.desk.reveal_id_number(person["id"])
    assert "楼栋长" in e.value.message_zh and "building head" in e.value.message_en
    assert town.desk.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before
