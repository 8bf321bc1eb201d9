""" "All pending" means not yet printed: printed forms drop out of the next batch, a changed
household's card comes back, and every print is in the audit table under its subject."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from relocdesk.cli import main
from relocdesk.validation import ValidationError
from tests.forms.conftest import Town, pdftotext


def audit_rows(town: Town) -> set[tuple[str, str]]:
    rows = town.desk.conn.execute(
        "SELECT subject_table, subject_id FROM audit WHERE action = 'print' AND deleted = 0"
    )
    return {(r[0], r[1]) for r in rows}


def print_pending(town: Town, kind: str, out: Path) -> object:
    return town.desk.forms.print(kind, all_pending=True, out=out, actor="办事员 小王")


@pytest.mark.parametrize(
    ("kind", "table"),
    [
        ("residence_permit", "person"),
        ("household_card", "household"),
        ("referral", "referral"),
        ("visit_record", "visit"),
    ],
)
def test_printed_forms_drop_out_of_all_pending(
    town: Town, tmp_path: Path, kind: str, table: str
) -> None:
    first = print_pending(town, kind, tmp_path / "first.pdf")
    assert first.count >= 1  # type: ignore[attr-defined]
    assert first.subject_table == table  # type: ignore[attr-defined]
    printed = {(table, sid) for sid in first.subject_ids}  # type: ignore[attr-defined]
    assert printed <= audit_rows(town)
    actors = {r[0] for r in town.desk.conn.execute("SELECT actor FROM audit")}
    assert actors == {"办事员 小王"}
    with pytest.raises(ValidationError) as info:
        print_pending(town, kind, tmp_path / "second.pdf")
    assert info.value.code == "nothing_to_print"
    assert not (tmp_path / "second.pdf").exists()


def test_a_changed_household_card_is_pending_again(town: Town, tmp_path: Path) -> None:
    both = print_pending(town, "household_card", tmp_path / "all.pdf")
    assert both.count == 2  # type: ignore[attr-defined]
    big = town.desk.households.by_number(town.big_household)
    assert big is not None
    member = town.desk.people.find(household_id=big["id"])[0]
    town.desk.people.update(member["id"], employer="惠水县百鸟河帮扶车间")
    again = print_pending(town, "household_card", tmp_path / "again.pdf")
    assert again.subject_ids == (big["id"],)  # type: ignore[attr-defined]
    assert "JX-0012" in pdftotext(tmp_path / "again.pdf")
    # A new visit changes what the card shows (its latest visits) too.
    town.desk.visits.create(
        household_id=big["id"], visitor="杨帆", notes="回访", date=datetime.date.today().isoformat()
    )
    third = print_pending(town, "household_card", tmp_path / "third.pdf")
    assert third.subject_ids == (big["id"],)  # type: ignore[attr-defined]


def test_a_referral_with_an_outcome_is_not_pending(town: Town, tmp_path: Path) -> None:
    referral = town.desk.conn.execute("SELECT id FROM referral").fetchone()[0]
    town.desk.referrals.record_outcome(referral, "hired", date=datetime.date.today().isoformat())
    with pytest.raises(ValidationError) as info:
        print_pending(town, "referral", tmp_path / "r.pdf")
    assert info.value.code == "nothing_to_print"


def test_a_named_form_prints_again_even_when_printed(town: Town, tmp_path: Path) -> None:
    print_pending(town, "referral", tmp_path / "all.pdf")
    again = town.desk.forms.print(
        "referral", person_id_number=town.rare_b_id, out=tmp_path / "again.pdf"
    )
    assert again.count == 1


def test_a_blank_visit_form_is_audited_under_the_members_not_the_card(
    town: Town, tmp_path: Path
) -> None:
    result = town.desk.forms.print(
        "visit_record", household_no=town.big_household, out=tmp_path / "blank.pdf"
    )
    assert result.kind == "visit_form" and result.subject_table == "person"
    assert len(result.subject_ids) == 12
    assert {("person", pid) for pid in result.subject_ids} == audit_rows(town)
    # The household's card was not printed by that.
    cards = print_pending(town, "household_card", tmp_path / "cards.pdf")
    big = town.desk.households.by_number(town.big_household)
    assert big is not None and big["id"] in cards.subject_ids  # type: ignore[attr-defined]


def test_a_blank_visit_form_needs_a_household(town: Town, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        town.desk.forms.print("visit_form", all_pending=True, out=tmp_path / "x.pdf")
    assert info.value.code == "choose_household"
    by_person = town.desk.forms.print(
        "blank_visit", person_id_number=town.big_ids[3], out=tmp_path / "b.pdf"
    )
    assert by_person.count == 1 and "王建国(户主)" in pdftotext(tmp_path / "b.pdf")


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["passport", "--all-pending"], "没有这种表格", "no such form"),
        (["permit"], "请选择", "choose one of"),
        (["permit", "--person", "522731199001011234"], "找不到身份证号码", "no person"),
        (["card", "--household", "NO-SUCH"], "找不到住户", "no household"),
        (["monthly", "--month", "2026/03"], "月份应写作", "month must be"),
        (["card", "--all-pending", "--month", "2026-03"], "月份", "--month"),
    ],
)
def test_command_errors_are_plain_and_bilingual(
    town: Town,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    zh: str,
    en: str,
) -> None:
    out = tmp_path / "x.pdf"
    code = main(["--data-dir", str(town.desk.path.parent), "print", *args, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert zh in err and en in err
    assert "Traceback" not in err
    assert not out.exists()


def test_command_into_a_missing_folder_says_so(
    town: Town, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "x.pdf"
    code = main(
        ["--data-dir", str(town.desk.path.parent), "print", "card", "--all-pending", "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err  # a folder that cannot be used (README)
    assert "找不到要保存 PDF 的文件夹" in err and "cannot write" in err and str(out) in err
    assert ".part" not in err
    # Nothing was printed, so nothing was recorded.
    assert audit_rows(town) == set()


def test_a_person_may_be_named_instead_of_an_id_number(town: Town, tmp_path: Path) -> None:
    from tests.forms.conftest import RARE_A

    by_name = town.desk.forms.print("permit", person_id_number=RARE_A, out=tmp_path / "a.pdf")
    assert by_name.count == 1 and town.rare_a_id in pdftotext(tmp_path / "a.pdf")
    hh = town.desk.households.by_number(town.big_household)
    assert hh is not None
    town.desk.people.create(household_id=hh["id"], name=RARE_A, relation="other")
    with pytest.raises(ValidationError) as info:
        town.desk.forms.print("permit", person_id_number=RARE_A, out=tmp_path / "b.pdf")
    assert info.value.code == "same_name"
    assert "JX-0001" in info.value.message_zh and "JX-0012" in info.value.message_en
    with pytest.raises(ValidationError) as info:
        town.desk.forms.print("card", person_id_number="无此人", out=tmp_path / "c.pdf")
    assert info.value.code == "not_found" and "姓名" in info.value.message_zh


def test_a_household_referral_form_is_its_pending_ones_else_its_latest(
    town: Town, tmp_path: Path
) -> None:
    pending = town.desk.forms.print(
        "referral", household_no=town.rare_household, out=tmp_path / "a"
    )
    assert pending.count == 1
    referral = pending.subject_ids[0]
    town.desk.referrals.record_outcome(referral, "hired", date=datetime.date.today().isoformat())
    latest = town.desk.forms.print("referral", household_no=town.rare_household, out=tmp_path / "b")
    assert latest.subject_ids == (referral,)  # the spouse's, though the head has none
    assert "已录用" in pdftotext(tmp_path / "b")
    with pytest.raises(ValidationError) as info:
        town.desk.forms.print("referral", household_no=town.big_household, out=tmp_path / "c")
    assert info.value.code == "nothing_to_print"


def test_a_moved_out_household_card_says_so_and_is_not_pending(town: Town, tmp_path: Path) -> None:
    hh = town.desk.households.by_number(town.big_household)
    assert hh is not None
    town.desk.households.update(hh["id"], status="moved_out")
    card = town.desk.forms.print("card", household_no=town.big_household, out=tmp_path / "a.pdf")
    assert card.count == 1 and "（已迁出）" in pdftotext(tmp_path / "a.pdf")
    pending = print_pending(town, "household_card", tmp_path / "b.pdf")
    assert hh["id"] not in pending.subject_ids  # type: ignore[attr-defined]


# the employment status a hire gives, by the kind of referral, as the form prints it
HIRED_AS = {
    "workshop": "本地就业",
    "local_firm": "本地就业",
    "training": "本地就业",
    "public_welfare": "公益性岗位",
    "labour_export": "县外务工",
}


def test_a_hire_prints_one_status_on_the_referral_form(town: Town, tmp_path: Path) -> None:
    """The form printed after a hire says the same thing twice: the person's employment
    status and the referral's outcome, with the day it was recorded."""
    person = town.desk.people.by_id_number(town.rare_b_id)
    assert person is not None
    town.desk.people.update(person["id"], employment_status="unemployed_willing")
    (referral,) = town.desk.referrals.find(person_id=person["id"])[:1]
    town.desk.referrals.record_outcome(referral["id"], "hired", date="2026-03-09")
    town.desk.forms.print("referral", person_id_number=town.rare_b_id, out=tmp_path / "r.pdf")
    text = "".join(pdftotext(tmp_path / "r.pdf").split())
    assert f"就业状态{HIRED_AS[referral['kind']]}" in text
    assert "当前结果已录用（2026-03-09）" in text
    assert "有就业意愿未就业" not in text
