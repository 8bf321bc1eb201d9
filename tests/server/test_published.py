"""Thresholds the county publishes (issue 13, item 5): the county sets the income line, the
device receives it on sync and applies it (a warning appears), shows it as the county's,
and a device's own setting no longer overrides it; withdrawn, the warning goes. The
county's copy of the community applies the same value, so the county's figures agree."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
from relocdesk.reports import dashboard
from relocdesk.server import cli as server_cli
from relocdesk.server.county import CountyFigures
from relocdesk.sync.client import SyncEngine
from relocdesk.validation import ValidationError
from tests.conftest import add_household
from tests.sync.harness import County

TODAY = datetime.date.today()


def _laptop(county: County, tmp_path: Path) -> tuple[SyncEngine, str]:
    """A community under county 522731 with one monitored household of two people whose
    per-capita income is 8,000 yuan: above the catalogue's line (7,000)."""
    desk = Desk(tmp_path / "laptop.db")
    desk.create_community("新民社区", county="惠水县")
    hh = add_household(
        desk, monitored=1, income_year=TODAY.year - 1, income_wages=12000, income_transfers=4000
    )
    desk.people.create(household_id=hh["id"], name="王芳", relation="head")
    desk.people.create(household_id=hh["id"], name="王小明", relation="son")
    s = county.storage
    s.create_community("新民社区", desk.community_id)
    s.create_user("sec-xm", county.password, "secretary", desk.community_id)
    s.move_community(desk.community_id, "522731")
    engine = SyncEngine(desk, retries=1, backoff=0.01)
    engine.enroll(county.url, "sec-xm", county.password)
    county.engines.append(engine)
    engine.run()
    return engine, hh["id"]


def _below_line(desk: Desk) -> dict[str, object]:
    return {w.household_id: w.params["line"] for w in evaluate(desk, TODAY, codes={"INC-01"})}


def test_county_sets_device_syncs_warning_changes(sqlite_county: County, tmp_path: Path) -> None:
    county = sqlite_county
    county.storage.create_county("522731", "惠水县")
    laptop, household = _laptop(county, tmp_path)
    desk = laptop.desk
    assert _below_line(desk) == {}
    # the device's own setting is what applies while the county has said nothing
    desk.set_income_line("8500")
    assert _below_line(desk) == {household: 8500}
    desk.set_income_line("")

    county.storage.publish("522731", "income_line", "9000", by="hs-admin")
    assert _below_line(desk) == {}  # nothing yet: the device has not synced
    laptop.run()
    assert _below_line(desk) == {household: 9000}
    shown = desk.county_thresholds()
    assert [(t.key, t.value, t.default) for t in shown] == [("income_line", "9000", "7000")]
    # the county's value is the one that applies: a device's own setting does not undercut it
    desk.set_income_line("5000")
    assert _below_line(desk) == {household: 9000}

    # the county's copy applies it too: its figures equal the device's
    figures = CountyFigures(county.storage, tmp_path / "copies")
    cid = desk.community_id
    assert figures.community(cid, TODAY).red_warnings == dashboard(desk, TODAY).red_warnings
    assert figures.community(cid, TODAY).warnings_by_area["income"] >= 1

    assert county.storage.unpublish("522731", "income_line")
    laptop.run()
    assert desk.county_thresholds() == []
    assert _below_line(desk) == {}  # the device's own 5,000 applies again
    # with the device's own line gone too, both apply the catalogue's (INC-03: near 7,000)
    desk.set_income_line("")
    after = figures.community(cid, TODAY)
    assert after.warnings_by_area == dashboard(desk, TODAY).warnings_by_area
    assert after.warnings_by_area["income"] == 1


def test_one_indicator_and_the_visit_interval(sqlite_county: County, tmp_path: Path) -> None:
    county = sqlite_county
    county.storage.create_county("522731", "惠水县")
    laptop, household = _laptop(county, tmp_path)
    county.storage.publish("522731", "INC-01.line", 8500, by="hs-admin")
    county.storage.publish("522731", "INT-04.days", "30", by="hs-admin")
    laptop.run()
    assert _below_line(laptop.desk) == {household: 8500}
    keys = {t.key: t.value for t in laptop.desk.county_thresholds()}
    assert keys == {"INC-01.line": "8500", "INT-04.days": "30"}
    from relocdesk.reports.county import visit_days

    assert visit_days(laptop.desk.conn) == 30


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [("INC-09.line", "1", "key"), ("income_line", "-5", "value"), ("INT-04.days", "六十", "value")],
)
def test_a_bad_threshold_is_refused(
    sqlite_county: County, key: str, value: str, field: str
) -> None:
    sqlite_county.storage.create_county("522731", "惠水县")
    with pytest.raises(ValidationError) as e:
        sqlite_county.storage.publish("522731", key, value, by="x")
    assert e.value.field == field and e.value.message_zh and e.value.message_en
    assert sqlite_county.storage.published("522731") == []


def test_the_threshold_commands(
    sqlite_county: County, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_county.storage.url
    sqlite_county.storage.create_county("522731", "惠水县")
    base = ["admin", "publish", "--db", url, "--county", "522731"]
    assert server_cli.main([*base, "income_line", "8000"]) == 0
    assert server_cli.main(["admin", "list-published", "--db", url, "--county", "522731"]) == 0
    out = capsys.readouterr().out
    assert "income_line" in out and "8000" in out
    assert server_cli.main([*base, "income_line", "abc"]) == 2
    err = capsys.readouterr().err
    assert "income_line" in err and "Traceback" not in err
    args = ["admin", "unpublish", "--db", url, "--county", "522731", "income_line"]
    assert server_cli.main(args) == 0
    assert sqlite_county.storage.published("522731") == []
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_a_threshold_no_laptop_could_apply_is_refused_and_never_applied(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A slip of the keyboard at the county (INT-04.days 1000000 for 100) reaches every
    laptop of the county on its next sync: a visit interval past the calendar, or a number
    past 64 bits, failed each laptop's warnings and dashboard, and the county's own copies.
    The server refuses it, naming the value; a laptop given one anyway (by a server without
    this check) uses the catalogue's value, as it does for a setting it cannot read."""
    county.storage.create_county("522731", "惠水县")
    laptop, _ = _laptop(county, tmp_path)
    base = ["admin", "publish", "--db", county.storage.url, "--county", "522731"]
    for key, value in (
        ("INT-04.days", "1000000"),  # before year 1, counted back from today
        ("INT-04.days", "1e9"),  # more days than a time span holds
        ("income_line", "1e300"),  # past 64 bits once read as a whole number
        ("EMP-02.min_referrals", "1e20"),
    ):
        assert server_cli.main([*base, key, value]) == 2, (key, value)
        err = capsys.readouterr().err
        assert "value" in err and key in err and "Traceback" not in err, err
    assert county.storage.published("522731") == []
    assert server_cli.main([*base, "INT-04.days", "45"]) == 0  # a real interval still goes

    p = county.storage.t_county_param
    with county.storage.write() as conn:  # what an older server would have stored
        conn.execute(
            p.update().where(p.c.key == "INT-04.days").values(value="1000000", set_by="old")
        )
        conn.execute(
            p.insert().values(
                county_id=county.storage._county_id("522731"),
                key="income_line",
                value="1e300",
                set_at="2026-01-01T00:00:00",
                set_by="old",
            )
        )
    laptop.run()
    from relocdesk.reports.county import visit_days

    assert {t.key: t.value for t in laptop.desk.county_thresholds()} == {
        "INT-04.days": "1000000",
        "income_line": "1e300",
    }
    evaluate(laptop.desk, TODAY)  # no OverflowError
    assert dashboard(laptop.desk, TODAY).households == 1
    assert visit_days(laptop.desk.conn) == 60  # the catalogue's interval
    assert _below_line(laptop.desk) == {}  # the catalogue's line: 8,000 a head is above it
