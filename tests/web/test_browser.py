"""The dashboard in a real browser: Debian's chromium, headless, against ``relocdesk-server``
running as its own process on PostgreSQL, over communities synced from their laptops. A
person signs in, reads the overview, sorts it, opens a community and the households behind a
figure, switches to English and signs out; community staff cannot sign in, and another
county's account sees nothing of this county."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.server.county_seed import seeded_laptop
from tests.sync.harness import County, MemoryKeyring
from tests.web.chromium import ServerProcess, chromium, screenshot
from tests.web.conftest import PASSWORD, county_user

pytestmark = pytest.mark.postgres


class Site:
    def __init__(self, county: County, server: ServerProcess, folder: Path) -> None:
        self.county, self.server, self.folder = county, server, folder
        self.base = server.url


@pytest.fixture
def site(pg_county: County, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[Site]:
    pg_county.server.start()  # the laptops sync through it
    county_user(pg_county)  # the county, with the fixture's (empty) community under it
    for n, seed in ((40, 3), (25, 9)):
        seeded_laptop(pg_county, tmp_path, n, seed, "522731")
    server = ServerProcess(pg_county.storage.url, tmp_path)
    try:
        yield Site(pg_county, server, tmp_path)
    finally:
        server.stop()


def sign_in(driver: Any, base: str, user: str, password: str = PASSWORD) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/web/")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, By.ID, "sign-in")


def click_and_wait(driver: Any, by: str, what: str) -> None:
    """Click, then wait until the page the click asked for has replaced this one (a form's
    answer may take a password hash's time)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(by, what)
    old.click()
    WebDriverWait(driver, 60).until(_replaced(expected_conditions.staleness_of(old)))


def _replaced(stale: Any) -> Any:
    """``staleness_of``, and also true when Chromium, asked about the old element in the
    moment the new page replaces it, answers that its node is no longer in the document
    (an inspector error, not a stale reference: seen with Chromium 156.0.8078.129)."""
    from selenium.common.exceptions import WebDriverException

    def gone(driver: Any) -> bool:
        try:
            return bool(stale(driver))
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise

    return gone


def charts_drawn(driver: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.documentElement.dataset.charts") == "drawn"
    )


def download_workbook(driver: Any, folder: Path) -> Path:
    """Press the workbook button and wait for the file chromium saves."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "workbook").click()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.xlsx") if p.stat().st_size > 0]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError("the workbook was not downloaded")


def column(driver: Any, key: str) -> list[float]:
    from selenium.webdriver.common.by import By

    return [
        float(td.get_attribute("data-value"))
        for td in driver.find_elements(By.CSS_SELECTOR, f'#overview tbody td[data-key="{key}"]')
    ]


def test_a_county_officer_reads_the_county_in_chromium(site: Site) -> None:
    from selenium.webdriver.common.by import By

    user = county_user(site.county)
    with chromium(site.folder) as driver:
        sign_in(driver, site.base, site.county.user, site.county.password)  # a secretary
        assert driver.current_url.endswith("/web/login")
        assert "不是县级账号" in driver.find_element(By.ID, "error").text
        sign_in(driver, site.base, user)
        assert driver.current_url.endswith("/web/overview")
        assert "全县概览" in driver.find_element(By.TAG_NAME, "h1").text
        assert len(driver.find_elements(By.CSS_SELECTOR, "#overview tbody tr")) == 3
        assert driver.find_elements(By.CSS_SELECTOR, "#overview .light.red, #overview .light.green")
        # The session cookie is out of a script's reach.
        assert "rd_session" not in driver.execute_script("return document.cookie")
        # The county publishes an income line above a community: its light turns red.
        income_cell = '#overview tbody td[data-key="per_capita_income"]'
        income, row = max(
            (
                (float(td.get_attribute("data-value")), td.find_element(By.XPATH, ".."))
                for td in driver.find_elements(By.CSS_SELECTOR, income_cell)
            ),
            key=lambda pair: pair[0],
        )
        which = f'tr[data-community="{row.get_attribute("data-community")}"]'
        assert income > 0
        site.county.storage.publish("522731", "INC-01.line", income + 1, "test")
        driver.refresh()
        cell = driver.find_element(By.CSS_SELECTOR, f'{which} td[data-key="per_capita_income"]')
        assert cell.find_element(By.CSS_SELECTOR, ".light").get_attribute("class") == "light red"
        assert "INC-01.line" in driver.find_element(By.ID, "published").text
        screenshot(driver, site.folder, "overview_zh")
        book = download_workbook(driver, site.folder / "downloads")
        summary = openpyxl.load_workbook(book, read_only=True)["全县汇总"]
        names = {str(r[0]) for r in summary.iter_rows(values_only=True) if r[0]}
        shown = {a.text for a in driver.find_elements(By.CSS_SELECTOR, "#overview a.community")}
        assert "合计" in names and shown <= names

        click_and_wait(driver, By.CSS_SELECTOR, 'th a[data-sort="households"]')
        households = column(driver, "households")
        assert households == sorted(households, reverse=True) and households[0] > 0
        click_and_wait(driver, By.CSS_SELECTOR, 'th a[data-sort="households"]')
        assert column(driver, "households") == sorted(households)

        biggest = driver.find_elements(By.CSS_SELECTOR, "#overview tbody a.community")[-1]
        name = biggest.text
        click_and_wait(driver, By.LINK_TEXT, name)
        assert driver.find_element(By.ID, "community-name").text == name
        charts_drawn(driver)
        assert driver.find_elements(By.CSS_SELECTOR, "#trend-chart canvas")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#buildings tbody tr")) >= 1
        told = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#devices td.unsent")]
        assert told and all(t.startswith("0 条，截至") for t in told), told
        screenshot(driver, site.folder, "community_zh")
        people = driver.find_element(By.CSS_SELECTOR, "#buildings tfoot td:nth-child(4) a")
        expected = people.text
        click_and_wait(driver, By.CSS_SELECTOR, "#buildings tfoot td:nth-child(4) a")
        assert driver.find_element(By.ID, "total").text == expected.replace(",", "")
        assert "审计" in driver.find_element(By.ID, "audited").text
        driver.back()

        click_and_wait(driver, By.ID, "lang")
        assert driver.find_element(By.ID, "community-name").text == name
        charts_drawn(driver)
        assert "By building" in driver.page_source
        screenshot(driver, site.folder, "community_en")
        click_and_wait(driver, By.ID, "back")
        assert "County overview" in driver.find_element(By.TAG_NAME, "h1").text
        screenshot(driver, site.folder, "overview_en")
        click_and_wait(driver, By.ID, "sign-out")
        assert "/web/login" in driver.current_url
        driver.get(site.base + "/web/overview")
        assert "/web/login" in driver.current_url


def test_another_countys_officer_sees_nothing_of_it(site: Site) -> None:
    from selenium.webdriver.common.by import By

    elsewhere = site.county.storage.create_community("远山社区")
    stranger = county_user(site.county, "522732", communities=(elsewhere,))
    mine = site.county.storage.county_communities(site.county.storage.county("522731").id)
    with chromium(site.folder) as driver:
        sign_in(driver, site.base, stranger)
        rows = driver.find_elements(By.CSS_SELECTOR, "#overview tbody tr")
        assert [r.get_attribute("data-community") for r in rows] == [elsewhere]
        for c in mine:
            for path in (f"/web/community/{c['id']}", f"/web/community/{c['id']}/households"):
                driver.get(site.base + path)
                assert "没有此页面" in driver.page_source
                assert c["name"] not in driver.page_source
