"""A roster's training columns (培训项目, 培训机构, 培训开始日期, 培训结束日期, 证书, 结业情况) and
the words offices head them with: a row adds the person's training, the same roster read
again updates it, a bad training refuses its row naming the column, and the export writes
each person's newest training so the import reads it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, export_roster, plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster, write_csv, write_xlsx

# how a county employment bureau's sheet heads them: synonyms and a 是否X question
OFFICE = ["参加培训项目", "承训机构", "开班时间", "结业时间", "取得证书", "是否结业"]
CANONICAL = ["培训项目", "培训机构", "培训开始日期", "培训结束日期", "证书", "结业情况"]
TRAINING_FIELDS = ("course", "provider", "start_date", "end_date", "certificate", "result")


def _plan(desk: Desk, path: Path, **kw: Any) -> Any:
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers), **kw)


def _file(tmp_path: Path, name: str, headers: list[str], trainings: list[list[str]]) -> Path:
    people = roster(2)  # households of 2 and 3 people
    rows = [
        base + extra
        for base, extra in zip(as_rows(people), trainings + [[""] * 6] * len(people), strict=False)
    ]
    return write_csv(tmp_path / name, [*HEADERS, *headers], rows)


def _trainings(desk: Desk) -> list[tuple[Any, ...]]:
    sql = (
        "SELECT p.id_number, " + ", ".join(f"t.{f}" for f in TRAINING_FIELDS) + " FROM training t"
        " JOIN person p ON p.id = t.person_id WHERE t.deleted = 0 ORDER BY p.id_number, t.course"
    )
    return [tuple(r) for r in desk.conn.execute(sql)]


def test_the_offices_headers_map_to_the_training_fields() -> None:
    mapping = suggest_mapping([*OFFICE, "培训证书", "培训单位", "培训结果"])
    assert [mapping[i] for i in range(6)] == list(TRAINING_FIELDS)
    # a field named twice keeps its first column
    assert [mapping[i] for i in range(6, 9)] == [None, None, None]
    assert [suggest_mapping(CANONICAL)[i] for i in range(6)] == list(TRAINING_FIELDS)


def test_a_row_adds_a_training_and_the_same_roster_again_updates_it(
    desk: Desk, tmp_path: Path
) -> None:
    first = [
        ["电工培训", "县职业技术学校", "2025.3.1", "2025/04/10", "初级工职业资格证书", "是"],
        ["家政服务员培训", "", "2025-05-06", "", "", "否"],
    ]
    path = _file(tmp_path, "a.csv", OFFICE, first)
    plan = _plan(desk, path)
    assert plan.ok, plan.to_json(5)
    result = apply_import(desk, plan)
    assert (result.trainings_created, result.trainings_updated) == (2, 0)
    assert "培训记录新增 2 条" in result.message_zh and "trainings: 2 added" in result.message_en
    ids = [r[0] for r in _trainings(desk)]
    got = {r[1]: r[1:] for r in _trainings(desk)}
    assert got["电工培训"] == (
        "电工培训", "县职业技术学校", "2025-03-01", "2025-04-10", "初级工职业资格证书", "completed",
    )  # fmt: skip
    assert got["家政服务员培训"][-1] == "not_completed"
    # The bureau's sheet again, the housekeeping course now finished: one changed, none added.
    again = [first[0], ["家政服务员培训", "县人社局", "2025-05-06", "2025-06-01", "", "是"]]
    plan = _plan(desk, _file(tmp_path, "b.csv", OFFICE, again), duplicates="update")
    result = apply_import(desk, plan)
    assert (result.trainings_created, result.trainings_updated) == (0, 1)
    assert [r[0] for r in _trainings(desk)] == ids
    got = {r[1]: r[1:] for r in _trainings(desk)}
    assert got["家政服务员培训"][1:] == ("县人社局", "2025-05-06", "2025-06-01", None, "completed")


def test_a_bad_training_refuses_its_row_naming_the_column(desk: Desk, tmp_path: Path) -> None:
    rows = [
        ["焊工培训", "", "2025-06-01", "2025-05-01", "", "已结业"],  # ends before it starts
        ["", "县职业技术学校", "", "", "", "培训中"],  # no course
        ["育婴员培训", "", "", "", "", "挂科了"],  # a word no table knows
    ]
    plan = _plan(desk, _file(tmp_path, "bad.csv", CANONICAL, rows))
    errors = {r.row_number: r.errors for r in plan.report if r.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    # rows 5 and 6 wait for their household's head, row 4
    assert {e.code for r in (5, 6) for e in errors[r]} == {"head_rejected"}
    (end,) = errors[2]
    assert (end.field, end.column) == ("end_date", "培训结束日期")
    assert end.message_zh.startswith("培训结束日期") and "早于" in end.message_zh
    assert end.message_en.startswith("training end date") and "before" in end.message_en
    (course,) = errors[3]
    assert (course.field, course.code) == ("course", "required")
    (word,) = errors[4]
    assert (word.field, word.column, word.value) == ("result", "结业情况", "挂科了")
    assert [u.value for u in plan.unrecognised()["result"]] == ["挂科了"]
    # the clerk says what the word means, and the row goes in
    mapped = _plan(
        desk,
        _file(tmp_path, "bad.csv", CANONICAL, rows),
        values={"result": {"挂科了": "not_completed"}},
    )
    assert 4 not in {r.row_number for r in mapped.report if r.errors}
    result = apply_import(desk, mapped, mode="valid_only")
    assert result.applied and result.trainings_created == 1
    assert [r[1::5] for r in _trainings(desk)] == [("育婴员培训", "not_completed")]


def test_the_export_writes_each_persons_newest_training_and_reads_back(
    desk_factory: Any, tmp_path: Path
) -> None:
    source = desk_factory()
    path = _file(tmp_path, "a.csv", CANONICAL, [["电工培训", "县职校", "2024-01-02", "", "", ""]])
    apply_import(source, _plan(source, path))
    pid = source.conn.execute("SELECT person_id FROM training").fetchone()[0]
    source.trainings.create(
        person_id=pid, course="电商直播培训", provider="县人社局", start_date="2025-02-03",
        end_date="2025-02-20", certificate="专项职业能力证书", result="completed",
    )  # fmt: skip
    out = tmp_path / "out.xlsx"
    export_roster(source, out)
    table = read_table(out)
    row = next(r for r in table.rows if any(c == "电商直播培训" for c in r))
    cells = dict(zip(table.headers, row, strict=True))
    assert [cells[h] for h in CANONICAL] == [
        "电商直播培训", "县人社局", "2025-02-03", "2025-02-20", "专项职业能力证书", "已结业",
    ]  # fmt: skip
    fresh = desk_factory("新社区")
    plan = _plan(fresh, out)
    assert plan.ok, plan.to_json(5)
    assert apply_import(fresh, plan).trainings_created == 1
    newest = [r for r in _trainings(source) if r[1] == "电商直播培训"]
    assert _trainings(fresh) == newest


def test_an_xlsx_with_dates_as_excel_dates(desk: Desk, tmp_path: Path) -> None:
    import datetime

    people = roster(1)
    rows = [
        [*base, "缝纫工培训", datetime.date(2025, 7, 1), datetime.date(2025, 7, 20), "合格"]
        for base in as_rows(people[:1])
    ]
    headers = [*HEADERS, "培训项目", "培训开始日期", "培训结束日期", "结业情况"]
    plan = _plan(desk, write_xlsx(tmp_path / "d.xlsx", headers, rows))
    assert plan.ok, plan.to_json(5)
    apply_import(desk, plan)
    (row,) = _trainings(desk)
    assert row[1:] == ("缝纫工培训", None, "2025-07-01", "2025-07-20", None, "completed")
