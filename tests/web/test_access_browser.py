"""The access log in a real browser: Debian's chromium, headless, against ``relocdesk-server``
running as its own process on PostgreSQL, over audit rows synced from a laptop. The county
officer opens it from the bar, filters it by kind, reads it in Chinese and in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.validation import mask_id_number
from tests.sync.harness import County, MemoryKeyring
from tests.web.chromium import ServerProcess, chromium, screenshot
from tests.web.conftest import county_user
from tests.web.test_access_log import ID_WIFE, _looks
from tests.web.test_browser import click_and_wait, sign_in

pytestmark = pytest.mark.postgres


@pytest.fixture
def site(
    pg_county: County, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[tuple[County, ServerProcess, str]]:
    pg_county.server.start()  # the laptops sync through it
    user = county_user(pg_county)
    _looks(pg_county, tmp_path)
    server = ServerProcess(pg_county.storage.url, tmp_path)
    try:
        yield pg_county, server, user
    finally:
        server.stop()


def test_the_access_log_in_chromium_in_both_languages(
    site: tuple[County, ServerProcess, str], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    county, server, user = site
    with chromium(tmp_path) as driver:
        sign_in(driver, server.url, user)
        click_and_wait(driver, By.ID, "nav-access")
        assert driver.current_url.endswith("/web/access")
        assert "查看记录" in driver.find_element(By.TAG_NAME, "h1").text
        assert len(driver.find_elements(By.CSS_SELECTOR, "#access tbody tr")) == 50
        Select(driver.find_element(By.ID, "f-kind")).select_by_value("reveal")
        click_and_wait(driver, By.ID, "filter")
        assert "kind=reveal" in driver.current_url
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#access tbody td")]
        assert cells[1:7] == ["锦绣社区", county.user, "显示完整身份证号", "H-1", "李梅",
                              mask_id_number(ID_WIFE)]  # fmt: skip
        screenshot(driver, tmp_path, "access_log_zh")
        click_and_wait(driver, By.ID, "lang")
        assert "Access log" in driver.find_element(By.TAG_NAME, "h1").text
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#access tbody td")]
        assert cells[3] == "revealed full ID number" and cells[5] == "李梅"
        Select(driver.find_element(By.ID, "f-kind")).select_by_value("")
        click_and_wait(driver, By.ID, "filter")
        screenshot(driver, tmp_path, "access_log_en")
