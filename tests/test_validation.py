"""Validation: ID numbers against GB 11643, phones, dates, coded values, money, names."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import enums, validation
from relocdesk.regions import COUNTIES, PROVINCE_CODES
from relocdesk.validation import ValidationError, ValidationErrors

# -- an independent reference for the check character, straight from GB 11643-1999 ----------
# Weight of position i (1-based from the left, 18 positions) is 2^(18-i) mod 11; the check
# character a1 satisfies sum(a_i * W_i) ≡ 1 (mod 11), where 'X' stands for 10.


def reference_check(first17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    a1 = (1 - total) % 11
    return "X" if a1 == 10 else str(a1)


def reference_valid(id_no: str) -> bool:
    weights = [pow(2, 17 - i, 11) for i in range(18)]
    values = [10 if c == "X" else int(c) for c in id_no]
    return sum(v * w for v, w in zip(values, weights, strict=True)) % 11 == 1


def error_of(fn: object, *args: object, **kwargs: object) -> ValidationError:
    assert callable(fn)
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value


def assert_bilingual(e: ValidationError, zh_label: str) -> None:
    assert e.message_zh and e.message_en
    assert zh_label in e.message_zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.message_zh)
    assert re.search("[A-Za-z]{3}", e.message_en)


# -- ID numbers -----------------------------------------------------------------------------


def test_reference_weights_are_the_published_ones() -> None:
    assert [pow(2, 17 - i, 11) for i in range(17)] == [
        7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
    ]  # fmt: skip


def test_published_example_is_valid() -> None:
    assert reference_valid("11010519491231002X")
    assert validation.id_number("11010519491231002X") == "11010519491231002X"
    info = validation.id_info("11010519491231002X")
    assert info == validation.IdInfo("110105", datetime.date(1949, 12, 31), "female")


@pytest.mark.parametrize(
    ("region", "birth", "seq"),
    [
        ("522701", datetime.date(1990, 1, 1), 123),
        ("522731", datetime.date(1985, 6, 30), 42),
        ("530627", datetime.date(2012, 2, 29), 7),
        ("451228", datetime.date(1950, 11, 11), 998),
        ("610924", datetime.date(2001, 9, 9), 0),
    ],
)
def test_made_numbers_match_the_reference(region: str, birth: datetime.date, seq: int) -> None:
    made = validation.make_id_number(region, birth, seq)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    assert made == first17 + reference_check(first17)
    assert reference_valid(made)
    info = validation.id_info(made)
    assert (info.region_code, info.birth_date) == (region, birth)
    assert info.gender == ("male" if seq % 2 else "female")


def test_hand_computed_check_characters() -> None:
    # Worked by hand: 52270119900101123 -> weighted sum 213, 213 mod 11 = 4 -> '8'.
    assert validation.make_id_number("522701", datetime.date(1990, 1, 1), 123)[-1] == "8"
    assert reference_check("52270119900101123") == "8"
    # Weighted sum of 11010519491231002 is 167, 167 mod 11 = 2 -> 'X'.
    assert reference_check("11010519491231002") == "X"


def test_lower_case_x_spaces_and_full_width_are_normalised() -> None:
    assert validation.id_number("11010519491231002x") == "11010519491231002X"
    assert validation.id_number(" 110105 19491231 002X ") == "11010519491231002X"
    assert validation.id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert validation.id_number("'11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        (None, "required"),
        ("   ", "required"),
        ("110105491231002", "id_length"),
        ("1101051949123100", "id_length"),
        ("11010519491231002X1", "id_length"),
        ("1101051949123100AX", "id_chars"),
        ("X10105194912310021", "id_chars"),
        ("99010519491231002X", "id_region"),
        ("00010519491231002X", "id_region"),
        ("11010519491331002X", "id_birth_date"),
        ("11010518991231002X", "id_birth_date"),
        ("11010520230229002X", "id_birth_date"),
        ("110105194912310021", "id_checksum"),
        ("1.23457E+17", "id_scientific"),
        ("5.20101199001011E+17", "id_scientific"),
        ("5.22731E+17", "id_scientific"),
        ("522731199001011000.0", "id_scientific"),
        (5.20101199001011e17, "id_scientific"),
        (522701199001011200, "id_scientific"),
    ],
)
def test_id_error_codes(value: object, code: str) -> None:
    e = error_of(validation.id_number, value)
    assert (e.field, e.code) == ("id_number", code)
    assert_bilingual(e, "身份证号码")


def test_old_fifteen_digit_number_asks_for_eighteen() -> None:
    e = error_of(validation.id_number, "110105491231002")
    assert "18" in e.message_zh and "18" in e.message_en


def test_scientific_message_says_excel_and_text() -> None:
    e = error_of(validation.id_number, "5.20101199001011E+17")
    assert "Excel" in e.message_zh and "文本" in e.message_zh
    assert "Excel" in e.message_en and "Text" in e.message_en


def test_an_exact_int_id_is_accepted() -> None:
    good = validation.make_id_number("522701", datetime.date(1990, 1, 1), 123)
    assert validation.id_number(int(good)) == good


def test_birth_date_in_the_future_is_refused() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    e = error_of(validation.id_number, validation.make_id_number("522701", tomorrow, 1))
    assert e.code == "id_birth_date"


def test_custom_field_name_is_used() -> None:
    e = error_of(validation.id_number, "123", "head_id")
    assert e.field == "head_id" and "head_id" in e.message_zh and "head_id" in e.message_en


def test_check_identity() -> None:
    woman = "11010519491231002X"
    validation.check_identity(woman, "female", "1949-12-31")
    validation.check_identity(woman, "女", datetime.date(1949, 12, 31))
    validation.check_identity(woman, None, None)
    validation.check_identity(woman, "", "")
    e = error_of(validation.check_identity, woman, "male", "1949-12-31")
    assert (e.field, e.code) == ("gender", "gender_mismatch")
    assert_bilingual(e, "性别")
    e = error_of(validation.check_identity, woman, "男", None)
    assert e.code == "gender_mismatch"
    e = error_of(validation.check_identity, woman, "female", "1949/12/30")
    assert (e.field, e.code) == ("birth_date", "birth_date_mismatch")
    assert_bilingual(e, "出生日期")
    assert "1949-12-31" in e.message_zh


def test_make_id_number_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError):
        validation.make_id_number("5227", datetime.date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        validation.make_id_number("522701", datetime.date(1990, 1, 1), 1000)


regions = st.one_of(
    st.sampled_from([c.code for c in COUNTIES]),
    st.builds(
        lambda p, rest: p + f"{rest:04d}",
        st.sampled_from(sorted(PROVINCE_CODES)),
        st.integers(0, 9999),
    ),
)
births = st.dates(datetime.date(1900, 1, 1), datetime.date.today())


@given(regions, births, st.integers(0, 999))
def test_made_ids_round_trip(region: str, birth: datetime.date, seq: int) -> None:
    made = validation.make_id_number(region, birth, seq)
    assert reference_valid(made)
    assert validation.id_number(made) == made
    assert validation.id_number(made.lower()) == made
    info = validation.id_info(made)
    assert info == validation.IdInfo(region, birth, "male" if seq % 2 else "female")


@given(regions, births, st.integers(0, 999), st.integers(0, 17), st.integers(1, 10))
def test_any_single_changed_character_is_detected(
    region: str, birth: datetime.date, seq: int, pos: int, delta: int
) -> None:
    made = validation.make_id_number(region, birth, seq)
    chars = "0123456789X" if pos == 17 else "0123456789"
    old = chars.index(made[pos])
    new = chars[(old + delta) % len(chars)]
    if new == made[pos]:  # a delta of 10 wraps around among digits only
        return
    changed = made[:pos] + new + made[pos + 1 :]
    with pytest.raises(ValidationError) as info:
        validation.id_number(changed)
    assert info.value.code in {"id_region", "id_birth_date", "id_checksum"}


def _every_check(value: object) -> None:
    for check in (
        validation.id_number,
        validation.mobile,
        validation.phone,
        validation.person_name,
        lambda v: validation.date(v, "date"),
        lambda v: validation.enum(v, "gender", enums.GENDER),
        lambda v: validation.boolean(v, "ins_medical"),
        lambda v: validation.money(v, "monthly_wage"),
        lambda v: validation.required_text(v, "notes", max_len=5),
    ):
        try:
            check(value)
        except ValidationError as e:
            assert e.message_zh and e.message_en and e.code


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet="0123456789xX.E+- 年月日/"), st.floats()))
def test_random_input_raises_only_validation_errors(value: object) -> None:
    _every_check(value)


@given(st.one_of(st.integers(), st.none(), st.booleans(), st.binary()))
def test_odd_types_raise_only_validation_errors(value: object) -> None:
    _every_check(value)


# -- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "86-138-1234-5678",
        "008613812345678",
        "１３８１２３４５６７８",
        13812345678,
        13812345678.0,
        "'13812345678",  # typed to stay text in a spreadsheet
        "138\u200b12345678",  # pasted from a web page: a zero-width space
        "\ufeff13812345678",
        "138\u00a01234\u00a05678",
    ],
)
def test_mobile_forms(value: object) -> None:
    assert validation.mobile(value) == "13812345678"
    assert validation.phone(value) == "13812345678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "abc"])
def test_bad_mobiles(value: str) -> None:
    e = error_of(validation.mobile, value)
    assert (e.field, e.code) == ("phone", "mobile_invalid")
    assert_bilingual(e, "联系电话")
    assert error_of(validation.mobile, "").code == "required"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0851-12345678", "0851-12345678"),
        ("085112345678", "0851-12345678"),
        ("0854 8123456", "0854-8123456"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("(0851)12345678", "0851-12345678"),
    ],
)
def test_landlines(value: str, expected: str) -> None:
    assert validation.phone(value) == expected


@pytest.mark.parametrize("value", ["0851-123456", "851-12345678", "0851-123456789", "12345"])
def test_bad_phones(value: str) -> None:
    e = error_of(validation.phone, value, "household_phone")
    assert (e.field, e.code) == ("household_phone", "phone_invalid")


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2024, 3, 5),
        datetime.datetime(2024, 3, 5, 10, 30),
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024/03/05",
        "2024.3.5",
        "20240305",
        "2024年3月5日",
        "2024年03月05日",
        " ２０２４-０３-０５ ",
    ],
)
def test_date_forms(value: object) -> None:
    assert validation.date(value, "move_in_date") == "2024-03-05"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2023-02-29", "date_invalid"),
        ("2024-13-01", "date_invalid"),
        ("20230229", "date_invalid"),
        ("2023年2月30日", "date_invalid"),
        ("yesterday", "date_format"),
        ("2024-03", "date_format"),
        ("05/03/2024", "date_format"),
        ("", "required"),
    ],
)
def test_bad_dates(value: str, code: str) -> None:
    e = error_of(validation.date, value, "birth_date")
    assert (e.field, e.code) == ("birth_date", code)
    assert_bilingual(e, "出生日期")


def test_date_bounds() -> None:
    limit = datetime.date(2024, 1, 1)
    assert validation.date("2024-01-01", "date", not_after=limit, not_before=limit) == "2024-01-01"
    e = error_of(validation.date, "2024-01-02", "birth_date", not_after=limit)
    assert e.code == "date_in_future" and "2024-01-01" in e.message_zh
    e = error_of(validation.date, "1899-12-31", "birth_date", not_before=datetime.date(1900, 1, 1))
    assert e.code == "date_too_early"
    assert_bilingual(e, "出生日期")


# -- coded values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["local_job", "本地就业", "local job", "LOCAL JOB", " 本地就业 ", "Local_Job"]
)
def test_enum_by_code_zh_en(value: str) -> None:
    assert validation.enum(value, "employment_status", enums.EMPLOYMENT_STATUS) == "local_job"


def test_enum_refusal_lists_the_labels() -> None:
    e = error_of(validation.enum, "打工", "gender", enums.GENDER)
    assert (e.field, e.code) == ("gender", "not_in_list")
    assert "男" in e.message_zh and "女" in e.message_zh
    assert_bilingual(e, "性别")
    assert validation.enum("", "work_place", enums.WORK_PLACE) == ""
    assert validation.enum("县外", "work_place", enums.WORK_PLACE) == "outside_county"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, 1), (False, 0), (1, 1), (0, 0), ("1", 1), ("0", 0), ("是", 1), ("否", 0),
        ("有", 1), ("无", 0), ("yes", 1), ("No", 0), ("Y", 1), ("n", 0), ("TRUE", 1),
        ("false", 0), ("√", 1), ("", 0), (None, 0), (" 是 ", 1),
    ],
)  # fmt: skip
def test_boolean(value: object, expected: int) -> None:
    assert validation.boolean(value, "ins_medical") == expected


def test_boolean_refuses_other_words() -> None:
    e = error_of(validation.boolean, "也许", "ins_medical")
    assert e.code == "not_a_boolean" and e.message_en


# -- money, text, names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234.5", 1234.5), ("1234元", 1234.0), ("￥800", 800.0), (3000, 3000.0), ("0", 0.0),
     (2500.75, 2500.75), ("１２００", 1200.0), (" 12,000 元 ", 12000.0)],
)  # fmt: skip
def test_money(value: object, expected: float) -> None:
    assert validation.money(value, "monthly_wage") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        (float("nan"), "not_a_number"),
        (True, "not_a_number"),
        ("-5", "negative"),
        (-0.01, "negative"),
        ("20000000", "too_large"),
    ],
)
def test_money_errors(value: object, code: str) -> None:
    e = error_of(validation.money, value, "monthly_wage")
    assert e.code == code
    assert_bilingual(e, "月工资")
    assert error_of(validation.money, "101", "x", max_value=100).code == "too_large"


def test_required_text() -> None:
    assert validation.required_text("  王家寨  ", "notes") == "王家寨"
    assert error_of(validation.required_text, "  ", "notes").code == "required"
    assert error_of(validation.required_text, None, "notes").code == "required"
    e = error_of(validation.required_text, "一二三四五六", "notes", max_len=5)
    assert e.code == "too_long"
    assert_bilingual(e, "备注")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张三"),
        (" 王 ", "王"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("王𠮷", "王𠮷"),  # CJK extension B
        ("李㐂", "李㐂"),  # extension A
        ("Maria Lopez", "Maria Lopez"),
        ("王\u3000芳", "王芳"),  # padded to line up with three-character names
        ("王  芳", "王芳"),
        ("王 𠮷", "王𠮷"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("阿依古丽 •买买提", "阿依古丽·买买提"),
    ],
)
def test_person_names(value: str, expected: str) -> None:
    assert validation.person_name(value) == expected


@pytest.mark.parametrize(
    "value",
    ["张3", "王五!", "·张三", "张三·", "张··三", "一二三四五六七八九十一二三四五六七八九十一"],
)
def test_bad_person_names(value: str) -> None:
    e = error_of(validation.person_name, value)
    assert (e.field, e.code) == ("name", "name_invalid")
    assert_bilingual(e, "姓名")
    assert error_of(validation.person_name, "").code == "required"


# -- the error types ------------------------------------------------------------------------


def test_error_text_and_dict() -> None:
    e = ValidationError("phone", "phone_invalid", "联系电话不对", "phone is wrong")
    assert isinstance(e, ValueError)
    assert str(e) == "phone: 联系电话不对 / phone is wrong"
    assert e.as_dict() == {
        "field": "phone",
        "code": "phone_invalid",
        "message_zh": "联系电话不对",
        "message_en": "phone is wrong",
    }
    many = ValidationErrors([e, ValidationError("name", "required", "姓名不能为空", "name")])
    assert isinstance(many, ValueError)
    assert [x.field for x in many.errors] == ["phone", "name"]
    assert "联系电话不对" in str(many)


def test_unknown_field_is_named_by_its_key() -> None:
    e = error_of(validation.required_text, "", "favourite_colour")
    assert e.message_zh.startswith("favourite_colour")
    assert e.message_en.startswith("favourite_colour")


def test_the_standards_second_example() -> None:
    """GB 11643-1999 also shows 440524188001010014 (a man born 1880-01-01). Its check
    character is right; the validator still refuses it, as no resident was born before 1900."""
    assert reference_valid("440524188001010014")
    assert validation.check_char("44052418800101001") == "4"
    assert error_of(validation.id_number, "440524188001010014").code == "id_birth_date"


@given(
    st.sampled_from(sorted(c.code for c in COUNTIES)),
    st.dates(datetime.date(1920, 1, 1), datetime.date(2025, 12, 31)),
    st.integers(0, 999),
    st.dates(datetime.date(1920, 1, 1), datetime.date(2025, 12, 31)),
)
def test_identity_cross_checks(
    region: str, birth: datetime.date, seq: int, other: datetime.date
) -> None:
    id_no = validation.make_id_number(region, birth, seq)
    gender = "male" if seq % 2 else "female"
    validation.check_identity(id_no.lower(), gender, birth.isoformat())
    validation.check_identity(id_no, enums.GENDER[gender][0], None)  # the Chinese label
    wrong = "female" if gender == "male" else "male"
    assert error_of(validation.check_identity, id_no, wrong, None).code == "gender_mismatch"
    if other != birth:
        err = error_of(validation.check_identity, id_no, None, other)
        assert err.code == "birth_date_mismatch" and birth.isoformat() in err.message_en


@pytest.mark.parametrize(
    "mark", ["\u200b", "\ufeff", "\u00ad", "\u200e", "\u2060", "\u00a0", "\u202a"]
)
def test_what_shows_nothing_is_not_part_of_a_value(mark: str) -> None:
    """Pasted cells carry characters no screen shows (relocdesk.typed): an ID number, a
    phone, a name and a coded word read as the clerk sees them."""
    from relocdesk import vocab

    good = validation.make_id_number("522731", datetime.date(1990, 1, 1), 123)
    assert (
        validation.id_number(mark + good)
        == good
        == validation.id_number(good[:9] + mark + good[9:])
    )
    assert validation.person_name(f"王{mark}芳") == "王芳"
    assert vocab.key(f"县外{mark}务工") == vocab.key("县外务工")
