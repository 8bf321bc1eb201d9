"""Long content flows onto further pages; IDs never break; the print command end to end."""

from __future__ import annotations

import datetime
import getpass
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk.cli import main
from relocdesk.forms import flow, layout, printing
from tests.forms.conftest import RARE_A, Town, page_count, pdftotext


def test_long_visit_notes_flow_onto_further_pages(town: Town, tmp_path: Path) -> None:
    hh = town.desk.households.by_number(town.big_household)
    assert hh is not None
    notes = "\n".join(
        f"第{i}段：家中老人腿脚不便，联系电话13812345678，需协调上门服务。" for i in range(120)
    )
    town.desk.visits.create(
        household_id=hh["id"], visitor="杨帆", notes=notes, date=datetime.date.today().isoformat()
    )
    out = tmp_path / "long.pdf"
    result = printing.print_forms(
        town.desk.conn, "visit_record", household_no=town.big_household, out=out
    )
    assert result.pages == page_count(out) >= 2
    text = pdftotext(out)
    assert "第0段" in text and "第119段" in text
    assert text.count("13812345678") == 120  # the phone whole every time
    assert re.search(r"第\s*2\s*页\s*共\s*\d+\s*页", text)


ID_LIKE = st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True)
HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.tuples(HAN, ID_LIKE), min_size=1, max_size=6), width=st.integers(90, 400))
def test_split_lines_never_breaks_an_id_number(parts: list[tuple[str, str]], width: int) -> None:
    text = "".join(a + b for a, b in parts)
    lines = layout.split_lines(text, 10.0, float(width))
    assert "".join(lines) == text
    for _, id_number in parts:
        assert any(id_number in line for line in lines)


@settings(max_examples=25, deadline=None)
@given(
    # IDs apart by at least a character: two touching make one 36-digit run no cell holds.
    parts=st.lists(st.tuples(HAN.filter(bool), ID_LIKE), min_size=1, max_size=4),
    width=st.integers(110, 480),
)
def test_wrapped_text_in_a_cell_never_breaks_an_id_number(
    tmp_path_factory: pytest.TempPathFactory, parts: list[tuple[str, str]], width: int
) -> None:
    """reportlab's own CJK wrapping cut '522731198003120' / '11X'; a real PDF, read back."""
    from reportlab.platypus import SimpleDocTemplate

    text = "".join(a + b for a, b in parts) + "。"
    styles = flow.styles()
    out = tmp_path_factory.mktemp("wrap") / "cell.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=(layout.PAGE_W, layout.PAGE_H))
    doc.build([flow.ruled([[flow.para(text, styles["cell"])]], (float(width),))])
    read = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    for _, id_number in parts:
        assert id_number in read, (id_number, read)
    assert re.sub(r"\s+", "", read) == text


def test_print_command_prints_records_and_marks_permits(town: Town, tmp_path: Path) -> None:
    data_dir = town.desk.path.parent
    out = tmp_path / "permits.pdf"
    pending = {r["id"] for r in town.desk.people.find(permit_status="to_apply")}
    assert len(pending) == 2
    code = main(
        ["--data-dir", str(data_dir), "print", "residence_permit", "--all-pending", "-o", str(out)]
    )
    assert code == 0
    assert RARE_A in re.sub(r"\s+", "", pdftotext(out))
    conn = town.desk.conn
    statuses = {
        r[0]
        for r in conn.execute("SELECT permit_status FROM person WHERE id IN (?, ?)", list(pending))
    }
    assert statuses == {"printed"}
    audit = conn.execute(
        "SELECT subject_table, subject_id, actor FROM audit WHERE action = 'print'"
    ).fetchall()
    assert {(r[0], r[1]) for r in audit} == {("person", pid) for pid in pending}
    assert {r[2] for r in audit} == {f"cli:{getpass.getuser()}"}  # who printed them
    # Nothing left to print now: a plain error, exit code 2, no file.
    again = tmp_path / "again.pdf"
    assert (
        main(["--data-dir", str(data_dir), "print", "permit", "--all-pending", "-o", str(again)])
        == 2
    )
    assert not again.exists()


def test_print_command_json_for_a_household_card(town: Town, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    out = tmp_path / "card.pdf"
    args = ["--data-dir", str(town.desk.path.parent), "print", "household_card"]
    assert main([*args, "--household", town.big_household, "-o", str(out), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["pages"] == page_count(out) >= 2 and answer["subject_table"] == "household"


def test_print_command_finds_the_household_by_room_or_member_id(
    town: Town, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hh = town.desk.households.by_number(town.big_household)
    member = town.desk.households.members(hh["id"])[0]
    args = ["--data-dir", str(town.desk.path.parent), "print", "card"]
    for key in (member["id_number"], _room_of(town, hh)):
        out = tmp_path / "card.pdf"
        assert main([*args, "--household", key, "-o", str(out)]) == 0, capsys.readouterr().err
        assert town.big_household in pdftotext(out)
        out.unlink()
    assert main([*args, "--household", "99-9-999", "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "找不到住户" in err and "no household matches" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def _room_of(town: Town, hh: dict) -> str:  # type: ignore[type-arg]
    from relocdesk.store.search import room_key

    building = town.desk.buildings.get(hh["building_id"])
    return room_key(building["number"], hh["unit"], hh["room"])


def test_a_name_no_font_can_draw_is_pointed_out(
    town: Town, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from relocdesk.validation import make_id_number

    unknown = "\U00030000"  # CJK Extension G: in none of the bundled fonts
    hh = town.desk.households.by_number(town.big_household)
    assert hh is not None
    person = town.desk.people.create(
        household_id=hh["id"],
        name="王" + unknown,
        id_number=make_id_number("522731", datetime.date(1990, 1, 2), 77),
        permit_status="to_apply",
    )
    out = tmp_path / "p.pdf"
    args = ["--data-dir", str(town.desk.path.parent), "print", "permit", "-o", str(out)]
    assert main([*args, "--person", person["id_number"]]) == 0
    err = capsys.readouterr().err
    assert unknown in err and "请手写补上" in err and "write them in" in err
    # The usual case says nothing.
    assert main([*args, "--person", town.rare_a_id]) == 0
    assert "请手写补上" not in capsys.readouterr().err
