"""A workbook with a sheet per building and a notes sheet, on the import page: the sheets
read and the sheet not read (with why) are shown, and a row in error says its sheet in the
interface's language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.ui.test_roster_page import (
    HEADERS,
    load_and_check,
    open_page,
    people_rows,
    settle,
    shot,
    write_roster,
)


def write_building_sheets(path: Path) -> Path:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["每栋一张表；身份证号码设为文本格式"])
    rows = people_rows(bad=True)  # the son of RT001 (71栋) has a mistyped number
    for name, part in (("71栋", rows[:3]), ("72栋", rows[3:])):
        sheet = book.create_sheet(name)
        sheet.append(HEADERS)
        for row in part:
            sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_sheets_read_and_not_read_and_the_sheet_of_an_error(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    window.set_language(language)
    page = open_page(window, qtbot)
    path = write_building_sheets(tmp_path / "分楼栋.xlsx")
    page.load_file(path)
    settle(window, qtbot, page)
    shown = page.file_values.text()
    assert "71栋、72栋" in shown and "填表说明" in shown
    reason = "不是" if language == "zh_CN" else "no header"
    assert reason in shown or "表头" in shown  # why the notes sheet was not read
    out = Path(os.environ.get("RELOCDESK_SHOTS", tmp_path))
    shot(window, out, f"roster-sheets-file-{language}")
    page.start_over()
    load_and_check(window, qtbot, page, path)
    shot(window, out, f"roster-sheets-{language}")
    counts = page.report.counts.text()
    assert "71栋 3" in counts and "72栋 2" in counts and "填表说明" in counts
    assert page.plan.summary()["insert"] == 4 and page.plan.error_count == 1
    place = page.errors_model.data(page.errors_model.index(0, 0))
    assert place == ("71栋 第 4 行" if language == "zh_CN" else "row 4 of 71栋")  # header, 2 rows


def test_a_roster_grouped_by_the_heads_numbers_needs_no_other_column(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    """No 户号 and no room, but 户主身份证号码: the mapping step asks for nothing more and the
    check finds the households."""
    from tests.roster.corpus.make_corpus import BUILDERS, build

    case = build(tmp_path)[[b.__name__ for b in BUILDERS].index("head_id_csv")]
    page = open_page(window, qtbot)
    page.load_file(case.path)
    settle(window, qtbot, page)
    page.go(1)
    assert page.check_note.text() == ""
    page.check()
    settle(window, qtbot, page)
    assert page.plan.summary()["new_households"] == case.expected.households


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_values_the_import_put_right_are_listed_to_check(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    """A head's first-generation 15-digit number and a member's full-width digits: no error,
    and the report lists both corrections, old and new value, for the clerk to check."""
    window.set_language(language)
    rows = people_rows()
    old, wide = rows[3][6], rows[1][6]
    rows[3][6] = old[:6] + old[8:17]  # 石国庆, born 1983: his number as the 1990s card had it
    rows[1][6] = wide.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    page = open_page(window, qtbot)
    load_and_check(window, qtbot, page, write_roster(tmp_path / "旧号码.xlsx", rows))
    shot(window, Path(os.environ.get("RELOCDESK_SHOTS", tmp_path)), f"roster-corrected-{language}")
    assert page.plan.error_count == 0 and page.report.errors.isVisible()
    title = page.report.errors_title.text()
    assert ("已更正" in title) if language == "zh_CN" else ("put right" in title)
    model = page.errors_model
    shown = [[model.data(model.index(r, c)) for c in range(5)] for r in range(model.rowCount())]
    by_name = {row[1]: row for row in shown}
    assert set(by_name) == {"石国庆", "罗小红"}
    assert by_name["石国庆"][3] == old[:6] + old[8:17] and old in by_name["石国庆"][4]
    assert by_name["罗小红"][3] == rows[1][6] and wide in by_name["罗小红"][4]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_result_says_how_many_had_nothing_to_change(window: Any, language: str) -> None:
    from relocdesk.roster.apply import ImportResult
    from ui.views.roster_report import ReportStep

    window.set_language(language)
    step = ReportStep()
    step.show_result(ImportResult(True, "all_or_nothing", people_updated=1, people_unchanged=3))
    said = step.result_label.text()
    assert ("另有 3 人" in said) if language == "zh_CN" else ("3 people updated" in said)
    step.show_result(ImportResult(True, "all_or_nothing", people_updated=1))
    assert "3" not in step.result_label.text()
