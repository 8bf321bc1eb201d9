"""The households behind each figure add up to the figure, for the community and for every
building, on a demo community with an operator's usual changes (a household moved out, a
person deleted); the plain counts are checked again with pandas."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.demo.writer import build
from relocdesk.desk import Desk
from relocdesk.reports import dashboard
from relocdesk.reports.behind import FIGURES, RATE_OF, households_behind, mask_id
from relocdesk.reports.county import county_extras
from tests.conftest import connect, frame

TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    path: Path = tmp_path_factory.mktemp("behind") / "community.db"
    d = Desk(path)
    build(d, 160, seed=31, today=TODAY)
    moved = d.conn.execute("SELECT id FROM household WHERE status = 'active' LIMIT 1").fetchone()
    d.households.update(moved[0], status="moved_out")
    person = d.conn.execute(
        "SELECT id FROM person WHERE employment_status = 'unemployed_willing'"
        " AND id NOT IN (SELECT head_person_id FROM household WHERE head_person_id IS NOT NULL)"
        " LIMIT 1"
    ).fetchone()
    d.people.delete(person[0])
    yield d
    d.close()


COUNTY_FIGURES = {"income_people", "permits_pending", "households_visited_in_interval"}


@pytest.mark.parametrize("figure", sorted(FIGURES | RATE_OF.keys()))
def test_each_list_adds_up_to_its_figure(desk: Desk, figure: str) -> None:
    board = dashboard(desk, TODAY)
    counted = RATE_OF.get(figure, figure)
    lines = households_behind(desk.conn, TODAY, figure)
    assert len({x.household_id for x in lines}) == len(lines)
    if counted in COUNTY_FIGURES:  # counted for the whole community (reports.county)
        extras = county_extras(desk.conn, TODAY)
        assert sum(x.n for x in lines) == getattr(extras, counted) > 0
        return
    assert sum(x.n for x in lines) == getattr(board, counted)
    for b in board.by_building:
        if b.building_id is None:
            continue
        part = households_behind(desk.conn, TODAY, figure, b.building_id)
        assert sum(x.n for x in part) == getattr(b, counted), b.building_no
        assert {x.building_no for x in part} <= {b.building_no}


def test_plain_counts_match_pandas_and_ids_are_masked(desk: Desk) -> None:
    conn = connect(desk.path)  # a second reader of the file, apart from the app's code
    households = frame(conn, "SELECT * FROM household")
    people = frame(conn, "SELECT * FROM person")
    live = households[(households.deleted == 0) & (households.status == "active")]
    members = people[(people.deleted == 0) & people.household_id.isin(live.id)]
    lines = households_behind(desk.conn, TODAY, "households")
    assert {x.household_id for x in lines} == set(live.id)
    by_household = members.groupby("household_id").size()
    got = {x.household_id: x.n for x in households_behind(desk.conn, TODAY, "people")}
    assert got == {k: int(v) for k, v in by_household.items()}
    heads = people.set_index("id").id_number
    for x in lines:
        assert "*" in x.id_masked or not x.id_masked
        head = live.set_index("id").head_person_id.get(x.household_id)
        if head in heads.index and x.id_masked:
            full = heads[head]
            assert x.id_masked[:4] == full[:4] and x.id_masked[-4:] == full[-4:]
            assert full[6:14] not in x.id_masked  # the birth date never shows


def test_masking_is_the_products_one_and_unknown_figures_are_refused() -> None:
    assert mask_id("52273119800101123X") == "5227**********123X"
    assert mask_id("") == "" and mask_id(None) == ""
    with pytest.raises(KeyError):
        households_behind(sqlite3.connect(":memory:"), TODAY, "no_such_figure")
