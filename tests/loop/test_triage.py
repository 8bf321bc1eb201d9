"""Triage: warnings grouped by household, red households first, then by count; filtered by
area, building and building head. Checked against a pandas pass over the flat warnings
with the addresses and building heads read from the plain tables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from relocdesk import monitoring
from relocdesk.desk import Desk
from relocdesk.monitoring.households import by_household
from tests.queries.demo_community import TODAY, demo_db, demo_desk, table

__all__ = ["demo_db", "demo_desk"]


def flat(desk: Desk) -> pd.DataFrame:
    """The day's unacknowledged warnings, one row each, with the household's building head
    looked up from the plain tables (not from monitoring's own join)."""
    conn = desk.conn
    households = pd.DataFrame(table(conn, "household"))[["id", "building_id"]]
    buildings = pd.DataFrame(table(conn, "building"))[["id", "building_head_id", "deleted"]]
    heads = pd.DataFrame(table(conn, "building_head"))[["id", "name", "deleted"]]
    live_heads = heads[heads.deleted == 0].rename(columns={"id": "hid", "name": "head"})
    live_buildings = buildings[buildings.deleted == 0].rename(columns={"id": "bid"})
    where = households.merge(live_buildings, left_on="building_id", right_on="bid", how="left")
    where = where.merge(live_heads, left_on="building_head_id", right_on="hid", how="left")
    head_of = dict(zip(where["id"], where["head"].where(where["head"].notna(), None), strict=True))
    rows = [
        {
            "household_id": w.household_id,
            "building_id": w.building_id,
            "area": w.area,
            "red": w.level == "red",
            "head": head_of.get(w.household_id),
        }
        for w in monitoring.evaluate(conn, TODAY)
        if not w.acknowledged
    ]
    return pd.DataFrame(rows)


def expected(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby("household_id").agg(count=("area", "size"), red=("red", "sum"))


def test_groups_are_the_flat_warnings_per_household(demo_desk: Desk) -> None:
    frame = flat(demo_desk)
    groups = demo_desk.warnings.by_household(TODAY)
    want = expected(frame)
    got = {g.household_id: (g.count, g.red) for g in groups}
    assert len(groups) == len(want) > 100
    assert got == {hid: (int(r["count"]), int(r["red"])) for hid, r in want.iterrows()}
    # red households first, then by count, never the reverse
    keys = [(g.red == 0, -g.count) for g in groups]
    assert keys == sorted(keys)
    assert groups[0].red and not groups[-1].red
    for g in groups:
        assert {w.household_id for w in g.warnings} == {g.household_id}
        assert g.level == ("red" if any(w.level == "red" for w in g.warnings) else "yellow")
    # Today lists the same households
    assert [g.household_id for g in demo_desk.warnings.by_household(TODAY)] == [
        g.household_id for g in groups
    ]


def test_filters_by_area_building_and_building_head(demo_desk: Desk) -> None:
    frame = flat(demo_desk)
    area = frame.area.value_counts().index[1]
    only = by_household(monitoring.evaluate(demo_desk.conn, TODAY), area=area)
    assert {g.household_id for g in only} == set(frame[frame.area == area].household_id)
    assert all(w.area == area for g in only for w in g.warnings)

    building = frame.building_id.dropna().value_counts().index[0]
    got = demo_desk.warnings.by_household(TODAY, building_id=building)
    want = expected(frame[frame.building_id == building])
    assert {g.household_id: g.count for g in got} == want["count"].to_dict()

    head = frame["head"].dropna().value_counts().index[0]
    got = demo_desk.warnings.by_household(TODAY, building_head=head)
    want = expected(frame[frame["head"] == head])
    assert {g.household_id: g.count for g in got} == want["count"].to_dict()
    assert len(got) < len(expected(frame))


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), "warnings", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def data_dir(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    shutil.copy(demo_db, folder / "community.db")
    return folder


def test_the_command_groups_and_filters(data_dir: Path, demo_desk: Desk) -> None:
    day = TODAY.isoformat()
    out = cli(data_dir, "--by-household", "--json", "--date", day)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    groups = demo_desk.warnings.by_household(TODAY)
    assert [g["household_id"] for g in answer["groups"]] == [g.household_id for g in groups]
    assert answer["count"] == sum(g.count for g in groups)
    first = answer["groups"][0]
    assert first["level"] == "red" and first["warnings"][0]["facts"]["zh"]

    building = demo_desk.buildings.find()[0]
    out = cli(data_dir, "--by-household", "--building", building["number"], "--date", day)
    assert out.returncode == 0, out.stderr
    shown = demo_desk.warnings.by_household(TODAY, building_id=building["id"])
    assert f"{len(shown)} 户有预警" in out.stdout
    assert out.stdout.count("\n== [") == len(shown)


@pytest.mark.parametrize(
    ("option", "value", "word"),
    [("--area", "weather", "--area"), ("--building", "99X", "99X"), ("--head", "无此人", "--head")],
)
def test_a_wrong_filter_is_named_not_answered_with_nothing(
    data_dir: Path, option: str, value: str, word: str
) -> None:
    out = cli(data_dir, "--by-household", option, value)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and word in out.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out.stderr)
