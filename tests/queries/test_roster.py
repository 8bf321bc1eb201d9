"""desk.roster, the roster page's way in: a demo community exported, read back, checked and
imported into an empty database, each step against the tables counted plainly."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.queries.roster import BY_FIELD, TARGETS, ImportCancelled

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    with Desk(tmp_path_factory.mktemp("roster") / "community.db") as d:
        demo.build(d, 120, seed=8, today=TODAY)
        yield d


def live(desk: Desk, table: str) -> list[dict[str, object]]:
    return [dict(r) for r in desk.conn.execute(f"SELECT * FROM {table}") if not r["deleted"]]


def test_export_read_check_and_import_into_an_empty_desk(source: Desk, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    seen: list[tuple[int, int]] = []
    people = live(source, "person")
    assert source.roster.export(out, lambda d, t: seen.append((d, t))) == len(people)
    assert seen and seen[-1][0] == seen[-1][1]

    raw = source.roster.read(out)
    assert len(raw.rows) == len(people)
    mapping = source.roster.suggest_mapping(raw)
    # Every column the export writes maps back to the field it came from.
    assert all(mapping[i] is not None for i in range(len(raw.headers)))
    assert {BY_FIELD[f].header for f in mapping.values() if f} == set(raw.headers)

    # Against the database it came from: everyone is already here.
    plan = source.roster.check(raw, mapping)
    assert plan.count("skip") == len(people) and plan.error_count == 0

    with Desk(tmp_path / "empty.db") as empty:
        empty.create_community("空社区")
        plan = empty.roster.check(raw, mapping)
        assert plan.count("insert") == len(people)
        result = empty.roster.apply(plan, "all_or_nothing")
        assert result.applied and result.people_created == len(people)
        assert len(live(empty, "person")) == len(people)
        households = {p["household_id"] for p in people}
        assert result.households_created == len(live(empty, "household")) == len(households)
        ids = sorted(str(p["id_number"]) for p in live(empty, "person"))
        assert ids == sorted(str(p["id_number"]) for p in people)


def test_rows_in_error_go_to_the_rejects_file(source: Desk, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "roster.xlsx"
    source.roster.export(out)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    id_column = next(c.column for c in sheet[2] if c.value == BY_FIELD["id_number"].header)
    relation = next(c.column for c in sheet[2] if c.value == BY_FIELD["relation"].header)
    # a member's row: a head's rejected row would hold its whole household back
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, relation).value != "户主")
    sheet.cell(row=row, column=id_column).value = "123"  # no ID number
    book.save(out)
    raw = source.roster.read(out)
    plan = source.roster.check(raw, source.roster.suggest_mapping(raw))
    assert plan.error_count == 1
    rejects = tmp_path / "rejects.xlsx"
    source.roster.write_rejects(plan, rejects)
    rows = list(openpyxl.load_workbook(rejects).worksheets[0].iter_rows(values_only=True))
    assert "123" in rows[1] and rows[2] == (None,) * len(rows[2])  # then the counts, as notes
    assert all(str(r[0]).startswith("注") for r in rows[3:])


def test_a_cancelled_check_stops(source: Desk, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    source.roster.export(out)
    raw = source.roster.read(out)
    with pytest.raises(ImportCancelled):
        source.roster.check(raw, source.roster.suggest_mapping(raw), cancel=lambda: True)
    assert {"name", "id_number", "household_no"} <= {t.field for t in TARGETS}
