"""The import / export page in the running app: the demo community out to .xlsx and back, a
small roster with Chinese headers (a synonym, a title row) in, a bad ID number reported by
row and field, all-or-nothing versus valid rows only with a rejects file, and Cancel during
the check and the import leaving the database as it was. Both languages pass the checks."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.ui.conftest import id_number, wait_idle
from ui import translations

Query = Callable[[str, tuple[Any, ...]], list[Any]]

HEADERS = ["户号", "楼栋", "单元", "房号", "姓名", "与户主关系", "公民身份号码", "联系电话"]


def people_rows(bad: bool = False) -> list[list[str]]:
    """Two households of our own (RT...), region 110101 so no demo ID number is reused."""
    ids = [id_number("110101", datetime.date(1980 + n, 3, 1 + n), 11 + 2 * n) for n in range(5)]
    if bad:
        # a wrong check character on a son's row (a head's would hold its household back)
        ids[2] = ids[2][:17] + ("0" if ids[2][17] != "0" else "1")
    return [
        ["RT001", "71", "1", "101", "罗大山", "户主", ids[0], "13812340001"],
        ["RT001", "71", "1", "101", "罗小红", "妻子", ids[1], ""],
        ["RT001", "71", "1", "101", "罗明", "之子", ids[2], ""],
        ["RT002", "71", "2", "202", "石国庆", "本人", ids[3], "13812340002"],
        ["RT002", "71", "2", "202", "石秀兰", "配偶", ids[4], ""],
    ]


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["幸福社区搬迁群众花名册"])  # a title row above the headers
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            cell.number_format = "@"
    book.save(path)
    return path


def settle(window: Any, qtbot: Any, page: Any, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)
    wait_idle(qtbot, window, timeout)
    QApplication.processEvents()


def counts(read_db: Query) -> tuple[int, int, int]:
    return (
        read_db("SELECT count(*) FROM person WHERE deleted = 0", ())[0][0],
        read_db("SELECT count(*) FROM household WHERE deleted = 0", ())[0][0],
        read_db("SELECT count(*) FROM outbox", ())[0][0] if _has_outbox(read_db) else 0,
    )


def _has_outbox(read_db: Query) -> bool:
    return bool(read_db("SELECT 1 FROM sqlite_master WHERE name = 'outbox'", ()))


def open_page(window: Any, qtbot: Any) -> Any:
    page = window.show_page("roster")
    wait_idle(qtbot, window)
    return page


def load_and_check(window: Any, qtbot: Any, page: Any, path: Path) -> None:
    page.load_file(path)
    settle(window, qtbot, page)
    assert page.raw is not None, page.read_error.text()
    page.go(1)
    page.check()
    settle(window, qtbot, page)
    assert page.step() == 2, page.check_note.text()


def shot(widget: Any, tmp_path: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(tmp_path / f"{name}.png"))


def test_registered_after_print(window: Any) -> None:
    from ui import pages

    keys = [s.key for s in pages.navigation()]
    assert keys.index("roster") == keys.index("print") + 1


def test_import_small_roster(window: Any, qtbot: Any, tmp_path: Path, read_db: Query) -> None:
    path = write_roster(tmp_path / "名单.xlsx", people_rows())
    page = open_page(window, qtbot)
    page.load_file(path)
    settle(window, qtbot, page)
    assert page.raw.header_row_index == 1  # the title row was skipped
    assert page.raw.sheet == "花名册"
    assert "公民身份号码" in page.file_values.text()
    # The synonym maps to the ID number, the samples show the first values.
    column = HEADERS.index("公民身份号码")
    assert page.combos[column].currentData() == "id_number"
    assert page.combos[HEADERS.index("与户主关系")].currentData() == "relation"
    assert "罗大山" in page.mapping.item(HEADERS.index("姓名"), 1).text()
    before = counts(read_db)
    page.go(1)
    page.check()
    settle(window, qtbot, page)
    assert page.step() == 2
    assert page.plan.summary()["insert"] == 5 and page.plan.error_count == 0
    assert page.import_button.isEnabled()
    page.import_now()
    settle(window, qtbot, page)
    assert page.result is not None and page.result.applied, page.result_label.text()
    assert "5" in page.result_label.text()
    rows = read_db(
        "SELECT p.name, h.household_no FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE h.household_no IN ('RT001', 'RT002') AND p.deleted = 0 ORDER BY p.name",
        (),
    )
    assert sorted(r["name"] for r in rows) == sorted(r[4] for r in people_rows())
    assert counts(read_db)[0] == before[0] + 5
    head = read_db(
        "SELECT p.name FROM household h JOIN person p ON p.id = h.head_person_id"
        " WHERE h.household_no = 'RT002'",
        (),
    )
    assert head[0]["name"] == "石国庆"
    # The same file again: everyone is already there and skipped.
    page.start_over()
    load_and_check(window, qtbot, page, path)
    assert page.plan.summary()["skip"] == 5
    assert not page.import_button.isEnabled()


def test_bad_id_all_or_nothing_then_valid_only(
    window: Any, qtbot: Any, tmp_path: Path, read_db: Query
) -> None:
    path = write_roster(tmp_path / "bad.xlsx", people_rows(bad=True))
    page = open_page(window, qtbot)
    before = counts(read_db)
    load_and_check(window, qtbot, page, path)
    assert page.plan.error_count == 1
    model = page.errors_model
    cells = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    row = next(c for c in cells if c[0] == "5")  # sheet row 5: title, header, three rows above
    assert row[1] == "罗明" and row[2] == "身份证号码" and row[3] == people_rows(True)[2][6]
    assert "身份证" in row[4]
    # All or nothing (the default): Import is refused and nothing is written.
    assert page.mode() == "all_or_nothing"
    assert not page.import_button.isEnabled()
    assert page.verdict.text()
    page.import_now()  # what the core does when asked anyway
    settle(window, qtbot, page)
    assert page.result is not None and not page.result.applied
    assert counts(read_db) == before
    # Valid rows only: four people in, the bad row written to the rejects file.
    rejects = tmp_path / "rejects.xlsx"
    page.go(1)
    page.mode_valid.setChecked(True)
    page.rejects_path.setText(str(rejects))
    page.go(2)
    assert page.import_button.isEnabled()
    page.import_now()
    settle(window, qtbot, page)
    assert page.result.applied, page.result_label.text()
    assert page.result.people_created == 4 and page.result.rejected == 1
    assert counts(read_db)[0] == before[0] + 4
    assert not read_db(
        "SELECT 1 FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.name = '罗明' AND h.household_no = 'RT001'",
        (),
    )
    sheet = openpyxl.load_workbook(rejects).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    rows = [v for v in values[1:] if v and v[0] and not str(v[0]).startswith("注")]
    assert len(rows) == 1 and rows[0][0] == "5" and "罗明" in rows[0]
    assert any(str(v[0]).startswith("注：拒绝 1 行") for v in values if v and v[0])
    assert page.result_path.text() == str(rejects)
    assert page.again_button.isVisible()


def test_drop_and_unmapped_name(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    path = write_roster(tmp_path / "dropped.xlsx", people_rows())
    page = open_page(window, qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    settle(window, qtbot, page)
    assert page.raw is not None and page.raw.source == "dropped.xlsx"
    page.go(1)
    page.set_field(HEADERS.index("姓名"), None)
    assert "姓名" in page.check_note.text()  # said before checking
    page.check()
    settle(window, qtbot, page)
    assert page.plan.problems and "姓名" in page.problems.text()
    assert not page.import_button.isEnabled()


def test_read_error_is_plain(window: Any, qtbot: Any, tmp_path: Path) -> None:
    damaged = tmp_path / "坏.xlsx"
    damaged.write_bytes(b"this is not a workbook at all")
    page = open_page(window, qtbot)
    page.load_file(damaged)
    settle(window, qtbot, page)
    assert page.raw is None
    text = page.read_error.text()
    assert "Excel" in text and "Traceback" not in text
    assert not page.to_mapping.isEnabled()


def block_worker(window: Any) -> threading.Event:
    gate = threading.Event()
    window.tasks.run_db(lambda _d: gate.wait(20))
    return gate


def press_cancel(page: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: bool(page.findChildren(QProgressDialog)), timeout=5000)
    dialog = page.findChildren(QProgressDialog)[-1]
    dialog.findChild(QPushButton).click()


def test_cancel_check_and_import_change_nothing(
    window: Any, qtbot: Any, tmp_path: Path, read_db: Query
) -> None:
    path = write_roster(tmp_path / "名单.xlsx", people_rows())
    page = open_page(window, qtbot)
    before = counts(read_db)
    page.load_file(path)
    settle(window, qtbot, page)
    page.go(1)
    gate = block_worker(window)
    page.check()
    press_cancel(page, qtbot)
    gate.set()
    settle(window, qtbot, page)
    assert page.plan is None and page.step() == 1
    assert page.check_note.text() == "检查已取消，未导入任何数据。"
    assert counts(read_db) == before
    # Cancel during the import rolls the whole transaction back.
    page.check()
    settle(window, qtbot, page)
    gate = block_worker(window)
    page.import_now()
    press_cancel(page, qtbot)
    gate.set()
    settle(window, qtbot, page)
    assert page.result is None
    assert "取消" in page.result_label.text()
    assert counts(read_db) == before


def test_export_and_read_back(window: Any, qtbot: Any, tmp_path: Path, read_db: Query) -> None:
    out = tmp_path / "roster.xlsx"
    page = open_page(window, qtbot)
    page.export_to(out)
    settle(window, qtbot, page)
    people = read_db("SELECT count(*) FROM person WHERE deleted = 0", ())[0][0]
    assert out.exists(), page.export_note.text()
    assert str(people) in page.export_note.text()
    book = openpyxl.load_workbook(out, read_only=True)
    assert len(list(book.worksheets[0].iter_rows())) == people + 2  # title and header rows
    # What the export writes, the import reads back: everyone is already here.
    before = counts(read_db)
    load_and_check(window, qtbot, page, out)
    summary = page.plan.summary()
    assert summary["skip"] == people and summary["errors"] == 0, page.plan.report[:3]
    assert counts(read_db) == before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_step_in_both_languages(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    page = open_page(window, qtbot)
    check = translations.english_in if language == "zh_CN" else translations.chinese_in
    shot(window, tmp_path, f"{language}-1-empty")
    assert check(translations.visible_texts(page)) == []
    write_roster(tmp_path / "bad.xlsx", people_rows(bad=True))
    page.load_file(tmp_path / "bad.xlsx")
    settle(window, qtbot, page)
    shot(window, tmp_path, f"{language}-1-read")
    assert check(translations.visible_texts(page)) == []
    page.go(1)
    page.mode_valid.setChecked(True)
    shot(window, tmp_path, f"{language}-2-mapping")
    assert check(translations.visible_texts(page)) == []
    page.check()
    settle(window, qtbot, page)
    assert page.step() == 2
    shot(window, tmp_path, f"{language}-3-report")
    assert check(translations.visible_texts(page)) == []
    problem = page.errors_model.data(page.errors_model.index(0, 4))
    assert check([("problem", problem)]) == []  # the core's message in this language
    page.import_now()
    settle(window, qtbot, page)
    shot(window, tmp_path, f"{language}-3-imported")
    assert check(translations.visible_texts(page)) == []
    page.export_to(tmp_path / "out.xlsx")
    settle(window, qtbot, page)
    assert check(translations.visible_texts(page)) == []
    # The other language switches every text in place.
    other = "en" if language == "zh_CN" else "zh_CN"
    window.set_language(other)
    QApplication.processEvents()
    flip = translations.chinese_in if other == "en" else translations.english_in
    assert flip(translations.visible_texts(page)) == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_report_says_the_buildings_came_from_the_sheets(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    """A roster kept one sheet per building, with no building column: the report step says
    which building each sheet gave its rows, in the chosen language."""
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    rows = people_rows()
    for name, part in (("1栋", rows[:3]), ("2号楼", rows[3:])):
        sheet = book.create_sheet(name)
        sheet.append([h for h in HEADERS if h != "楼栋"])
        for r in part:
            sheet.append([v for h, v in zip(HEADERS, r, strict=True) if h != "楼栋"])
    book.save(tmp_path / "by_building.xlsx")
    page = open_page(window, qtbot)
    load_and_check(window, qtbot, page, tmp_path / "by_building.xlsx")
    shot(window, tmp_path, f"{language}-sheets-report")
    said = "楼栋取自工作表名：" if language == "zh_CN" else "Building from each sheet's name: "
    assert f"{said}1栋 → 1栋" in page.report.counts.text()
    assert "2号楼 → 2栋" in page.report.counts.text()
