"""Addresses nobody on the team would type, as a hand-edited link, a mangled bookmark or a
scanner sends them, against a real server on 127.0.0.1 (SQLite and PostgreSQL): a page
number that is a digit only to Unicode, the last day of the calendar, a month before year 1
or after 9999, full-width digits, a NUL character in a filter (PostgreSQL refuses NUL in
text), a page that does not exist. Each is a page in the person's language; none is a 500,
and the server counts no error."""

from __future__ import annotations

import re

import httpx
import pytest

from relocdesk.server.web.words import word
from tests.web.conftest import PASSWORD, Browser, County, county_user


def _signed_in(county: County, lang: str) -> Browser:
    browser = Browser(county.url)
    assert browser.sign_in(county_user(county), PASSWORD).status_code == 303
    browser.http.cookies.set("rd_lang", lang)
    return browser


def _errors(county: County) -> int:
    metrics = httpx.get(f"{county.url}/metrics").text
    found = re.search(r"^relocdesk_errors_total (\d+)", metrics, re.M)
    assert found is not None
    return int(found.group(1))


def _total(page: httpx.Response) -> int:
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'<span id="total">(\d+)</span>', page.text)
    assert found is not None, page.text[:300]
    return int(found.group(1))


def _says(page: httpx.Response, status: int, key: str, lang: str) -> None:
    assert page.status_code == status, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    assert word(key, lang) in page.text, page.text[:500]
    assert "Traceback" not in page.text and "server_error" not in page.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_odd_filters_and_months_are_told_on_a_page(county: County, lang: str) -> None:
    browser = _signed_in(county, lang)
    try:
        everything = _total(browser.http.get("/web/access"))
        # "²" is a digit to str.isdigit, and no number: the first page, as for "abc"
        assert _total(browser.http.get("/web/access?page=%C2%B2")) == everything
        # more digits than int() reads (4,300): a page past the end, the last one
        assert _total(browser.http.get("/web/access?page=" + "9" * 5000)) == everything
        # the calendar's last day is a day: everything up to it
        assert _total(browser.http.get("/web/access?until=9999-12-31")) == everything
        for month in (
            "0000-01",
            "9999-12",
            "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-%EF%BC%90%EF%BC%95",
        ):
            _says(browser.http.get(f"/web/workbook?month={month}"), 400, "bad_month", lang)
        cid = county.community_id
        for address in (
            "/web/access?actor=%00",
            "/web/access?actor=li%00wei&since=2026-01-01",
            f"/web/community/{cid}/households?figure=households&building=%00",
        ):
            _says(browser.http.get(address), 400, "bad_address", lang)
        _says(browser.http.get("/web/no-such-page"), 404, "not_found", lang)
        _says(browser.http.post("/web/overview"), 405, "not_found", lang)
        # outside the dashboard, FastAPI's own answers, as the sync clients know them
        for method, path, status in (("GET", "/v1/nope", 404), ("POST", "/v1/info", 405)):
            got = browser.http.request(method, path)
            assert got.status_code == status and got.json() == {"detail": got.json()["detail"]}
        assert _errors(county) == 0
    finally:
        browser.close()
