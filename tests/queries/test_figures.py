"""``desk.reports``: the dashboard's figures are the ones ``relocdesk.reports`` works out on
a connection of the test's own, for the community and for one building, on the day asked;
the buildings to choose from are the live ones in the order people count them; the monthly
workbook is written and its export audited."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl

from relocdesk import reports
from relocdesk.desk import Desk
from relocdesk.queries.figures import report_month
from tests.queries.demo_community import TODAY, demo_db, demo_desk, own_demo, table

__all__ = ["demo_db", "demo_desk", "own_demo"]  # fixtures, taken by importing them


def direct(db: Path, on: datetime.date, building_id: str | None = None) -> reports.Dashboard:
    with Desk(db) as desk:
        return reports.dashboard(desk.conn, on, building_id=building_id)


def test_dashboard_is_the_reports_figures(demo_desk: Desk, demo_db: Path) -> None:
    later = TODAY + datetime.timedelta(days=45)
    whole = demo_desk.reports.dashboard(TODAY)
    assert whole == direct(demo_db, TODAY)
    assert whole.households > 0 and whole.active_warnings > 0 and whole.open_needs > 0
    one = whole.by_building[0].building_id
    part = demo_desk.reports.dashboard(TODAY, one)
    assert part == direct(demo_db, TODAY, one)
    assert part.building_id == one and 0 < part.households < whole.households
    moved_on = demo_desk.reports.dashboard(later)
    assert moved_on == direct(demo_db, later)
    assert moved_on.today == later.isoformat() != whole.today
    assert [p.month for p in moved_on.trend] != [p.month for p in whole.trend]


def test_buildings_are_the_live_ones_in_counting_order(own_demo: Desk) -> None:
    desk = own_demo
    desk.buildings.create(number="100", units=2, floors=6)
    desk.buildings.create(number="9A", units=2, floors=6)
    gone = desk.buildings.create(number="99", units=2, floors=6)
    desk.buildings.delete(gone["id"])
    live = [b for b in table(desk.conn, "building") if not b["deleted"]]
    expected = sorted(live, key=lambda b: (len(b["number"]), b["number"]))
    choices = desk.building_choices()
    assert [(c.id, c.number) for c in choices] == [(b["id"], b["number"]) for b in expected]
    numbers = [c.number for c in choices]
    assert "99" not in numbers and numbers.index("9A") < numbers.index("100")


def test_the_report_month_is_the_last_whole_month() -> None:
    assert report_month(datetime.date(2026, 5, 15)) == "2026-04"
    assert report_month(datetime.date(2026, 5, 1)) == "2026-04"
    assert report_month(datetime.date(2026, 1, 31)) == "2025-12"


def test_the_monthly_workbook_is_written_and_its_export_audited(
    own_demo: Desk, tmp_path: Path
) -> None:
    path = own_demo.reports.write_monthly("2026-04", tmp_path / "monthly.xlsx", actor="刘书记")
    assert path == tmp_path / "monthly.xlsx"
    assert openpyxl.load_workbook(path).sheetnames == list(reports.SHEETS)
    (audit,) = own_demo.audit.find(action="export")
    assert (audit["subject_table"], audit["subject_id"], audit["actor"]) == (
        "report",
        "monthly:2026-04",
        "刘书记",
    )
