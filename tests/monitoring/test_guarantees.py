"""The "3+1" guarantees, children and elderly in difficulty, and the monitoring object type
that replaced the single "monitored" flag (store migration 0012)."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from relocdesk.desk import Desk
from relocdesk.store import migrations, open_database
from relocdesk.validation import ValidationErrors
from tests.conftest import add_household

STEP = "0012_household_guarantees"


def _old_household(conn: object, row_id: str, no: str, monitored: int, poor: int) -> None:
    conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO household (id, community_id, created_at, updated_at, updated_by,"
        " household_no, monitored, formerly_poor) VALUES (?, 'c1', 't', 't', 'd', ?, ?, ?)",
        (row_id, no, monitored, poor),
    )


def test_the_old_flag_becomes_a_type_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before=STEP)
    _old_household(conn, "h1", "A-1", monitored=1, poor=1)
    _old_household(conn, "h2", "A-2", monitored=1, poor=0)
    _old_household(conn, "h3", "A-3", monitored=0, poor=1)
    conn.commit()
    conn.close()
    with Desk(path) as desk:
        assert STEP in desk.applied_migrations
        rows = desk.conn.execute(
            "SELECT id, monitored, formerly_poor, monitor_type FROM household ORDER BY id"
        ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("h1", 1, 1, "unstable"),
        ("h2", 1, 0, "marginal"),
        ("h3", 0, 1, None),
    ]
    assert path.with_name(f"v10.db.before-{STEP}.bak").exists()


def test_the_type_keeps_the_flag_in_step(desk: Desk) -> None:
    hh = add_household(desk, formerly_poor=1)
    hh = desk.households.update(hh["id"], monitor_type="sudden_hardship", monitor_risk="illness")
    assert (hh["monitored"], hh["monitor_type"], hh["monitor_risk"]) == (
        1,
        "sudden_hardship",
        "illness",
    )
    hh = desk.households.update(hh["id"], monitor_type=None)
    assert (hh["monitored"], hh["monitor_type"]) == (0, None)
    assert hh["monitor_risk"] == "illness"  # the risk found is kept as history
    # a write of the flag alone (an older device's habit) gets the type the migration gives
    hh = desk.households.update(hh["id"], monitored=1)
    assert hh["monitor_type"] == "unstable"
    # and keeps a type already recorded
    hh = desk.households.update(hh["id"], monitor_type="sudden_hardship")
    hh = desk.households.update(hh["id"], monitored=1, notes="复核")
    assert hh["monitor_type"] == "sudden_hardship"


def test_bad_values_are_named_in_both_languages(desk: Desk) -> None:
    hh = add_household(desk)
    with pytest.raises(ValidationErrors) as err:
        desk.households.update(
            hh["id"], monitor_type="poor", water_safety="maybe", guarantees_checked="2999-01-01"
        )
    fields = {e.field for e in err.value.errors}
    assert fields == {"monitor_type", "water_safety", "guarantees_checked"}
    for e in err.value.errors:
        assert e.message_zh and e.message_en
    assert desk.households.get(hh["id"])["water_safety"] is None  # nothing written


def test_warnings_json_carries_the_new_facts(tmp_path: Path) -> None:
    today = datetime.date.today()
    checked = (today - datetime.timedelta(days=400)).isoformat()
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        hh = add_household(
            desk,
            household_no="522731-0001",
            housing_safety="unsafe",
            water_safety="safe",
            guarantees_checked=checked,
        )
        desk.people.create(household_id=hh["id"], name="刘小雨", child_in_difficulty=1)
        desk.people.create(household_id=hh["id"], name="刘大爷", elderly_in_difficulty=1)
    out = subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(tmp_path), "warnings", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    found = {w["indicator"]: w for w in json.loads(out.stdout)["warnings"]}
    assert found["HOU-05"]["values"]["checked"] == checked
    assert "住房安全无保障" in found["HOU-05"]["facts"]["zh"]
    assert "HOU-06" not in found
    assert found["HOU-07"]["values"]["age"] == 400
    assert found["INT-09"]["values"]["names"] == "刘小雨"
    assert found["INT-10"]["values"]["names"] == "刘大爷"
    assert "never visited" in found["INT-10"]["facts"]["en"]


def test_the_printed_card_names_the_type_and_the_groups(desk: Desk) -> None:
    from relocdesk.forms import load, model

    hh = add_household(desk, formerly_poor=1, monitor_type="marginal")
    desk.people.create(household_id=hh["id"], name="韦奶奶", elderly_in_difficulty=1)
    (card,) = load.household_cards(desk.conn, [hh["id"]], model.Community(id="c1", name="锦绣社区"))
    assert card.flags == "脱贫户、监测户（边缘易致贫户）"
    assert "困难老人" in card.members[0].notes


def test_the_monthly_summary_counts_monitored_households_by_type(desk: Desk) -> None:
    from relocdesk.forms.load_monthly import monthly_summary

    add_household(desk, monitor_type="unstable")
    add_household(desk, monitor_type="sudden_hardship")
    add_household(desk, monitor_type="sudden_hardship")
    add_household(desk)
    # a row from a device before the type: the flag alone, formerly poor
    old = add_household(desk, formerly_poor=1)
    desk.conn.execute("UPDATE household SET monitored = 1 WHERE id = ?", (old["id"],))
    today = datetime.date.today()
    summary = monthly_summary(desk.conn, today.strftime("%Y-%m"), today=today)
    (count,) = [c for _, counts in summary.sections for c in counts if c.label == "监测户"]
    assert count.value == "4"
    assert count.note == "脱贫不稳定户 2、边缘易致贫户 0、突发严重困难户 2"


def test_a_type_is_read_only_while_the_flag_is_on() -> None:
    from relocdesk.household_facts import monitor_type

    # a device from before the type ended the monitoring by the flag alone
    assert monitor_type({"monitored": 0, "monitor_type": "marginal"}) is None
    # and one set the flag alone
    assert monitor_type({"monitored": 1, "monitor_type": None, "formerly_poor": 1}) == "unstable"
    assert monitor_type({"monitored": 1, "monitor_type": "sudden_hardship"}) == "sudden_hardship"


def test_the_flag_alone_never_revives_a_stale_type(desk: Desk) -> None:
    hh = add_household(desk, monitor_type="sudden_hardship")
    # an older device turned the flag off and left the type as it was
    desk.conn.execute("UPDATE household SET monitored = 0 WHERE id = ?", (hh["id"],))
    hh = desk.households.update(hh["id"], monitored=1)
    assert hh["monitor_type"] == "marginal"  # as the flag implies, not the old sudden hardship
