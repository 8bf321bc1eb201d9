"""The dashboard's pages over seeded communities on a real server: every figure on the
overview equals the community's own laptop's (its ``relocdesk.reports.dashboard``), the
county's totals are the sums, sorting orders by the figure, the households behind a figure
add up to it with masked IDs and every list opened is audited, and another county's account
sees nothing of this county."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from relocdesk.reports import dashboard
from relocdesk.reports.county import county_extras
from relocdesk.server.web.columns import HEADLINE
from tests.server.county_seed import seeded_laptop
from tests.web.conftest import PASSWORD, Browser, County, county_user

TODAY = datetime.date.today()


@pytest.fixture
def county(sqlite_county: County) -> County:
    """SQLite keeps these page tests quick; the browser test runs the pages on PostgreSQL."""
    return sqlite_county


def cells(html: str, community_id: str) -> dict[str, str]:
    row = re.search(rf'<tr data-community="{community_id}">(.*?)</tr>', html, re.S)
    assert row is not None
    return dict(re.findall(r'data-key="(\w+)" data-value="([^"]*)"', row.group(1)))


def test_overview_shows_each_laptops_figures_and_the_totals(county: County, tmp_path: Path) -> None:
    user = county_user(county)
    laptops = [seeded_laptop(county, tmp_path, n, s, "522731") for n, s in ((45, 3), (30, 11))]
    browser = Browser(county.url)
    try:
        assert browser.sign_in(user, PASSWORD).status_code == 303
        page = browser.http.get("/web/overview")
        assert page.status_code == 200
        html = page.text
        extras = []
        for laptop in laptops:
            own = dashboard(laptop.desk, TODAY)
            extra = county_extras(laptop.desk.conn, TODAY)
            extras.append(extra)
            shown = cells(html, laptop.desk.community_id)
            for column in HEADLINE:
                expected = getattr(own, column.key, None)
                if expected is None:
                    expected = getattr(extra, column.key)
                assert float(shown[column.key]) == pytest.approx(expected), column.key
        total = re.search(r'<tr class="total" id="county-total">(.*?)</tr>', html, re.S)
        assert total is not None
        totals = dict(re.findall(r'data-key="(\w+)" data-value="([^"]*)"', total.group(1)))
        ids = [county.community_id] + [lap.desk.community_id for lap in laptops]
        for key in ("households", "people", "labour_force", "red_warnings", "permits_pending"):
            assert int(totals[key]) == sum(int(cells(html, c)[key]) for c in ids), key
        income = sum(x.income_total for x in extras) / sum(x.income_people for x in extras)
        assert float(totals["per_capita_income"]) == round(income)
        visited = sum(x.households_visited_in_interval for x in extras)
        assert float(totals["visited_in_interval_share"]) == round(
            visited / int(totals["households"]), 4
        )

        month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
        book = browser.http.get("/web/workbook", params={"month": month})
        assert book.status_code == 200
        assert "attachment" in book.headers["content-disposition"]
        sheets = openpyxl.load_workbook(io.BytesIO(book.content), read_only=True)
        assert "全县汇总" in sheets.sheetnames
        names = {str(r[0]) for r in sheets["全县汇总"].iter_rows(values_only=True) if r[0]}
        for laptop in laptops:
            assert laptop.desk.community()["name"] in names  # type: ignore[index]
        bad = browser.http.get("/web/workbook", params={"month": "2026-13"})
        assert bad.status_code == 400 and "YYYY-MM" in bad.text

        by_households = browser.http.get("/web/overview?sort=households&dir=desc").text
        order = re.findall(r'<tr data-community="([^"]+)">', by_households)
        counts = [int(cells(by_households, c)["households"]) for c in order]
        assert counts == sorted(counts, reverse=True) and len(order) == 3
        ascending = browser.http.get("/web/overview?sort=households&dir=asc").text
        assert re.findall(r'<tr data-community="([^"]+)">', ascending)[-1] == order[0]
    finally:
        browser.close()


def test_households_behind_a_figure_are_masked_and_audited(county: County, tmp_path: Path) -> None:
    user = county_user(county)
    laptop = seeded_laptop(county, tmp_path, 40, 7, "522731")
    cid = laptop.desk.community_id
    own = dashboard(laptop.desk, TODAY)
    browser = Browser(county.url)
    try:
        browser.sign_in(user, PASSWORD)
        community = browser.http.get(f"/web/community/{cid}")
        assert community.status_code == 200
        assert laptop.desk.community()["name"] in community.text  # type: ignore[index]
        assert 'id="trend-chart"' in community.text and "echarts.min.js" in community.text
        for b in own.by_building:
            if b.households and b.building_head:
                assert b.building_head in community.text
        listed: list[int] = []
        for figure in ("people", "zero_employment_households", "open_needs", "permits_pending"):
            page = browser.http.get(f"/web/community/{cid}/households", params={"figure": figure})
            assert page.status_code == 200
            listed.append(len(re.findall(r'<td class="id text">', page.text)))
            total = re.search(r'<span id="total">(\d+)</span>', page.text)
            want = getattr(own, figure, None)
            if want is None:
                want = getattr(county_extras(laptop.desk.conn, TODAY), figure)
            assert total is not None and int(total.group(1)) == want
            # no ID number in full: 17 digits and a check character never appear
            assert not re.search(r"\b\d{17}[\dX]\b", page.text)
        with county.storage.read() as conn:
            a = county.storage.t_web_audit
            rows = conn.execute(select(a).order_by(a.c.id)).all()
        assert [r.what for r in rows] == [
            "people",
            "zero_employment_households",
            "open_needs",
            "permits_pending",
        ]
        assert {r.user_name for r in rows} == {user} and {r.community_id for r in rows} == {cid}
        assert [r.n_rows for r in rows] == listed and listed[0] == own.households
    finally:
        browser.close()


def test_another_countys_account_sees_nothing_of_this_county(
    county: County, tmp_path: Path
) -> None:
    county_user(county)
    laptop = seeded_laptop(county, tmp_path, 20, 5, "522731")
    cid = laptop.desk.community_id
    other_cid = county.storage.create_community("远山社区")
    stranger = county_user(county, "522732", communities=(other_cid,))
    browser = Browser(county.url)
    try:
        browser.sign_in(stranger, PASSWORD)
        overview = browser.http.get("/web/overview").text
        assert "远山社区" in overview
        assert cid not in overview and county.community_id not in overview
        for path in (f"/web/community/{cid}", f"/web/community/{cid}/households"):
            found = browser.http.get(path)
            assert found.status_code == 404 and "没有此页面" in found.text
        with county.storage.read() as conn:
            assert conn.execute(select(county.storage.t_web_audit)).first() is None
    finally:
        browser.close()
