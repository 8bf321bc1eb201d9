"""The overview's traffic lights follow the thresholds the county publishes: a community
whose income per person sits between two monitoring lines turns red when the county raises
the line above it and green again when the line is withdrawn, and the page says which values
are the county's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relocdesk.server.web.columns import Thresholds
from tests.server.county_seed import seeded_laptop
from tests.web.conftest import PASSWORD, Browser, County, county_user


def light(html: str, community_id: str, key: str) -> tuple[float, str | None]:
    """A figure's value and the colour of its light in the community's overview row."""
    row = re.search(rf'<tr data-community="{community_id}">(.*?)</tr>', html, re.S)
    assert row is not None
    cell = re.search(rf'<td data-key="{key}" data-value="([^"]*)">(.*?)</td>', row.group(1), re.S)
    assert cell is not None
    colour = re.search(r'<span class="light (\w+)"', cell.group(2))
    return float(cell.group(1)), colour.group(1) if colour else None


def rule(html: str, key: str) -> str:
    found = re.search(rf'<li data-key="{key}">(.*?)</li>', html, re.S)
    assert found is not None
    return found.group(1)


def test_publishing_a_line_above_a_community_turns_its_light_red(
    sqlite_county: County, tmp_path: Path
) -> None:
    county = sqlite_county
    user = county_user(county)
    cid = seeded_laptop(county, tmp_path, 40, 5, "522731").desk.community_id
    storage = county.storage
    browser = Browser(county.url)
    try:
        browser.sign_in(user, PASSWORD)
        html = browser.http.get("/web/overview").text
        income, before = light(html, cid, "per_capita_income")
        assert income > 0 and before is not None
        assert 'id="no-county-values"' in html and "县定" not in rule(html, "per_capita_income")

        # The county's line one yuan above the community's income: below the line is red.
        storage.publish("522731", "INC-01.line", income + 1, "test")
        html = browser.http.get("/web/overview").text
        assert light(html, cid, "per_capita_income") == (income, "red")
        assert f"{income + 1:,g} 元（县定）" in rule(html, "per_capita_income")
        assert re.search(r'<tr data-key="INC-01.line">.*?<td>7000</td>', html, re.S)

        # Both lines far below it, no margin: green; the county's shared setting name counts.
        storage.publish("522731", "INC-01.line", income / 4, "test")
        storage.publish("522731", "income_line", income / 4, "test")
        storage.publish("522731", "INC-03.margin_percent", 0, "test")
        html = browser.http.get("/web/overview").text
        assert light(html, cid, "per_capita_income") == (income, "green")

        browser.http.cookies.set("rd_lang", "en")
        english = browser.http.get("/web/overview").text
        browser.http.cookies.delete("rd_lang")
        assert "(set by the county)" in rule(english, "per_capita_income")
        assert "Income monitoring line" in english

        for key in ("INC-01.line", "income_line", "INC-03.margin_percent"):
            assert storage.unpublish("522731", key)
        html = browser.http.get("/web/overview").text
        assert light(html, cid, "per_capita_income") == (income, before)
        assert 'id="no-county-values"' in html
    finally:
        browser.close()


def test_the_referral_target_is_the_countys(sqlite_county: County, tmp_path: Path) -> None:
    county = sqlite_county
    user = county_user(county)
    cid = seeded_laptop(county, tmp_path, 40, 5, "522731").desk.community_id
    browser = Browser(county.url)
    try:
        browser.sign_in(user, PASSWORD)
        html = browser.http.get("/web/overview").text
        rate, _ = light(html, cid, "referrals_per_unemployed")
        target = max(rate, 1.0) + 1  # above the community: it falls short
        county.storage.publish("522731", "EMP-02.min_referrals", target, "test")
        html = browser.http.get("/web/overview").text
        assert light(html, cid, "referrals_per_unemployed")[1] in {"amber", "red"}
        page = browser.http.get(f"/web/community/{cid}").text
        assert f"{target:,g} 次（县定）" in rule(page, "referrals_per_unemployed")
        county.storage.publish("522731", "EMP-02.min_referrals", 0, "test")
        html = browser.http.get("/web/overview").text
        assert light(html, cid, "referrals_per_unemployed")[1] == "green"
    finally:
        browser.close()


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ({}, (7000.0, False)),
        ({"income_line": "7500"}, (7500.0, True)),
        ({"income_line": "7500", "INC-01.line": "8000"}, (8000.0, True)),
        ({"INC-03.line": "9000"}, (7000.0, False)),
    ],
)
def test_a_line_is_taken_as_a_device_of_the_county_takes_it(
    published: dict[str, str], expected: tuple[float, bool]
) -> None:
    # the indicator's own value over the shared setting, over the catalogue's (docs/county.md)
    limit = Thresholds(published)["INC-01.line"]
    assert (limit.value, limit.county) == expected and limit.default == 7000.0
