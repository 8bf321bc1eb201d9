"""The dashboard in a real browser: Debian's chromium, headless, against ``relocdesk-server``
running as its own process on PostgreSQL. A person signs in, reads the overview, switches to
English and signs out; community staff cannot sign in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk.server.storage import Storage
from tests.sync.harness import PgSchema, require_pg
from tests.web.chromium import ServerProcess, chromium, screenshot

pytestmark = pytest.mark.postgres
PASSWORD = "county view 2026"


class Site:
    def __init__(self, storage: Storage, server: ServerProcess, folder: Path) -> None:
        self.storage, self.server, self.folder = storage, server, folder


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    require_pg()
    schema = PgSchema()
    storage = Storage(schema.url)
    storage.create_all()
    cid = storage.create_community("锦绣社区", county="惠水县")
    storage.create_user("huishui", PASSWORD, "county", cid)
    storage.create_user("secretary1", PASSWORD, "secretary", cid)
    server = ServerProcess(schema.url, tmp_path)
    try:
        yield Site(storage, server, tmp_path)
    finally:
        server.stop()
        storage.close()
        schema.drop()


def sign_in(driver: Any, base: str, user: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/web/")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, By.ID, "sign-in")


def click_and_wait(driver: Any, by: str, what: str) -> None:
    """Click, then wait until the page the click asked for has replaced this one (a form's
    answer may take a password hash's time)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(by, what)
    old.click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))


def test_sign_in_overview_english_sign_out(site: Site) -> None:
    from selenium.webdriver.common.by import By

    base = site.server.url
    with chromium(site.folder) as driver:
        sign_in(driver, base, "secretary1")
        assert driver.current_url.endswith("/web/login")
        assert "不是县级账号" in driver.find_element(By.ID, "error").text
        sign_in(driver, base, "huishui")
        assert driver.current_url.endswith("/web/overview")
        assert "全县概览" in driver.find_element(By.TAG_NAME, "h1").text
        assert "锦绣社区" in driver.find_element(By.ID, "overview").text
        # The session cookie is out of a script's reach.
        assert "rd_session" not in driver.execute_script("return document.cookie")
        screenshot(driver, site.folder, "overview_zh")
        click_and_wait(driver, By.ID, "lang")
        assert driver.current_url.endswith("/web/overview")
        assert "County overview" in driver.find_element(By.TAG_NAME, "h1").text
        screenshot(driver, site.folder, "overview_en")
        click_and_wait(driver, By.ID, "sign-out")
        assert "/web/login" in driver.current_url
        driver.get(base + "/web/overview")
        assert "/web/login" in driver.current_url
