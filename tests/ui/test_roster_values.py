"""The roster page's value step in the running app: the words of coded columns the import did
not recognise, listed with their counts; mapping one brings its rows in, a word left alone
keeps its row rejected; the community's choice is offered again on its next import. Shots of
the step in Chinese and English go to the temporary folder."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import openpyxl

from tests.ui.conftest import id_number
from tests.ui.test_roster_page import Query, open_page, settle, shot
from ui.views.roster_page import REPORT, VALUES

HEADERS = ["户号", "楼栋", "单元", "房号", "姓名", "与户主关系", "公民身份号码", "就业状况"]


def office_rows(region: str, prefix: str) -> list[list[str]]:
    """Two households as a township office writes them: 在家务农 for farming at home (no
    table knows it) and 长孙 for an eldest grandson (nor that)."""
    ids = [id_number(region, datetime.date(1970 + n, 5, 2 + n), 21 + 2 * n) for n in range(5)]
    return [
        [f"{prefix}1", "72", "1", "301", "杨正发", "户主", ids[0], "在家务农"],
        [f"{prefix}1", "72", "1", "301", "杨秀英", "妻子", ids[1], "在家务农"],
        [f"{prefix}1", "72", "1", "301", "杨小兵", "长孙", ids[2], "在校学生"],
        [f"{prefix}2", "72", "2", "402", "吴国华", "本人", ids[3], "本地就业"],
        [f"{prefix}2", "72", "2", "402", "吴金花", "配偶", ids[4], "在家务农"],
    ]


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def check_to_values(window: Any, qtbot: Any, page: Any, path: Path) -> None:
    page.load_file(path)
    settle(window, qtbot, page)
    assert page.raw is not None, page.read_error.text()
    page.go(1)
    page.check_button.click()
    settle(window, qtbot, page)
    assert page.step() == VALUES, page.check_note.text()


def shown(page: Any) -> dict[tuple[str, str], tuple[int, str | None]]:
    step = page.values_step
    return {
        (u.field, step.table.item(i, 1).text()): (
            int(step.table.item(i, 2).text()),
            step.combos[i].currentData(),
        )
        for i, u in enumerate(step.words)
    }


def test_map_a_value_import_and_see_it_offered_again(
    window: Any, qtbot: Any, tmp_path: Path, read_db: Query
) -> None:
    page = open_page(window, qtbot)
    first = office_rows("110102", "YZ")
    check_to_values(window, qtbot, page, write_roster(tmp_path / "一组.xlsx", first))
    assert shown(page) == {
        ("employment_status", "在家务农"): (3, None),
        ("relation", "长孙"): (1, None),
    }
    assert "就业状况" in page.values_step.table.item(0, 0).text()  # the file's own header
    assert "3. " in page.step_labels[2].text() and "bold" in page.step_labels[2].styleSheet()
    combo = page.values_step.combos[0]
    assert combo.findText("无就业意愿") > 0 and combo.itemText(0)  # labels in Chinese
    shot(page, tmp_path, "values-zh")

    page.values_step.set_value("employment_status", "在家务农", "not_seeking")  # 长孙: left
    page.mode_valid.setChecked(True)
    page.rejects_path.setText(str(tmp_path / "rejects.xlsx"))
    page.values_step.next_button.click()
    settle(window, qtbot, page)
    assert page.step() == REPORT
    assert page.plan.error_count == 1 and set(page.plan.unrecognised()) == {"relation"}
    # Back, everything left, Next: the plan is made again without the mapping, and back again.
    page.report.back_button.click()
    assert page.step() == VALUES
    page.values_step.set_value("employment_status", "在家务农", None)
    page.values_step.next_button.click()
    settle(window, qtbot, page)
    assert page.step() == REPORT and page.plan.error_count == 4
    page.report.back_button.click()
    page.values_step.set_value("employment_status", "在家务农", "not_seeking")
    page.values_step.next_button.click()
    settle(window, qtbot, page)
    assert page.plan.error_count == 1
    page.import_now()
    settle(window, qtbot, page)
    assert page.result is not None and page.result.applied, page.result_label.text()
    stored = dict(
        read_db(
            "SELECT name, employment_status FROM person WHERE name IN (?, ?, ?, ?)",
            ("杨正发", "杨秀英", "吴金花", "杨小兵"),
        )
    )
    assert stored == {"杨正发": "not_seeking", "杨秀英": "not_seeking", "吴金花": "not_seeking"}

    # The next file of the same office: the word comes back already read as chosen.
    page.start_over()
    second = office_rows("110103", "SZ")
    check_to_values(window, qtbot, page, write_roster(tmp_path / "二组.xlsx", second))
    assert shown(page) == {
        ("employment_status", "在家务农"): (3, "not_seeking"),
        ("relation", "长孙"): (1, None),
    }

    shot(page, tmp_path, "values-zh-again")
    window.set_language("en")
    qtbot.waitUntil(lambda: page.values_step.next_button.text().startswith("Next"), timeout=3000)
    combo = page.values_step.combos[0]
    assert combo.currentText() == "not seeking work" and combo.itemText(0).startswith("Leave")
    assert page.step_labels[2].text() == "3. Map values"
    shot(page, tmp_path, "values-en")
    window.set_language("zh_CN")
