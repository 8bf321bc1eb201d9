"""The warnings page in English: roles read in English, areas capitalised, every warning
explains itself and names who follows it up; the count agrees with the core's."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.ui.conftest import wait_idle


@pytest.mark.parametrize("language", ["en"])
def test_english_warnings_name_who_follows_up(window: Any, qtbot: Any) -> None:
    page = window.show_page("warnings")
    wait_idle(qtbot, window, 60000)
    model = page.table.rows_model
    headers = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    assert headers[-1] == "Facts" and "Responsible" in headers
    responsible, area = headers.index("Responsible"), headers.index("Area")
    assert model.rowCount() == len([r for r in page.rows if not r["acked"]]) > 0
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for row in range(min(model.rowCount(), 400)):
        who = model.index(row, responsible).data()
        assert who, f"row {row} names nobody"
        assert who not in ("社区书记/网格员", "办事员") and "未指定" not in who
        assert model.index(row, area).data()[:1].isupper()
        facts = model.index(row, len(headers) - 1).data()
        # data (an employer, an illness) may be Chinese; the sentence around it is English
        assert facts and "，" not in facts and not cjk.match(facts)
        assert " 1 members" not in " " + facts


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
