"""Control characters in text: Word's manual line break (\\x0b) pasted into a cell, the stray
bytes an old system's export or a terminal leaves.

An .xlsx has no place for them (XML 1.0), and openpyxl refuses a whole workbook over one. A
roster whose rejected row held one did not import at all ("unexpected error:
IllegalCharacterError" while writing the rejects), and a stored value holding one (written
before, or by another device) stopped every workbook it reached. Text now comes in without
them (a line break as a line break), and every workbook writer leaves them out of what it
writes, whatever is stored.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relocdesk import demo, reports, validation
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.typed import CONTROLS, breaks_a_line, without_controls
from tests.roster._roster import HEADERS, as_rows, roster, write_csv

WORD_BREAK = "\x0b"  # what Word's Shift+Enter puts in copied text
STRAY = "\x01\x1b\x7f"


def _cells(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path)
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


@given(st.text(max_size=40))
def test_text_without_controls_holds_none_and_keeps_the_rest(text: str) -> None:
    out = without_controls(text)
    assert not any(ord(c) in CONTROLS for c in out)
    assert without_controls(out) == out
    kept = [c for c in text if ord(c) not in CONTROLS]
    assert [c for c in out if c != "\n"] == [c for c in kept if c != "\n"]
    assert out.count("\n") == text.count("\n") + text.count("\x0b") + text.count("\x0c")


def test_a_word_line_break_is_a_line_break_and_stray_bytes_go() -> None:
    pasted = f"惠水{WORD_BREAK}帮扶车间{STRAY}"
    assert validation.required_text(pasted, "employer") == "惠水\n帮扶车间"
    with pytest.raises(validation.ValidationError) as e:
        validation.required_text(STRAY, "employer")
    assert e.value.code == "required"


def test_rejects_of_a_roster_with_control_characters_are_written(
    desk: Desk, tmp_path: Path
) -> None:
    rows = as_rows(roster(2))
    at = HEADERS.index
    rows[0][at("迁出县")] = f"惠水{WORD_BREAK}县"  # a valid row, pasted from Word
    bad = len(rows) - 1
    rows[bad][at("联系电话")] = "12"  # rejected for its phone
    rows[bad][at("迁出县")] = f"长顺{STRAY}县"
    path = write_csv(tmp_path / "roster.csv", HEADERS, rows, encoding="utf-8-sig")
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    rejects = tmp_path / "rejects.xlsx"
    result = apply_import(desk, plan, mode="valid_only", rejects_path=rejects)

    assert result.applied and result.rejected == 1 and result.people_created == len(rows) - 1
    origins = {r[0] for r in desk.conn.execute("SELECT origin_county FROM household")}
    assert origins == {"惠水\n县", "惠水县"}
    written = _cells(rejects)
    assert "长顺县" in written and "12" in written


def test_workbooks_leave_out_control_characters_already_stored(tmp_path: Path) -> None:
    today = datetime.date(2026, 5, 15)
    with Desk(tmp_path / "community.db") as desk:
        demo.build(desk, 30, seed=2, today=today)
        # as from before, or from another device: stored without passing today's rules
        desk.conn.execute(f"UPDATE building SET number = '7{WORD_BREAK}号' WHERE rowid = 1")
        desk.conn.execute(f"UPDATE community SET name = '锦绣{STRAY}社区'")
        desk.audit.create(action="export", detail=f"导出{STRAY}花名册")
        monthly = reports.write_monthly_xlsx(desk.conn, "2026-04", tmp_path / "m.xlsx", today=today)
        audit = tmp_path / "audit.xlsx"
        desk.export_audit(audit, f"审计{STRAY}记录")

    assert "7\n号" in _cells(monthly)
    texts = [v.replace("\n", "") for v in _cells(monthly) if isinstance(v, str)]
    assert not any(breaks_a_line(v) for v in texts)
    assert {"导出花名册", "审计记录"} <= set(_cells(audit))


@pytest.mark.parametrize("name", ["锦绣\x1b[31m社区", "锦绣\n社区", "锦绣\t社区"])
def test_a_county_refuses_a_community_name_that_breaks_a_line(tmp_path: Path, name: str) -> None:
    from relocdesk.server.storage import Storage

    storage = Storage(f"sqlite:///{tmp_path / 'server.db'}")
    storage.create_all()
    try:
        with pytest.raises(ValueError, match="控制字符"):
            storage.create_community(name)
        assert storage.create_community("锦绣　社区")  # a full-width space is no control
    finally:
        storage.close()
