"""The roster page's report step shows what the check counted besides the actions: rows
read, rows that are not people, repeats, corrected values, rejected rows by reason and the
columns not imported, in Chinese and in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import plan_import, read_table, suggest_mapping
from tests.roster.corpus.families import Maker
from tests.roster.corpus.make_corpus import gbk_csv, registration_system_csv, utf8_bom_csv
from ui import i18n
from ui.views.roster_report import ReportStep


def _plan(desk: Desk, path: Path) -> Any:
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "zh_CN",
            [
                "读取行数：44",
                "两人共用一个身份证号码 2",
                "户主未通过，整户暂缓 1",
                "身份证号码校验位不对 1",
            ],
        ),
        (
            "en",
            [
                "Rows read: 44",
                "two people with one ID number 2",
                "household held back: its head was rejected 1",
            ],
        ),
    ],
)
def test_rejected_rows_by_reason(
    qtbot: Any, desk_factory: Callable[..., Desk], tmp_path: Path, language: str, words: list[str]
) -> None:
    i18n.install(language)
    try:
        step = ReportStep()
        qtbot.addWidget(step)
        step.retranslate()
        step.paint(_plan(desk_factory(), gbk_csv(tmp_path, Maker(4)).path), "valid_only")
        text = step.counts.text()
        for w in words:
            assert w in text, text
    finally:
        i18n.install("zh_CN")


def test_repeats_corrections_skipped_rows_and_ignored_columns(
    qtbot: Any, desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    i18n.install("zh_CN")
    desk = desk_factory()
    step = ReportStep()
    qtbot.addWidget(step)
    step.retranslate()
    step.paint(_plan(desk, utf8_bom_csv(tmp_path, Maker(3)).path), "valid_only")
    text = step.counts.text()
    assert "空行 2" in text and "只导入一次）：1" in text and "已更正的值：1" in text
    step.paint(_plan(desk, registration_system_csv(tmp_path, Maker(7)).path), "valid_only")
    text = step.counts.text()
    assert "未导入的列：<b>年龄</b>" in text and "<b>帮扶责任人</b>" in text
