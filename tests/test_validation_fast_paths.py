"""The quick ways the ID number and phone checks take for the cells most rosters hold give
the verdicts of the long way, computed here independently of relocdesk.validation."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import validation
from relocdesk.regions import PROVINCE_CODES

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643-1999, written out from the rule


def check_character(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


@settings(max_examples=300, deadline=None)
@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    rest=st.text("0123456789", min_size=4, max_size=4),
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_exactly_the_right_check_character_is_accepted(
    province: str, rest: str, born: datetime.date, sequence: int
) -> None:
    first17 = f"{province}{rest}{born:%Y%m%d}{sequence:03d}"
    right = check_character(first17)
    for last in "0123456789X":
        if last == right:
            assert validation.id_number(first17 + last) == first17 + last
        else:
            with pytest.raises(validation.ValidationError) as e:
                validation.id_number(first17 + last)
            assert e.value.code == "id_checksum"


@given(st.text(max_size=14))
def test_phone_judges_blank_and_short_text_as_before(text: str) -> None:
    """Blank text is still 'required', not a bad number, now that a stored mobile is let
    through before the blank check."""
    if not text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}).strip():
        with pytest.raises(validation.ValidationError) as e:
            validation.phone(text)
        assert e.value.code == "required"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_a_stored_mobile_comes_back_as_it_is(number: str) -> None:
    assert validation.phone(number) == number


def masked_the_long_way(value: object) -> str:
    """The masking as first written: spaces out, four characters kept at each end."""
    text = "" if value is None else "".join(str(value).split())
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=24),
        st.text("0123456789X x\u3000\uff11", min_size=16, max_size=20),
        st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    )
)
def test_masking_a_stored_number_shows_what_the_long_way_shows(value: object) -> None:
    assert validation.mask_id_number(value) == masked_the_long_way(value)
