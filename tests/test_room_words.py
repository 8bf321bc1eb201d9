"""A building, unit and room written each in its own column or box with its word (3栋,
2单元, 501室), as rosters and clerks write them, are stored as the numbers a whole room
3栋2单元501室 gives: the household is found as 3-2-501, the card prints 3栋2单元501室 and a
household added later by hand in 3栋 lives in the same building."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest

from relocdesk import validation
from relocdesk.desk import Desk
from tests.test_cli import relocdesk

HEAD = validation.make_id_number("522731", datetime.date(1980, 1, 8), 11)
OTHER = validation.make_id_number("522731", datetime.date(1981, 2, 9), 13)


def test_a_roster_of_rooms_written_with_their_words(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
    roster = tmp_path / "花名册.csv"
    roster.write_text(
        "户号,楼栋,单元,房号,姓名,身份证号码,与户主关系\n"
        f"A1,3栋,2单元,501室,张三,{HEAD},户主\n"
        f"A2,5号楼,1,1102,李四,{OTHER},户主\n",
        encoding="utf-8",
    )
    done = relocdesk("import", str(roster), data_dir=data)
    assert done.returncode == 0, done.stdout + done.stderr

    shown = relocdesk("show", "3-2-501", data_dir=data)
    assert shown.returncode == 0, shown.stderr
    assert "A1" in shown.stdout and "3-2-501" in shown.stdout
    assert relocdesk("show", "5号楼1单元1102", data_dir=data).returncode == 0

    card = tmp_path / "card.pdf"
    printed = relocdesk("print", "card", "--household", "A1", "-o", str(card), data_dir=data)
    assert printed.returncode == 0, printed.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(card), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "3栋2单元501室" in text and "栋栋" not in text and "室室" not in text

    with Desk(data / "community.db") as desk:
        added = desk.add_household(household_no="A3", name="王五", building="3栋", unit=2)
        buildings = desk.conn.execute("SELECT number FROM building WHERE deleted = 0").fetchall()
        assert sorted(b[0] for b in buildings) == ["3", "5"]
        assert desk.households.update(added["id"], room="502号", unit="2单元")["room"] == "502"
        assert desk.households.by_room("3-2-502")["household_no"] == "A3"


@pytest.mark.parametrize(
    ("building", "unit", "room", "stored"),
    [
        ("3栋", "2单元", "501室", ("3", 2, "501")),
        ("A区5幢", "1", "302", ("A区5", 1, "302")),
        ("12号楼", "２单元", "1501号", ("12", 2, "1501")),
        ("幸福楼", "1", "101", ("幸福楼", 1, "101")),  # a name, not a number with its word
    ],
)
def test_a_household_typed_with_the_words_of_its_room(
    desk: Desk, building: str, unit: str, room: str, stored: tuple[str, int, str]
) -> None:
    home = desk.add_household(household_no="H1", name="张三", building=building, unit=unit)
    home = desk.households.update(home["id"], room=room)
    number = desk.buildings.get(home["building_id"])["number"]
    assert (number, home["unit"], home["room"]) == stored


def test_a_unit_that_is_no_number_is_refused_naming_it(desk: Desk) -> None:
    home = desk.add_household(household_no="H1", name="张三")
    with pytest.raises(validation.ValidationErrors) as refused:
        desk.households.update(home["id"], unit="二单元")
    (e,) = refused.value.errors
    assert (e.field, e.code) == ("unit", "not_a_number")
    assert e.message_zh.startswith("单元") and e.message_en.startswith("unit")
