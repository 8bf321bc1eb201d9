"""``desk.warnings``: the rows the warnings page and Today list are monitoring's own
evaluation, worked out again on a connection of the test's own; acknowledging through the
façade snoozes a warning until its day, and no sooner does it come back."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from relocdesk import monitoring
from relocdesk.desk import Desk
from relocdesk.queries.warnings import WarningRow, areas, roles
from tests.queries.demo_community import TODAY, demo_db, demo_desk, own_demo

__all__ = ["demo_db", "demo_desk", "own_demo"]  # fixtures, taken by importing them

ROOT = Path(__file__).resolve().parents[2]


def key(w: monitoring.Warning) -> tuple[str, str, str]:
    return (w.indicator, w.subject_id, w.status)


def evaluated(db: Path, on: datetime.date) -> list[monitoring.Warning]:
    with Desk(db) as desk:
        return monitoring.evaluate(desk.conn, on)


def assert_rows_of(rows: list[WarningRow], warnings: list[monitoring.Warning]) -> None:
    assert [key(r["w"]) for r in rows] == [key(w) for w in warnings]
    for r in rows:
        w = r["w"]
        assert (r["level"], r["acked"], r["area_code"]) == (w.level, w.acknowledged, w.area)
        assert (r["building_id"], r["household_id"]) == (w.building_id, w.household_id)


def test_rows_are_monitorings_evaluation(demo_desk: Desk, demo_db: Path) -> None:
    for on in (TODAY, TODAY + datetime.timedelta(days=90)):
        direct = evaluated(demo_db, on)
        assert len(direct) > 50 and {w.level for w in direct} == {"red", "yellow"}
        assert_rows_of(demo_desk.warnings.rows(on), direct)
        assert_rows_of(
            demo_desk.warnings.rows(on, active_only=True),
            [w for w in direct if not w.acknowledged],
        )
    later = demo_desk.warnings.rows(TODAY + datetime.timedelta(days=90))
    assert [key(r["w"]) for r in later] != [key(r["w"]) for r in demo_desk.warnings.rows(TODAY)]


def test_a_snoozed_warning_comes_back_the_day_after(own_demo: Desk) -> None:
    desk = own_demo
    # An acknowledgement counts from the day it is made: the real today.
    now = datetime.date.today()
    first = desk.warnings.rows(now, active_only=True)[0]["w"]
    until = now + datetime.timedelta(days=10)
    ack = desk.warnings.acknowledge(
        first.indicator, first.subject_id, "已安排面试", until.isoformat(), "刘书记"
    )
    assert (ack["indicator"], ack["subject_id"], ack["until"]) == (
        first.indicator,
        first.subject_id,
        until.isoformat(),
    )
    for on, snoozed in ((now, True), (until, True), (until + datetime.timedelta(days=1), False)):
        active = {key(r["w"])[:2] for r in desk.warnings.rows(on, active_only=True)}
        assert ((first.indicator, first.subject_id) not in active) is snoozed, on
        acked = [r for r in desk.warnings.rows(on) if r["acked"]]
        assert [key(r["w"]) for r in acked] == (
            [(first.indicator, first.subject_id, "snoozed")] if snoozed else []
        )
        assert_rows_of(desk.warnings.rows(on), evaluated(desk.path, on))


def test_areas_and_roles_are_the_catalogues() -> None:
    assert areas() == monitoring.AREAS and list(areas()) == list(monitoring.AREAS)
    assert roles() == monitoring.RESPONSIBLE


def test_monitoring_and_reports_load_when_first_used(demo_db: Path) -> None:
    """A screen importing the queries and opening a desk pays for neither."""
    script = f"""
import datetime, sys
import relocdesk.queries.figures, relocdesk.queries.today, relocdesk.queries.warnings
from relocdesk.desk import Desk
heavy = ("relocdesk.monitoring", "relocdesk.reports")
desk = Desk({str(demo_db)!r})
desk.today(datetime.date(2026, 5, 15))
desk.building_choices()
assert not [m for m in heavy if m in sys.modules], sys.modules.keys()
desk.warnings.rows(datetime.date(2026, 5, 15), active_only=True)
assert "relocdesk.monitoring" in sys.modules and "relocdesk.reports" not in sys.modules
desk.reports.dashboard(datetime.date(2026, 5, 15))
assert "relocdesk.reports" in sys.modules
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
