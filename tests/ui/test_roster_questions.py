"""A resettlement office's roster in the running app (corpus file 09): 安置地址 written with the
community's own name and zones, and 是否X columns. The value step asks what 是否残疾 "是"
means (which grade), the clerk answers once, and the import brings everyone in, each zone's
buildings apart. Shots of the step in Chinese and English go to the temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.roster.corpus.families import Maker
from tests.roster.corpus.make_corpus import community_address_xlsx
from tests.ui.test_roster_page import Query, open_page, settle, shot
from tests.ui.test_roster_values import check_to_values, shown
from ui.views.roster_page import REPORT


def test_a_yes_with_no_grade_is_asked_once_and_zones_stay_apart(
    window: Any, qtbot: Any, tmp_path: Path, read_db: Query
) -> None:
    [(name, county)] = read_db("SELECT name, county FROM community", ())
    assert name.endswith("社区")
    case = community_address_xlsx(tmp_path, Maker(91), name, county)
    page = open_page(window, qtbot)
    check_to_values(window, qtbot, page, case.path)
    assert shown(page) == {("disability_grade", "是"): (1, None)}
    assert "是否残疾" in page.values_step.table.item(0, 0).text()
    shot(page, tmp_path, "questions-values-zh")
    window.set_language("en")
    qtbot.waitUntil(lambda: page.values_step.next_button.text().startswith("Next"), timeout=3000)
    assert page.values_step.combos[0].findText("grade 2") > 0
    shot(page, tmp_path, "questions-values-en")
    window.set_language("zh_CN")

    graded = "SELECT count(*) FROM person WHERE disability_grade = '2' AND deleted = 0"
    before = read_db(graded, ())[0][0]
    page.values_step.set_value("disability_grade", "是", "2")
    page.values_step.next_button.click()
    settle(window, qtbot, page)
    assert page.step() == REPORT and page.plan.error_count == 0, page.plan.to_json(3)
    page.import_now()
    settle(window, qtbot, page)
    assert page.result is not None and page.result.applied, page.result_label.text()
    assert page.result.people_created == case.expected.data_rows
    assert read_db(graded, ())[0][0] == before + 1
    numbers = {r[0] for r in read_db("SELECT number FROM building WHERE deleted = 0", ())}
    assert {"A区1", "B区1", "1"} <= numbers
