"""What the report calls each reason a row is rejected for, and each kind of row skipped,
in Chinese and English: the counts by reason name them this way."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from relocdesk.roster.nonperson import KINDS as SKIPPED_KINDS

REJECT_REASONS: dict[str, tuple[str, str]] = {
    "required": ("必填项为空", "a required value is blank"),
    "id_scientific": ("身份证号码被 Excel 存成数字", "ID number turned into a number by Excel"),
    "id_length": ("身份证号码位数不对", "ID number of the wrong length"),
    "id_chars": ("身份证号码有非数字字符", "ID number with characters not allowed"),
    "id_region": ("身份证号码地区码无效", "ID number with no valid region"),
    "id_birth_date": ("身份证号码中的出生日期无效", "ID number with an invalid birth date"),
    "id_checksum": ("身份证号码校验位不对", "ID number failing its check character"),
    "id_shared": ("两人共用一个身份证号码", "two people with one ID number"),
    "head_rejected": ("户主未通过，整户暂缓", "household held back: its head was rejected"),
    "two_heads": ("一户有两个户主", "two heads in one household"),
    "no_household": ("没有户号、房号或户主身份证号码", "no household number, room or head's ID"),
    "head_id_mismatch": ("户主行的户主身份证号码不是本人的", "a head's row naming another head"),
    "gender_mismatch": ("性别与身份证号码不符", "gender contradicts the ID number"),
    "birth_date_mismatch": ("出生日期与身份证号码不符", "birth date contradicts the ID number"),
    "not_in_list": ("不在可选范围内的值", "a value not in the list"),
    "not_a_boolean": ("应填是或否", "not a yes or no"),
    "phone_invalid": ("电话号码无效", "invalid phone number"),
    "mobile_invalid": ("手机号码无效", "invalid mobile number"),
    "date_format": ("日期写法无法识别", "a date not understood"),
    "date_invalid": ("不存在的日期", "a date that does not exist"),
    "date_in_future": ("日期晚于今天", "a date in the future"),
    "date_too_early": ("日期过早", "a date too early"),
    "name_invalid": ("姓名无效", "invalid name"),
    "not_a_number": ("应为数字", "not a number"),
    "negative": ("不能为负数", "a negative number"),
    "too_large": ("数值过大", "a number too large"),
    "too_long": ("内容过长", "text too long"),
    "out_of_range": ("超出范围", "out of range"),
}


def reason_label(code: str, lang: str = "zh") -> str:
    zh, en = REJECT_REASONS.get(code, (code, code))
    return zh if lang == "zh" else en


def skipped_label(kind: str, lang: str = "zh") -> str:
    zh, en = SKIPPED_KINDS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def counted(counts: Mapping[str, int], label: Callable[[str, str], str]) -> str:
    """Counts by reason (or kind of row) in words, Chinese then English: "户主未通过，整户暂缓
    3，… / household held back: its head was rejected 3, …"; "0" when there are none."""
    if not counts:
        return "0"
    zh = "，".join(f"{label(k, 'zh')} {n}" for k, n in counts.items())
    return zh + " / " + ", ".join(f"{label(k, 'en')} {n}" for k, n in counts.items())
