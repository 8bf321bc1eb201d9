"""Settings shows the thresholds the county published (issue 13, item 5): which values are
the county's, and the income line locked while the county sets it; in Chinese and
English."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.ui.test_work_pages import Harness


def _publish(work: Harness, values: dict[str, str]) -> None:
    from relocdesk.sync import published

    # as a sync stores them (relocdesk.sync.published), on the worker
    work.db(lambda desk: published.store(desk, values))
    work.window.pages["settings"].refresh()
    work.settle()


def test_the_countys_values_are_shown_and_the_line_locked(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    work = Harness(window, qtbot)
    page = work.page("settings")
    assert page.income_line.isEnabled()
    assert page.county_values.text() == "无：使用本机自己的设置"

    _publish(work, {"income_line": "9000", "INT-04.days": "30"})
    assert not page.income_line.isEnabled() and not page.income_save.isEnabled()
    assert page.income_line.text() == "9000"
    text = page.county_values.text()
    assert "收入监测线" in text and "9000" in text and "INT-04" in text and "30" in text
    assert "县里统一设定" in page.income_note.text()
    shots = Path(os.environ.get("RELOCDESK_SHOTS", tmp_path))
    page.grab().save(str(shots / "settings_county_zh.png"))

    page.language.setCurrentIndex(page.language.findData("en"))
    work.settle()
    assert page.county_label.text() == "Set by the county"
    assert "income monitoring line" in page.county_values.text()
    assert "(catalogue: 7000)" in page.county_values.text()
    page.grab().save(str(shots / "settings_county_en.png"))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    work.settle()

    _publish(work, {})  # withdrawn: the desk's own line may be set again
    assert page.income_line.isEnabled()
