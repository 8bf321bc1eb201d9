"""The county's figures (issue 13, item 4): each community's dashboard on the server equals
the one its own laptop computes over the same data — every figure, per building, per
month — and the county's totals equal the sums of its communities, counted again here with
pandas from the laptops' own files."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pandas as pd

from relocdesk.reports import dashboard
from relocdesk.reports.county import county_extras
from relocdesk.server.county import CountyFigures
from relocdesk.server.county.copies import Copies
from tests.conftest import add_household, connect, frame
from tests.server.county_seed import seeded_laptop
from tests.sync.harness import County

TODAY = datetime.date.today()


def _as_dict(board: object) -> dict[str, object]:
    return dataclasses.asdict(board)  # type: ignore[call-overload, no-any-return]


def test_each_communitys_figures_equal_its_laptops(county: County, tmp_path: Path) -> None:
    county.storage.create_county("522731", "惠水县")
    county.storage.create_county("522732", "三都县")
    laptops = [seeded_laptop(county, tmp_path, n, seed, "522731") for n, seed in ((40, 3), (25, 8))]
    elsewhere = seeded_laptop(county, tmp_path, 15, 5, "522732")
    figures = CountyFigures(county.storage, tmp_path / "copies")
    for laptop in laptops:
        mine = dashboard(laptop.desk, TODAY)
        theirs = figures.community(laptop.desk.community_id, TODAY)
        assert _as_dict(theirs) == _as_dict(mine)
        assert mine.households > 0 and mine.by_building and len(mine.trend) == 12

    overview = figures.overview("522731", TODAY)
    ids = {r.community_id for r in overview.rows}
    assert ids == {lap.desk.community_id for lap in laptops}
    assert elsewhere.desk.community_id not in ids

    # the totals, counted again from the laptops' files with pandas
    households = pd.concat([_frame(lap.desk.path, "household") for lap in laptops])
    live = households[(households.deleted == 0) & (households.status == "active")]
    people = pd.concat([_frame(lap.desk.path, "person") for lap in laptops])
    live_people = people[(people.deleted == 0) & people.household_id.isin(live.id)]
    assert overview.total.households == len(live)
    assert overview.total.people == len(live_people)
    for name in ("labour_force", "employed_labour", "zero_employment_households", "red_warnings"):
        assert getattr(overview.total, name) == sum(getattr(r.figures, name) for r in overview.rows)
    labour, employed = overview.total.labour_force, overview.total.employed_labour
    assert overview.total.labour_employment_rate == round(employed / labour, 4)
    assert sum(overview.warnings_by_area.values()) == overview.total.active_warnings

    # income, permits and visits: each community's as its laptop counts them, the county's
    # per-capita income from the households' own incomes
    for row in overview.rows:
        laptop = next(lap for lap in laptops if lap.desk.community_id == row.community_id)
        assert row.extras == county_extras(laptop.desk.conn, TODAY)
    live = live.assign(
        members=live["id"].map(live_people.groupby("household_id").size()).fillna(0),
        income=live[["income_wages", "income_business", "income_transfers", "income_property"]].sum(
            axis=1
        ),
    )
    recorded = live[live["income_year"].notna() & (live["members"] > 0)]
    assert overview.extras is not None
    assert overview.extras.income_households == len(recorded)
    assert overview.extras.per_capita_income == round(
        recorded["income"].sum() / recorded["members"].sum()
    )
    permits = live_people["permit_status"].isin(["to_apply", "printed", "applied"]).sum()
    assert overview.extras.permits_pending == permits


def test_a_change_reaches_the_county_and_a_copy_follows_the_head(
    sqlite_county: County, tmp_path: Path
) -> None:
    county = sqlite_county  # the copies' code path; PostgreSQL's is the test above
    county.storage.create_county("522731", "惠水县")
    laptop = seeded_laptop(county, tmp_path, 10, 2, "522731")
    cid = laptop.desk.community_id
    figures = CountyFigures(county.storage, tmp_path / "copies")
    before = figures.community(cid, TODAY)
    add_household(laptop.desk, building="99", room="101")
    laptop.run()
    assert figures.copies.stale() == [cid]
    after = figures.community(cid, TODAY)
    assert after.households == before.households + 1
    assert _as_dict(after) == _as_dict(dashboard(laptop.desk, TODAY))
    assert figures.copies.stale() == []
    # a restored server (a new epoch) makes the copy anew, with the same figures
    county.storage.new_epoch()
    assert figures.copies.stale() == [cid]
    assert _as_dict(figures.community(cid, TODAY)) == _as_dict(after)


def test_the_refresher_keeps_the_overview_fresh(sqlite_county: County, tmp_path: Path) -> None:
    county = sqlite_county  # the copies' code path; PostgreSQL's is the test above
    import time

    county.storage.create_county("522731", "惠水县")
    laptop = seeded_laptop(county, tmp_path, 10, 4, "522731")
    figures = CountyFigures(county.storage, tmp_path / "copies")
    figures.start(interval=0.2)
    try:
        first = figures.overview("522731", TODAY).total.households
        add_household(laptop.desk, building="98", room="102")
        laptop.run()
        deadline = time.monotonic() + 30
        while figures.copies.stale():
            assert time.monotonic() < deadline, "the refresher did not follow the change"
            time.sleep(0.1)
        assert figures.overview("522731", TODAY).total.households == first + 1
    finally:
        figures.stop()
    assert figures.refresher is None


def test_a_copy_is_made_by_the_devices_code(sqlite_county: County, tmp_path: Path) -> None:
    """The copy is a device database: the device's migrations and tables, the community's
    rows, not a second schema of the server's."""
    county = sqlite_county  # the copies' code path; PostgreSQL's is the test above
    county.storage.create_county("522731", "惠水县")
    laptop = seeded_laptop(county, tmp_path, 5, 1, "522731")
    copies = Copies(county.storage, tmp_path / "copies")
    copies.fresh()
    cid = laptop.desk.community_id
    with copies.reading(cid) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        n = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    device = [r[0] for r in laptop.desk.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == device
    assert n == laptop.desk.conn.execute("SELECT count(*) FROM person").fetchone()[0]


def _frame(path: Path, table: str) -> pd.DataFrame:
    conn = connect(path)  # a laptop's database: encrypted with the device's key
    try:
        return frame(conn, f"SELECT * FROM {table}")
    finally:
        conn.close()
