"""Cells already in their normal form take a shortcut through the checks (a roster's
40,000 ID numbers, mobiles and dates mostly are): it must judge exactly as the full
reading does, which a leading and trailing space forces."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from relocdesk import validation

DIGITS = "0123456789"


def _verdict(check: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    try:
        return "ok", check(*args)
    except validation.ValidationError as e:
        return "error", (e.field, e.code, e.message_zh, e.message_en)


def _same(check: Callable[..., Any], text: str, *rest: Any) -> None:
    assert _verdict(check, text, *rest) == _verdict(check, f" {text} ", *rest)


@given(st.text(alphabet=DIGITS + "X", min_size=18, max_size=18))
def test_any_18_characters(text: str) -> None:
    _same(validation.id_number, text)


@given(
    st.sampled_from(["522731", "110101", "440305", "990101", "522700"]),
    st.dates(datetime.date(1890, 1, 1), datetime.date(2099, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
)
def test_well_formed_and_mistyped_numbers(
    region: str, born: datetime.date, seq: int, mistype: bool
) -> None:
    number = validation.make_id_number(region, born, seq)
    if mistype:
        number = number[:16] + str((int(number[16]) + 1) % 10) + number[17]
    _same(validation.id_number, number)


@given(st.text(alphabet=DIGITS + "-+", min_size=9, max_size=13))
def test_phones(text: str) -> None:
    _same(validation.phone, text)


@given(
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["-", "/", "."]),
)
def test_dates(year: int, month: int, day: int, sep: str) -> None:
    text = f"{year:04d}{sep}{month:02d}{sep}{day:02d}"
    _same(validation.date, text, "move_in_date")
    today, earliest = datetime.date.today(), datetime.date(1900, 1, 1)
    _same(partial(validation.date, not_after=today, not_before=earliest), text, "birth_date")
    _same(partial(validation.date, not_before=earliest), text, "birth_date")


def test_an_impossible_day_is_told_as_such() -> None:
    assert _verdict(validation.date, "2024-02-30", "birth_date")[1][1] == "date_invalid"
    assert _verdict(validation.date, "2024-02-29", "birth_date") == ("ok", "2024-02-29")
