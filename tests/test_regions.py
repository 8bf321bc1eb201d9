"""Region codes: shape and consistency of the county list, look-up and addresses."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from relocdesk import regions, validation
from relocdesk.regions import COUNTIES, PROVINCE_CODES, county_by_code, registration_address


def test_about_forty_counties_mostly_guizhou() -> None:
    assert 35 <= len(COUNTIES) <= 60
    by_province = Counter(c.province for c in COUNTIES)
    assert by_province["贵州省"] > len(COUNTIES) / 2
    assert {"云南省", "四川省", "广西壮族自治区", "甘肃省", "陕西省"} <= set(by_province)


def test_codes_are_unique_six_digit_county_codes() -> None:
    codes = [c.code for c in COUNTIES]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 6 and code.isdigit()
        assert code[:2] in PROVINCE_CODES
        assert code[4:] != "00"  # a county, not a prefecture or province


def test_names_follow_the_code_prefixes() -> None:
    for c in COUNTIES:
        assert c.province == regions.PROVINCES[c.code[:2]]
        assert c.prefecture == regions.PREFECTURES[c.code[:4]]
        assert c.county.endswith(("县", "市", "区", "自治县", "特区"))
        assert c.name == c.county
    # Counties of one prefecture share the province.
    for pref in {c.code[:4] for c in COUNTIES}:
        assert len({c.province for c in COUNTIES if c.code[:4] == pref}) == 1


@pytest.mark.parametrize(
    ("code", "county", "prefecture"),
    [
        ("522701", "都匀市", "黔南布依族苗族自治州"),
        ("522601", "凯里市", "黔东南苗族侗族自治州"),
        ("522301", "兴义市", "黔西南布依族苗族自治州"),
        ("520526", "威宁彝族回族苗族自治县", "毕节市"),
        ("530627", "镇雄县", "昭通市"),
        ("513431", "昭觉县", "凉山彝族自治州"),
    ],
)
def test_well_known_codes(code: str, county: str, prefecture: str) -> None:
    found = county_by_code(code)
    assert found is not None
    assert (found.county, found.prefecture) == (county, prefecture)


def test_townships_and_villages() -> None:
    for c in COUNTIES:
        assert 3 <= len(c.townships) <= 6
        assert len(set(c.townships)) == len(c.townships)
        assert all(t.endswith(("镇", "乡", "街道")) for t in c.townships)
        assert len(c.villages) >= 5
        assert len(set(c.villages)) == len(c.villages)
        assert all(v.endswith("村") and len(v) == 3 for v in c.villages)


def test_villages_are_stable() -> None:
    again = regions._villages(COUNTIES[0].code)
    assert again == COUNTIES[0].villages


def test_lookup() -> None:
    assert county_by_code("522731") is not None
    assert county_by_code(" 522731 ") is county_by_code("522731")
    assert county_by_code("999999") is None
    assert county_by_code("") is None


def test_counties_are_hashable_and_frozen() -> None:
    c = COUNTIES[0]
    assert {c: 1}[c] == 1
    with pytest.raises(AttributeError):
        c.code = "000000"  # type: ignore[misc]


def test_registration_address() -> None:
    c = county_by_code("522701")
    assert c is not None
    address = registration_address(c, "墨冲镇", "新寨村")
    assert address == "贵州省黔南布依族苗族自治州都匀市墨冲镇新寨村"


def test_province_codes() -> None:
    edges = {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65"}
    assert edges | {"71", "81", "82", "83"} <= PROVINCE_CODES
    assert not {"10", "16", "20", "24", "38", "47", "49", "55", "66", "70", "80", "84"} & (
        PROVINCE_CODES
    )
    assert len(PROVINCE_CODES) == 35


def test_every_county_makes_valid_id_numbers() -> None:
    birth = datetime.date(1980, 5, 17)
    for c in COUNTIES:
        made = validation.make_id_number(c.code, birth, 37)
        assert validation.id_info(made).region_code == c.code
