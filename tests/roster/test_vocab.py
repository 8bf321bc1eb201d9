"""The words offices use, column by column: each table's values are what the app stores, the
words of the national tables and of the registration system are understood, and the date
and yes/no readers hold for any input (hypothesis)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relocdesk import enums, fields, vocab
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.columns import BY_FIELD, normalize_cell
from relocdesk.roster.dates import date_text
from relocdesk.validation import make_id_number

from ._roster import write_csv


def _rule(field: str):  # type: ignore[no-untyped-def]
    t = BY_FIELD[field]
    return fields.RULES[t.table][t.column]


@pytest.mark.parametrize("field", [*vocab.WORD_TABLES, "relation"])
def test_every_word_gives_a_value_the_field_accepts(field: str) -> None:
    for key, word in vocab.words(field).items():
        if word.value is not None:
            assert _rule(field)(word.value, field) == word.value, key
        for other, value in word.also:
            assert _rule(other)(value, other) == value, (key, other)


# GB/T 4761-2008, as the standard numbers them (looked up, not taken from our table)
GB_4761 = {
    "01": ("本人", "head"),
    "02": ("户主", "head"),
    "10": ("配偶", "spouse"),
    "11": ("夫", "spouse"),
    "12": ("妻", "spouse"),
    "20": ("子", "son"),
    "21": ("独生子", "son"),
    "22": ("长子", "son"),
    "28": ("女婿", "son_in_law"),
    "30": ("女", "daughter"),
    "32": ("长女", "daughter"),
    "38": ("儿媳", "daughter_in_law"),
    "40": ("孙子、孙女或外孙子、外孙女", "grandchild"),
    "41": ("孙子", "grandson"),
    "42": ("孙女", "granddaughter"),
    "50": ("父母", "parent"),
    "51": ("父亲", "father"),
    "52": ("母亲", "mother"),
    "60": ("祖父母或外祖父母", "other"),
    "70": ("兄弟姐妹", "sibling"),
    "71": ("兄", "sibling"),
    "80": ("其他", "other"),
    "99": ("非亲属", "other"),
}


@pytest.mark.parametrize("code", sorted(GB_4761))
def test_relation_codes_and_names_of_gbt_4761(code: str) -> None:
    name, stored = GB_4761[code]
    assert normalize_cell("relation", code)[0] == stored
    assert normalize_cell("relation", code.lstrip("0"))[0] == stored  # Excel's number
    assert normalize_cell("relation", name)[0] == stored


def test_collective_relations_made_precise_by_the_id_numbers_gender(
    desk: Desk, tmp_path: Path
) -> None:
    born = datetime.date
    people = [
        ("王大山", "户主", make_id_number("522731", born(1970, 3, 1), 11)),
        ("王小军", "子女", make_id_number("522731", born(2000, 3, 1), 13)),
        ("王小花", "子女", make_id_number("522731", born(2002, 3, 1), 24)),
        ("王豆豆", "孙子女", make_id_number("522731", born(2022, 3, 1), 26)),
        ("王老汉", "父母", make_id_number("522731", born(1940, 3, 1), 17)),
        ("李秀英", "儿媳", make_id_number("522731", born(2001, 3, 1), 28)),
    ]
    rows = [["H1", n, r, i] for n, r, i in people]
    path = write_csv(tmp_path / "r.csv", ["户号", "姓名", "与户主关系", "身份证号码"], rows)
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(5)
    assert apply_import(desk, plan).applied
    got = dict(desk.conn.execute("SELECT name, relation FROM person").fetchall())
    assert got == {
        "王大山": "head",
        "王小军": "son",
        "王小花": "daughter",
        "王豆豆": "granddaughter",
        "王老汉": "father",
        "李秀英": "daughter_in_law",
    }


def test_a_collective_relation_is_a_value_the_app_keeps_and_shows() -> None:
    for word, code in (("子女", "child"), ("孙子女", "grandchild"), ("父母", "parent")):
        assert normalize_cell("relation", word)[0] == code
        assert _rule("relation")(code, "relation") == code
        assert enums.label(enums.RELATION, code) == word


EMPLOYMENT_WORDS = [
    "务工",
    "县内务工",
    "县外务工",
    "省外务工",
    "省内县外务工",
    "灵活就业",
    "公益性岗位",
    "自主创业",
    "无劳动能力",
    "丧失劳动力",
    "弱劳动力",
    "普通劳动力",
    "技能劳动力",
    "在校",
    "在校生",
    "学生",
    "未就业(有意愿)",
    "未就业（无意愿）",
    "待业",
    "退休",
    "参军",
    "服兵役",
]


@pytest.mark.parametrize("word", EMPLOYMENT_WORDS)
def test_employment_and_labour_words_are_understood(word: str) -> None:
    value, also = normalize_cell("employment_status", word)
    assert value in enums.EMPLOYMENT_STATUS or (value is None and also), word


def test_what_employment_words_say_of_other_fields() -> None:
    assert normalize_cell("employment_status", "省外务工") == (
        "outside_county",
        (("work_place", "outside_county"),),
    )
    assert normalize_cell("employment_status", "弱劳动力") == (None, (("labour_capacity", "weak"),))
    assert normalize_cell("employment_status", "未就业(无意愿)")[0] == "not_seeking"
    assert normalize_cell("labour_capacity", "丧失劳动力")[0] == "none"
    assert normalize_cell("labour_capacity", "技能劳动力")[0] == "full"


def test_all_56_ethnicities_by_name_short_name_and_gb_3304_code() -> None:
    table = vocab.table("ethnicity")
    assert len([r for r in table if int(r["code"]) <= 56]) == 56
    for r in table:
        name = r["name"]
        assert normalize_cell("ethnicity", name)[0] == name
        assert normalize_cell("ethnicity", r["code"])[0] == name
        assert normalize_cell("ethnicity", r["code"].lstrip("0"))[0] == name
        assert normalize_cell("ethnicity", name.removesuffix("族"))[0] == name
    assert normalize_cell("ethnicity", "06")[0] == "苗族"
    assert normalize_cell("ethnicity", "布依")[0] == "布依族"
    assert normalize_cell("ethnicity", "穿青人")[0] == "穿青人"  # kept as written


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("文盲或半文盲", "none"),
        ("小学", "primary"),
        ("初中", "junior"),
        ("高中", "senior"),
        ("中专", "vocational"),
        ("技工学校", "vocational"),
        ("大专", "college"),
        ("大学本科", "college"),
        ("研究生", "college"),
        ("学龄前儿童", "preschool"),
    ],
)
def test_education_names_of_gbt_4658(word: str, code: str) -> None:
    assert normalize_cell("education", word)[0] == code


@pytest.mark.parametrize(
    ("word", "value"),
    [(w, 1) for w in ["是", "有", "√", "Y", "y", "1", "已参保", "Ｙ", "１"]]
    + [(w, 0) for w in ["否", "无", "×", "N", "n", "0", "未参保", "Ｎ", "０"]],
)
def test_yes_no_words(word: str, value: int) -> None:
    assert normalize_cell("ins_medical", word)[0] == value
    assert normalize_cell("formerly_poor", word)[0] == value


def _spellings(d: datetime.date) -> list[str]:
    out = [
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d:%Y%m%d}",
        f"{d:%Y-%m-%d} 00:00:00",
        f"{d.year}.{d.month:02d}.{d.day:02d}.",  # a full stop typed after the day
        f"{d.year}年{d.month}月{d.day}日。",
    ]
    serial = (d - datetime.date(1899, 12, 30)).days
    if 10000 <= serial <= 99999:
        out += [str(serial), f"{serial}.0"]
    return out


@given(st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 12, 31)))
def test_every_spelling_of_a_date_reads_as_that_date(d: datetime.date) -> None:
    for text in _spellings(d):
        assert date_text(text) == d.isoformat(), text
    serial = (d - datetime.date(1899, 12, 30)).days
    assert date_text(str(serial), numeric=True) == d.isoformat()  # a date cell read as number


def test_serial_43838_is_the_8th_of_january_2020() -> None:
    assert date_text("43838") == "2020-01-08"


@given(st.text(max_size=20))
def test_the_date_reader_never_fails_and_never_invents(text: str) -> None:
    out = date_text(text)
    assert isinstance(out, str)
    if out != text.strip():  # it read a date: a real day or month in ISO form
        datetime.date.fromisoformat(out if len(out) == 10 else out + "-01")


@given(
    st.sampled_from(sorted(vocab.yes_no())),
    st.sampled_from([str.upper, str.lower, lambda s: f" {s}\u3000", lambda s: s]),
)
def test_yes_no_words_in_any_case_width_and_spacing(word: str, spell) -> None:  # type: ignore[no-untyped-def]
    assert normalize_cell("ins_pension", spell(word))[0] == vocab.yes_no()[word]


@given(st.text(max_size=12))
def test_the_yes_no_reader_gives_1_0_or_the_text_for_the_rule_to_refuse(text: str) -> None:
    value = normalize_cell("ins_medical", text)[0]
    assert value in (0, 1) or value == text.strip() or (value is None and not text.strip())


@pytest.mark.parametrize(
    ("word", "stored"),
    [
        ("户主之子", "son"),
        ("户主妻子", "spouse"),
        ("户主的母亲", "mother"),
        ("户主之长子", "son"),
        ("二儿子", "son"),
        ("大女儿", "daughter"),
        ("小儿子", "son"),
        ("三儿媳", "daughter_in_law"),
        ("大孙子", "grandson"),
        ("奶奶", "other"),
        ("曾孙女", "other"),
        ("表妹", "other"),
        ("继母", "mother"),
        ("养父", "father"),
        ("之继父", "father"),
        ("保姆", "other"),
        ("户主", "head"),
    ],
)
def test_relations_said_around_the_word(word: str, stored: str) -> None:
    """The head named first (户主之子), birth order (二儿子), and the kin rosters name that
    GB/T 4761 lists under other codes or not at all (奶奶, 曾孙女, 表妹)."""
    assert normalize_cell("relation", word)[0] == stored


@pytest.mark.parametrize("word", ["二", "大", "户主之", "老二女婿", "小"])
def test_a_prefix_alone_is_no_relation(word: str) -> None:
    """What is left to the value mapping step: never a guess from a prefix."""
    assert normalize_cell("relation", word)[0] == word


@pytest.mark.parametrize(
    ("field", "word", "value", "also"),
    [
        ("employment_status", "扶贫车间", "local_job", (("work_place", "local"),)),
        ("employment_status", "临时工", "flexible", ()),
        ("employment_status", "家庭主妇", "not_seeking", ()),
        ("employment_status", "年老体弱", "not_applicable", ()),
        ("employment_status", "上学", "in_school", (("school_status", "enrolled"),)),
        ("labour_capacity", "部分丧失劳动能力", "weak", ()),
        ("labour_capacity", "强劳动力", "full", ()),
        ("education", "初中在读", "junior", (("school_status", "enrolled"),)),
        ("registration_status", "未迁入", "pending", ()),
        ("registration_status", "户口已迁入", "transferred", ()),
    ],
)
def test_more_words_of_rosters(field: str, word: str, value: str, also: tuple[object, ...]) -> None:
    """Words met in rosters beyond the code tables; a word that could mean two things (务农,
    无业, 省内务工, 在读) is left to the value mapping step, not guessed."""
    assert normalize_cell(field, word) == (value, also)
    for ambiguous in ("务农", "无业", "省内务工"):
        assert normalize_cell("employment_status", ambiguous)[0] == ambiguous
    assert normalize_cell("education", "在读")[0] == "在读"


def test_every_blank_word_is_within_the_length_looked_at() -> None:
    from relocdesk.roster import cells

    assert max(map(len, vocab.blank_words())) + 2 <= cells._BLANK_LONGEST


@pytest.mark.parametrize("word", ["无", "暂无", "/", "—", "-", "不详", "待补", " 暂无 "])
def test_a_cell_that_says_it_is_blank(word: str, desk_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """无, /, 暂无 … where nothing is known: a blank in a column whose own words do not know
    them (a phone, a date, an employer, an education), the value where they do (低保 无 is
    none, a yes/no column's 无 is no), and a blank a required column reports as such."""
    from relocdesk.roster import plan_import, read_table, suggest_mapping
    from tests.roster._roster import HEADERS, as_rows, roster, write_csv

    headers = [*HEADERS, "文化程度", "就业单位", "低保", "是否残疾"]
    rows = [[*r, word, word, "无", "无"] for r in as_rows(roster(1))]
    rows[0][HEADERS.index("联系电话")] = word
    rows[0][HEADERS.index("入住日期")] = word
    rows.append([*as_rows(roster(1, start=40))[0], "", "", "", ""])
    rows[-1][HEADERS.index("姓名")] = word
    raw = read_table(write_csv(tmp_path / "blank.csv", headers, rows))
    plan = plan_import(desk_factory(), raw, suggest_mapping(raw.headers))
    assert plan.summary()["rejected_by_reason"] == {"required": 1}, plan.to_json(5)
    [bad] = [r for r in plan.report if r.errors]
    assert bad.errors[0].value == word.strip() and bad.errors[0].field == "name"
    head = plan.people[0].values
    assert not {"phone", "education", "employer"} & head.keys()
    assert plan.households[plan.people[0].household_key].values.get("dibao") == "none"


@pytest.mark.parametrize("word", ["未知", "未说明", "不清楚"])
def test_a_gender_not_stated_is_a_blank_the_id_number_fills(  # type: ignore[no-untyped-def]
    word: str, desk_factory, tmp_path: Path
) -> None:
    """GB/T 2261.1's 未知的性别 / 未说明的性别 as rosters shorten them: no refusal, and the
    gender read from the ID number as for a blank cell."""
    from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
    from tests.roster._roster import HEADERS, as_rows, roster, write_csv

    rows = as_rows(roster(1))
    rows[0][HEADERS.index("性别")] = word
    raw = read_table(write_csv(tmp_path / "gender.csv", HEADERS, rows))
    desk = desk_factory()
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.summary()["rejected_by_reason"] == {}
    assert apply_import(desk, plan).applied
    id_no = rows[0][HEADERS.index("身份证号码")]
    [gender] = desk.conn.execute(
        "SELECT gender FROM person WHERE id_number = ?", (id_no,)
    ).fetchone()
    assert gender == ("male" if int(id_no[16]) % 2 else "female")
