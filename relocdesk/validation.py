"""Checks for what people type or import: ID numbers, phones, dates, coded values, money, names.

Every check returns the normalised value or raises ``ValidationError`` naming the field and the
problem in Chinese and English, with a stable ``code`` that tests, reports and the UI rely on.
"""

from __future__ import annotations

import datetime
import math
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from operator import mul

from relocdesk.days import day_parts
from relocdesk.enums import GENDER
from relocdesk.field_labels import FIELD_LABELS
from relocdesk.regions import PROVINCE_CODES
from relocdesk.typed import INVISIBLE, TEXT_MARKS, visible, without_controls

# Full-width ASCII (what Chinese input methods type in full-width mode) to half-width.
# Full-width forms as their ASCII ones, and what shows nothing taken out (relocdesk.typed).
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20} | INVISIBLE


def label(field: str) -> tuple[str, str]:
    """The field's name in Chinese and English; the field name itself when unknown."""
    return FIELD_LABELS.get(field, (field, field))


class ValidationError(ValueError):
    """One field with one problem, told in Chinese and English."""

    def __init__(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{field}: {message_zh} / {message_en}")
        self.field = field
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.field}: {self.message_zh} / {self.message_en}"

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


class ValidationErrors(ValueError):
    """Several problems at once, e.g. for a whole form or one import row."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


def _fail(field: str, code: str, zh: str, en: str) -> ValidationError:
    """An error whose messages start with the field's name in each language."""
    zh_label, en_label = label(field)
    return ValidationError(field, code, f"{zh_label}{zh}", f"{en_label} {en}")


def _text(value: object) -> str:
    return str(value).translate(_HALF).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not _text(value))


def _required(field: str) -> ValidationError:
    return _fail(field, "required", "不能为空", "is required")


# -- resident ID numbers (GB 11643-1999) -----------------------------------------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]*)?E[+-]?[0-9]+")
_DECIMAL = re.compile(r"[0-9]{15,19}\.[0-9]*")
_EARLIEST = datetime.date(1900, 1, 1)

# (monotonic second, the day then): a roster checks two dates a person against today, and
# date.today() reads the zone each call; the day is read again once a second at most.
_day_seen: tuple[int, datetime.date] = (-1, datetime.date.min)


def today() -> datetime.date:
    """The local day, as ``datetime.date.today()``, read at most once a second."""
    global _day_seen
    second = int(time.monotonic())
    if _day_seen[0] != second:
        _day_seen = (second, datetime.date.today())
    return _day_seen[1]


@dataclass(frozen=True)
class IdInfo:
    region_code: str
    birth_date: datetime.date
    gender: str  # 'male' / 'female'


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17:
        raise ValueError(f"17 digits are needed, not {len(first17)}")
    return _CHECK[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def _excel_number(field: str, shown: str) -> ValidationError:
    return ValidationError(
        field,
        "id_scientific",
        f"{label(field)[0]}“{shown}”被 Excel 存成了数字，后几位已丢失；"
        "请把该列设为“文本”格式后重新填写完整号码",
        f"{label(field)[1]} {shown!r} was turned into a number by Excel and its last digits are "
        "lost; set the column to Text and enter the full number again",
    )


# Shown of an ID number where the full one is not needed: the first four digits (province and
# city, which a neighbour knows anyway) and the last four (what people read out to tell two
# numbers apart). Birth date and sequence stay hidden.
MASK_KEEP = 4


def mask_id_number(value: object) -> str:
    """An ID number as lists, search, ``relocdesk show`` and the building heads' devices show
    it: ``5227**********1484``. The one masking of the product; empty for no number, all stars
    for one too short to keep both ends."""
    if value is None:
        return ""
    if type(value) is str and len(value) == 18 and value.isascii() and value.isalnum():
        # a checked number, as stored (most are): no space to take out
        return f"{value[:MASK_KEEP]}{'*' * (18 - 2 * MASK_KEEP)}{value[-MASK_KEEP:]}"
    text = "".join(str(value).split())
    if not text:
        return ""
    if len(text) <= 2 * MASK_KEEP:
        return "*" * len(text)
    hidden = len(text) - 2 * MASK_KEEP
    return f"{text[:MASK_KEEP]}{'*' * hidden}{text[-MASK_KEEP:]}"


def id_number(value: object, field: str = "id_number") -> str:
    """A checked 18-character resident ID number, normalised (half-width, no spaces, upper X)."""
    if isinstance(value, float):
        # A float cannot hold 18 digits: Excel or a reader already rounded it.
        raise _excel_number(field, repr(value) if math.isfinite(value) else str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return id_number(str(value), field)
        except ValidationError as e:
            if len(str(abs(value))) >= 16:
                raise _excel_number(field, str(value)) from e
            raise
    if isinstance(value, str) and len(value) == 18 and _ID_SHAPE.fullmatch(value):
        # Already in its normal form (a roster's cells mostly are): only the meaning is left.
        return _id_meaning(value, field)
    if _blank(value):
        raise _required(field)
    s = re.sub(r"\s+", "", _text(value)).upper().lstrip(TEXT_MARKS)
    if _SCIENTIFIC.fullmatch(s) or _DECIMAL.fullmatch(s):
        raise _excel_number(field, s)
    if len(s) == 15 and s.isascii() and s.isdigit():
        raise _fail(
            field,
            "id_length",
            "是 15 位的旧号码，请填写 18 位的居民身份证号码",
            "is an old 15-digit number; the 18-character number is needed",
        )
    if len(s) != 18:
        raise _fail(
            field,
            "id_length",
            f"应为 18 位，现在是 {len(s)} 位",
            f"must have 18 characters, not {len(s)}",
        )
    if not _ID_SHAPE.fullmatch(s):
        raise _fail(
            field,
            "id_chars",
            "只能是数字，最后一位可以是 X",
            "may only hold digits, with X allowed as the last character",
        )
    return _id_meaning(s, field)


def _id_meaning(s: str, field: str) -> str:
    """Province, birth date and check character of a number of the right shape."""
    if s[:2] not in PROVINCE_CODES:
        raise _fail(
            field,
            "id_region",
            f"开头的“{s[:2]}”不是有效的省级行政区划代码",
            f"starts with {s[:2]!r}, which is not a province code",
        )
    born = _id_birth(s)
    if born is None or not _EARLIEST <= born <= today():
        raise _fail(
            field,
            "id_birth_date",
            f"中的出生日期“{s[6:14]}”不是有效日期",
            f"holds {s[6:14]!r} as birth date, which is not a valid date",
        )
    # check_char's weights are 2**(17-i) mod 11, and 13 is 2 mod 11: the 17 digits read in base
    # 13 give the same sum, in C (the shape is checked, so they are ASCII digits only).
    if _CHECK[2 * int(s[:17], 13) % 11] != s[17]:
        raise _fail(
            field,
            "id_checksum",
            "校验位不对，可能有数字输错，请核对",
            "fails its check character; a digit was probably mistyped",
        )
    return s


def _id_birth(s: str) -> datetime.date | None:
    try:
        return datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None


def id_info(value: str) -> IdInfo:
    """Region code, birth date and gender read from an ID number (checked first)."""
    s = id_number(value)
    born = _id_birth(s)
    assert born is not None  # id_number has checked it
    return IdInfo(s[:6], born, "male" if int(s[16]) % 2 else "female")


def check_identity(id_no: str, gender: str | None, birth_date: str | datetime.date | None) -> None:
    """Refuse a gender or birth date that contradicts the ID number; blanks are not checked."""
    info = id_info(id_no)
    if not _blank(gender):
        given = enum(gender, "gender", GENDER)
        if given != info.gender:
            zh, en = GENDER[info.gender]
            raise _fail(
                "gender",
                "gender_mismatch",
                f"与身份证号码不符：身份证号码显示为{zh}",
                f"does not match the ID number, which says {en}",
            )
    if not _blank(birth_date):
        given_date = date(birth_date, "birth_date")
        if given_date != info.birth_date.isoformat():
            raise _fail(
                "birth_date",
                "birth_date_mismatch",
                f"与身份证号码不符：身份证号码显示为 {info.birth_date.isoformat()}",
                f"does not match the ID number, which says {info.birth_date.isoformat()}",
            )


def make_id_number(region_code: str, birth: datetime.date, sequence: int) -> str:
    """A well-formed ID number; odd sequence numbers are men, even ones women."""
    if not (len(region_code) == 6 and region_code.isascii() and region_code.isdigit()):
        raise ValueError(f"region code must be 6 digits: {region_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0-999: {sequence}")
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


# -- phones ----------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE_DASHED = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})")
_LANDLINE_BARE = re.compile(r"0[0-9]{9,11}")


def _phone_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel hands a number column over as 13812345678.0
    # a leading ' is how a number is typed to stay text in a spreadsheet
    s = re.sub(r"[\s()（）]", "", _text(value)).lstrip(TEXT_MARKS)
    return s


def _mobile_digits(s: str) -> str | None:
    s = s.replace("-", "")
    for prefix in ("+86", "0086", "86"):
        if s.startswith(prefix) and len(s) == len(prefix) + 11:
            s = s[len(prefix) :]
            break
    return s if _MOBILE.fullmatch(s) else None


def mobile(value: object, field: str = "phone") -> str:
    """A mainland mobile number as 11 digits."""
    if _blank(value):
        raise _required(field)
    found = _mobile_digits(_phone_text(value))
    if found is None:
        raise _fail(
            field,
            "mobile_invalid",
            "不是有效的手机号码（11 位，以 13-19 开头）",
            "is not a valid mobile number (11 digits starting 13-19)",
        )
    return found


def phone(value: object, field: str = "phone") -> str:
    """A mobile (11 digits) or a landline, normalised to 'area-number' such as 0851-12345678."""
    if isinstance(value, str) and len(value) == 11 and _MOBILE.fullmatch(value):
        return value  # a mobile as it is stored (never blank): nothing to take away
    if _blank(value):
        raise _required(field)
    s = _phone_text(value)
    found = _mobile_digits(s)
    if found is not None:
        return found
    dashed = _LANDLINE_DASHED.fullmatch(s)
    if dashed:
        return f"{dashed[1]}-{dashed[2]}"
    if _LANDLINE_BARE.fullmatch(s):
        # Area codes 010 and 02x have three digits, all others four.
        cut = 3 if s[1] in "12" else 4
        if 7 <= len(s) - cut <= 8:
            return f"{s[:cut]}-{s[cut:]}"
    raise _fail(
        field,
        "phone_invalid",
        "不是有效的电话号码：手机 11 位，座机如 0851-12345678",
        "is not a valid phone number: an 11-digit mobile or a landline like 0851-12345678",
    )


# -- dates -----------------------------------------------------------------------------------


def _iso_day(value: object) -> datetime.date | None:
    """The day of text already written as YYYY-MM-DD, without the search through the forms
    a person may type; None for anything else, which the full reading then judges."""
    if not (isinstance(value, str) and len(value) == 10 and value[4] == "-" == value[7]):
        return None
    y, m, d = value[:4], value[5:7], value[8:]
    if not (value.isascii() and y.isdigit() and m.isdigit() and d.isdigit()):
        return None
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _day(value: object, field: str) -> datetime.date:
    """A day from a date object or any of the forms a person writes one in."""
    if _blank(value):
        raise _required(field)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    s = _text(value)
    parts = day_parts(s)
    if parts is None:
        raise _fail(
            field,
            "date_format",
            f"“{s}”不是日期，请写成 2024-03-15 或 2024年3月15日",
            f"{s!r} is not a date; write it as 2024-03-15",
        )
    try:
        return datetime.date(*parts)
    except ValueError:
        raise _fail(
            field,
            "date_invalid",
            f"“{s}”不是真实存在的日期",
            f"{s!r} is not a real calendar date",
        ) from None


def date(
    value: object,
    field: str,
    *,
    not_after: datetime.date | None = None,
    not_before: datetime.date | None = None,
) -> str:
    """A date as ISO text 'YYYY-MM-DD'."""
    day = _iso_day(value) or _day(value, field)
    if not_after is not None and day > not_after:
        raise _fail(
            field,
            "date_in_future",
            f"不能晚于 {not_after.isoformat()}",
            f"cannot be later than {not_after.isoformat()}",
        )
    if not_before is not None and day < not_before:
        raise _fail(
            field,
            "date_too_early",
            f"不能早于 {not_before.isoformat()}",
            f"cannot be earlier than {not_before.isoformat()}",
        )
    return day.isoformat()


# -- coded values, yes/no, money, text, names --------------------------------------------------


def enum(value: object, field: str, labels: Mapping[str, tuple[str, str]]) -> str:
    """The code for a value given as code, Chinese label or English label."""
    s = "" if value is None else _text(value)
    if s in labels:
        return s
    folded = s.casefold()
    for code, (zh, en) in labels.items():
        if folded in (code.casefold(), zh.casefold(), en.casefold()):
            return code
    allowed_zh = "、".join(zh for zh, _ in labels.values() if zh)
    allowed_en = ", ".join(en for _, en in labels.values() if en)
    if not s:
        raise _fail(
            field, "required", f"不能为空，可选：{allowed_zh}", f"is required: {allowed_en}"
        )
    raise _fail(
        field,
        "not_in_list",
        f"“{s}”不在可选范围内，可选：{allowed_zh}",
        f"{s!r} is not one of: {allowed_en}",
    )


_YES = frozenset({"1", "是", "有", "yes", "y", "true", "√", "✓", "✔", "t"})
_NO = frozenset({"0", "否", "无", "no", "n", "false", "", "×", "f", "没有"})


def boolean(value: object, field: str) -> int:
    """1 or 0 from the many ways a yes/no is written; blank is no."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    s = _text(value).casefold()
    if s in _YES:
        return 1
    if s in _NO:
        return 0
    raise _fail(
        field,
        "not_a_boolean",
        f"“{s}”应填“是”或“否”",
        f"{s!r} should be yes or no",
    )


def money(value: object, field: str, *, max_value: float = 10_000_000) -> float:
    """A non-negative amount in yuan."""
    if isinstance(value, bool):
        raise _fail(field, "not_a_number", "应为数字", "must be a number")
    if isinstance(value, int | float):
        number = float(value)
        shown = str(value)
    else:
        if _blank(value):
            raise _required(field)
        shown = _text(value)
        number = _amount(shown, field)
    if not math.isfinite(number):
        raise _fail(field, "not_a_number", f"“{shown}”不是数字", f"{shown!r} is not a number")
    if number < 0:
        raise _fail(field, "negative", "不能为负数", "cannot be negative")
    if number > max_value:
        raise _fail(
            field,
            "too_large",
            f"不能超过 {max_value:,.0f}",
            f"cannot be more than {max_value:,.0f}",
        )
    return number


_AMOUNT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _amount(shown: str, field: str) -> float:
    """'12,000', '12000元', '￥12000.00', '1.2万', '1.2万元' -> the yuan they say. 万 (ten
    thousand) is how rosters and ledgers write incomes; it is multiplied out in decimal so
    1.2万 is 12000, not 12000.000000000002."""
    # NFKC: an input method's full-width digits (１２０００．５) and ￥ are the same as ASCII.
    s = unicodedata.normalize("NFKC", shown)
    s = re.sub(r"[\s,，]", "", s).removesuffix("元").removeprefix("¥")
    wan = s.endswith("万")
    s = s.removesuffix("万")
    if not _AMOUNT.fullmatch(s):
        raise _fail(field, "not_a_number", f"“{shown}”不是数字", f"{shown!r} is not a number")
    if not wan:
        return float(s)
    from decimal import Decimal

    return float(Decimal(s) * 10_000)


def required_text(value: object, field: str, *, max_len: int = 200) -> str:
    """Stripped, non-empty text of at most ``max_len`` characters, without control characters
    (``relocdesk.typed.without_controls``: Word's line break pasted in is a line break)."""
    s = without_controls(str(value)).strip() if value is not None else ""
    if _blank(s):
        raise _required(field)
    if len(s) > max_len:
        raise _fail(
            field,
            "too_long",
            f"最多 {max_len} 个字，现在 {len(s)} 个",
            f"may have at most {max_len} characters, not {len(s)}",
        )
    return s


# The dot in ethnic names is typed in many ways; store the one the ID card prints.
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "．": "·", "﹒": "·"})
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
_NAME_CHAR = _HAN + "A-Za-z"
_NAME = re.compile(rf"[{_NAME_CHAR}]+(?:[· ][{_NAME_CHAR}]+)*")
# Padding that lines names up (王　芳) and spaces around an ethnic name's dot are layout,
# never part of the name as the ID card prints it.
_PADDING = re.compile(rf"(?<=[{_HAN}]) (?=[{_HAN}])")


def person_name(value: object, field: str = "name") -> str:
    """A person's name: 1-20 Chinese (rare ones too) or Latin letters, '·' between parts."""
    if _blank(value):
        raise _required(field)
    s = re.sub(r"\s+", " ", visible(str(value)).strip()).translate(_NAME_DOTS)
    s = re.sub(" ?· ?", "·", _PADDING.sub("", s))
    if len(s) > 20 or not _NAME.fullmatch(s):
        raise _fail(
            field,
            "name_invalid",
            f"“{s[:30]}”不是有效的姓名（1-20 个字，不含数字和符号，少数民族姓名可用“·”分隔）",
            f"{s[:30]!r} is not a valid name (1-20 characters, no digits or symbols; "
            "'·' may separate the parts of an ethnic name)",
        )
    return s
