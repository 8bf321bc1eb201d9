"""What a clerk types in a dialog is read as the roster import reads the same text.

The roster import and the façade's edit and create calls share the rules of
``relocdesk.fields``; each test here types, through the façade (``Desk``, on a real database
file), a value in a form the roster import reads, and checks the dialog gets the same value,
or a refusal that names the field in Chinese and English.
"""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from relocdesk import fields, validation
from relocdesk.desk import Desk
from relocdesk.roster.dates import date_text

DAY = datetime.date(2020, 1, 8)

# How offices write 2020-01-08, each read by the roster import as that day.
SPELLINGS = [
    "2020-01-08",
    "2020.1.8",
    "2020年1月8日",
    "20200108",
    "2020. 1. 8",  # a space typed after each dot
    "2020 . 01 . 08",
    "2020-1/8",  # two separators in one date
    "2020.01.08.",  # a full stop typed after the day
    "2020年1月8日。",
    "2020年1月8号",
    "2020.1.8 10:30",  # a time after the day, as a spreadsheet writes it
    "２０２０．１．８",  # an input method's full-width digits and dot
]


@pytest.fixture
def home(desk: Desk) -> dict[str, str]:
    building = desk.buildings.create(number="3")
    household = desk.households.create(household_no="H1", building_id=building["id"], unit=2)
    head = validation.make_id_number("522731", datetime.date(1980, 1, 8), 123)
    person = desk.people.create(household_id=household["id"], name="张三", id_number=head)
    return {"household": household["id"], "person": person["id"]}


def _typed(desk: Desk, home: dict[str, str], text: str) -> list[str]:
    """The day stored by every dialog that takes a date, given ``text``."""
    h, p = home["household"], home["person"]
    return [
        desk.households.update(h, move_in_date=text)["move_in_date"],
        desk.households.update(h, guarantees_checked=text)["guarantees_checked"],
        desk.referrals.create(person_id=p, employer="鑫达", kind="local_firm", date=text)["date"],
        desk.visits.create(household_id=h, visitor="王芳", kind="routine", date=text)["date"],
        desk.needs.create(
            household_id=h, category="employment", description="找工作", raised_date=text
        )["raised_date"],
        *(lambda t: [t["start_date"], t["end_date"]])(
            desk.trainings.create(person_id=p, course="电工", start_date=text, end_date=text)
        ),
    ]


@pytest.mark.parametrize("text", SPELLINGS)
def test_a_date_typed_as_a_roster_writes_it_is_that_day(
    desk: Desk, home: dict[str, str], text: str
) -> None:
    # the import's reading (its cells reach the date reader as the workbook holds them)
    assert date_text(unicodedata.normalize("NFKC", text)) == DAY.isoformat()
    assert _typed(desk, home, text) == [DAY.isoformat()] * 7


def test_a_birth_date_typed_as_a_roster_writes_it_is_checked_against_the_id(
    desk: Desk, home: dict[str, str]
) -> None:
    for text in ("1980. 1. 8", "1980.01.08.", "1980年1月8日。", "1980.1.8 00:00"):
        assert desk.people.update(home["person"], birth_date=text)["birth_date"] == "1980-01-08"
    with pytest.raises(validation.ValidationError) as wrong:
        desk.people.update(home["person"], birth_date="1980. 1. 9")
    assert (wrong.value.field, wrong.value.code) == ("birth_date", "birth_date_mismatch")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2020.1", "date_format"),  # a month is no day: the dialog asks for one
        ("2020. 1. 32", "date_invalid"),
        ("8.1.2020", "date_format"),
        ("2020..1.8", "date_format"),
    ],
)
def test_what_is_no_day_is_refused_naming_the_field(
    desk: Desk, home: dict[str, str], text: str, code: str
) -> None:
    with pytest.raises(validation.ValidationErrors) as refused:
        desk.households.update(home["household"], move_in_date=text)
    (e,) = refused.value.errors
    assert (e.field, e.code) == ("move_in_date", code)
    assert e.message_zh.startswith("入住日期") and e.message_en.startswith("move-in date")


# A refusal names its field in each language: the message shows beside the field in the
# dialog and in the roster import's report, where a column's code (guarantees_checked) says
# nothing to a clerk.
@pytest.mark.parametrize(
    ("table", "field"), [(t, f) for t, rules in fields.RULES.items() for f in rules]
)
def test_every_field_with_a_rule_has_a_name_in_each_language(table: str, field: str) -> None:
    zh, en = validation.label(field)
    assert zh != field and any("\u4e00" <= ch <= "\u9fff" for ch in zh), (table, field)
    assert "_" not in en, (table, field)


def test_a_refused_value_of_a_household_or_person_field_names_it(
    desk: Desk, home: dict[str, str]
) -> None:
    with pytest.raises(validation.ValidationErrors) as day:
        desk.households.update(home["household"], guarantees_checked="2020年2月30日")
    with pytest.raises(validation.ValidationErrors) as long_number:
        desk.people.update(home["person"], permit_number="5" * 41)
    with pytest.raises(validation.ValidationErrors) as raised:
        desk.needs.create(
            household_id=home["household"],
            category="employment",
            description="找工作",
            raised_date="去年",
        )
    told = [e for caught in (day, long_number, raised) for e in caught.value.errors]
    named = [
        ("“3+1”核查日期", "3+1 guarantees checked on"),
        ("居住证号", "residence permit number"),
        ("诉求提出日期", "date the need was raised"),
    ]
    assert len(told) == len(named)
    for e, (zh, en) in zip(told, named, strict=True):
        assert e.message_zh.startswith(zh) and e.message_en.startswith(en), e


def test_an_income_line_that_is_no_amount_is_refused_naming_it(desk: Desk) -> None:
    assert desk.set_income_line("0.7万元") == "7000"
    with pytest.raises(validation.ValidationError) as refused:
        desk.set_income_line("七千")
    assert refused.value.message_zh.startswith("收入监测线")
    assert refused.value.message_en.startswith("income monitoring line")
