"""``desk.lists.export``, the one path every list page exports through: the rows and headers
as handed over, ID numbers masked only for a role that may not see them, one audit row
under the signed-in person without the data, and nothing left behind by a failure or Cancel."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from relocdesk.desk import Desk
from relocdesk.reports.list_export import ExportCancelled, text_width
from relocdesk.validation import make_id_number, mask_id_number
from tests.conftest import connect

HEADERS = ["姓名", "身份证号码", "人数"]


def people(n: int) -> list[list[object]]:
    born = datetime.date(1980, 3, 15)
    return [[f"张{i}", make_id_number("520102", born, i % 1000), i] for i in range(n)]


def audit(path: Path) -> list[tuple[str, str, str]]:
    conn = connect(path)
    try:
        return list(conn.execute("SELECT action, coalesce(actor, ''), detail FROM audit"))
    finally:
        conn.close()


def read(path: Path) -> tuple[list[list[object]], object]:
    sheet = load_workbook(path).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)], sheet


def test_office_gets_the_rows_as_handed_and_one_audit_row(desk: Desk, tmp_path: Path) -> None:
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    rows = people(1200)
    out = tmp_path / "人员.xlsx"
    count = desk.lists.export(
        "people",
        out,
        title="人员",
        headers=HEADERS,
        rows=iter(rows),
        id_columns=[1],
        filters={"就业": "失业有意愿", "text": ""},
        sort="姓名 desc",
    )
    got, sheet = read(out)
    assert count == 1200 and got == [HEADERS, *rows]
    assert sheet.title == "人员" and sheet.freeze_panes == "A2"  # type: ignore[attr-defined]
    width = sheet.column_dimensions["B"].width  # type: ignore[attr-defined]
    assert width == max(text_width(r[1]) for r in [HEADERS, *rows[:200]]) + 2
    [(action, actor, detail)] = audit(desk.path)
    assert (action, actor) == ("export", "王芳")
    assert detail == "人员 people: 1200 rows; 就业=失业有意愿; sort 姓名 desc -> 人员.xlsx"
    assert not any(str(r[1]) in detail or str(r[0]) in detail for r in rows)


def test_a_building_heads_device_masks_the_id_columns(desk: Desk, tmp_path: Path) -> None:
    desk.set_setting("sync_role", "building_head")
    rows = [*people(30), ["无证", None, 0], ["空", "", 0]]
    out = tmp_path / "p.xlsx"
    desk.lists.export("people", out, title="人员", headers=HEADERS, rows=rows, id_columns=[1])
    got, _ = read(out)
    assert [r[1] for r in got[1:31]] == [mask_id_number(r[1]) for r in rows[:30]]
    assert [r[1] for r in got[31:]] == [None, None]
    assert [r[0] for r in got[1:]] == [r[0] for r in rows]  # names are not ID columns
    body = out.read_bytes()
    assert all(str(r[1]).encode() not in body for r in rows[:30])


def test_unwritable_file_and_cancel_leave_nothing(desk: Desk, tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "x.xlsx"
    with pytest.raises(OSError) as e:
        desk.lists.export("needs", missing, title="诉求", headers=["a"], rows=[["b"]])
    assert str(e.value).startswith(f"找不到文件或目录：{missing} / cannot use {missing}")
    out = tmp_path / "x.xlsx"
    with pytest.raises(ExportCancelled):
        desk.lists.export(
            "people", out, title="t", headers=HEADERS, rows=people(2000), cancel=lambda: True
        )
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".xlsx", ".part")]
    with pytest.raises(ValueError, match="unknown list kind"):
        desk.lists.export("cats", out, title="t", headers=["a"], rows=[])
    assert audit(desk.path) == []
