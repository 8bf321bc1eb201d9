"""The browser tests' real parts: ``relocdesk-server`` started as its own process on
127.0.0.1, and Debian's chromium driven headless through its chromedriver (Selenium), with a
fresh profile, no network of its own and downloads into a folder of the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sync.harness import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
    "--lang=zh-CN",
)


def require_chromium() -> None:
    """Skip on a developer's machine without chromium; fail in CI, which installs it
    (installer/bootstrap.sh), so that a missing browser never passes silently."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    message = "Debian's chromium and chromium-driver are not installed"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must run the browser tests", pytrace=False)
    pytest.skip(message)


class ServerProcess:
    """``relocdesk-server --db URL`` in a process of its own, as a county runs it."""

    def __init__(self, db_url: str, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "RELOCDESK_COPIES": str(folder / "copies")}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).resolve().parents[2])]
            + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "relocdesk.server.cli",
                "--db",
                db_url,
                "--port",
                str(self.port),
                "--state-file",
                str(folder / "server-state.json"),
            ],
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/v1/info", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start:\n" + self.log.read_text("utf-8"))
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@contextmanager
def chromium(folder: Path) -> Iterator[Any]:
    """A headless chromium with a fresh profile; downloads land in ``folder / "downloads"``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    require_chromium()
    profile = folder / "profile"
    downloads = folder / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "zh-CN,zh",
        },
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: Any, folder: Path, name: str) -> Path:
    """The whole page as a PNG (also copied to $RELOCDESK_SCREENSHOTS when set, to look at)."""
    driver.set_window_size(1400, 700)  # a page never shorter than the last one's window
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, max(700, min(int(height) + 40, 4000)))
    # the window's own bars take part of its height: grow it by what the page still lacks
    lacking = driver.execute_script(
        "return document.documentElement.scrollHeight - window.innerHeight"
    )
    if int(lacking) > 0:
        size = driver.get_window_size()
        driver.set_window_size(1400, min(size["height"] + int(lacking) + 20, 4000))
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    extra = os.environ.get("RELOCDESK_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / path.name)
    return path
