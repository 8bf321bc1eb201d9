"""Hand-over (交办): a warning, or all of a household's, becomes a need with the category of
its area, the building head as assignee, a due date from the indicator and a link back to
the warning; the warning then shows "in handling" with the need's status."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate, load
from relocdesk.monitoring.catalogue import parse
from relocdesk.monitoring.handover import hand_over
from relocdesk.validation import ValidationError
from tests.monitoring.test_indicators import TODAY, household, person

ROOT = Path(__file__).resolve().parents[2]


def troubled(desk: Desk) -> dict[str, Any]:
    """A household of building 7 (head 张楼长): nobody employed (red, EMP-01), one member
    without medical insurance (red, MED-01)."""
    head = desk.building_heads.create(name="张楼长")
    desk.buildings.create(number="7", building_head_id=head["id"])
    hh = household(desk, building="7")
    person(desk, hh, employment_status="unemployed_willing")
    person(desk, hh, employment_status="unemployed_willing", ins_medical=0, name="王二")
    desk.set_setting("secretary_name", "刘书记")
    return hh


def row_of(desk: Desk, indicator: str, subject: str) -> Any:
    return next(
        r
        for r in desk.warnings.rows(TODAY)
        if r["w"].indicator == indicator and r["w"].subject_id == subject
    )


def test_a_warning_becomes_a_need_and_shows_in_handling(desk: Desk) -> None:
    hh = troubled(desk)
    assert row_of(desk, "EMP-01", hh["id"])["handling"] is None
    need = desk.warnings.hand_over("EMP-01", hh["id"], TODAY)
    stored = desk.needs.get(need["id"])
    assert stored is not None
    assert (stored["category"], stored["assignee"], stored["source"]) == (
        "employment",
        "张楼长",
        "warning",
    )
    assert (stored["indicator"], stored["subject_id"]) == ("EMP-01", hh["id"])
    assert stored["due_date"] == (TODAY + datetime.timedelta(days=7)).isoformat()  # red: 7
    assert "零就业家庭" in stored["description"] and "0 人就业" in stored["description"]
    link = row_of(desk, "EMP-01", hh["id"])["handling"]
    assert link.need_id == need["id"] and link.in_handling and link.status == "open"
    # handing it over again keeps the need that is being handled
    again = desk.warnings.hand_over("EMP-01", hh["id"], TODAY)
    assert again["id"] == need["id"] and not again["new"]
    assert len(desk.needs.find(indicator="EMP-01")) == 1
    desk.needs.set_status(need["id"], "in_progress", date=TODAY.isoformat())
    assert row_of(desk, "EMP-01", hh["id"])["handling"].status == "in_progress"
    desk.needs.set_status(need["id"], "resolved", date=TODAY.isoformat())
    link = row_of(desk, "EMP-01", hh["id"])["handling"]
    assert link.status == "resolved" and not link.in_handling
    # the facts still hold after the need was resolved: a new hand-over makes a new need
    assert desk.warnings.hand_over("EMP-01", hh["id"], TODAY)["new"]


def test_a_household_is_handed_over_whole_medical_to_the_staff(desk: Desk) -> None:
    hh = troubled(desk)
    made = desk.warnings.hand_over_household(hh["id"], TODAY)
    warnings = [w for w in evaluate(desk, TODAY) if w.household_id == hh["id"]]
    assert len(made) == len(warnings) >= 2 and all(n["new"] for n in made)
    by_indicator = {n["indicator"]: n for n in made}
    medical = by_indicator["MED-01"]
    # a building head may not see health data: the medical need goes to the indicator's staff
    assert (medical["category"], medical["assignee"]) == ("medical", "刘书记")
    assert by_indicator["EMP-01"]["assignee"] == "张楼长"
    groups = desk.warnings.by_household(TODAY)
    from relocdesk.queries.warnings import household_rows

    (row,) = [r for r in household_rows(groups, desk.warnings.links()) if r["household_id"]]
    assert row["handling"] == row["count"] == len(warnings)
    # a second hand-over of the household makes nothing new
    assert not any(n["new"] for n in desk.warnings.hand_over_household(hh["id"], TODAY))


def test_due_days_come_from_the_indicator_or_its_level(desk: Desk) -> None:
    data = json.loads((ROOT / "resources" / "indicators.json").read_text("utf-8"))
    for ind in data["indicators"]:
        if ind["code"] == "MED-01":
            ind["due_days"] = 3
    data["due_days"] = {"red": 10}
    cat = parse(data)
    hh = troubled(desk)
    warnings = [w for w in evaluate(desk, TODAY, catalogue=cat) if w.household_id == hh["id"]]
    needs = {n["indicator"]: n for n in hand_over(desk, warnings, today=TODAY, catalogue=cat)}
    assert needs["MED-01"]["due_date"] == (TODAY + datetime.timedelta(days=3)).isoformat()
    assert needs["EMP-01"]["due_date"] == (TODAY + datetime.timedelta(days=10)).isoformat()
    assert load().days_to_handle(load().get("INT-04")) == 30  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"red": 0}, {"green": 5}, [7], {"red": True}])
def test_bad_due_days_are_named(bad: Any) -> None:
    data = json.loads((ROOT / "resources" / "indicators.json").read_text("utf-8"))
    data["due_days"] = bad
    with pytest.raises(ValidationError) as e:
        parse(data)
    assert e.value.field == "due_days"
    data["due_days"] = {}
    data["indicators"][0]["due_days"] = -1
    with pytest.raises(ValidationError) as e:
        parse(data)
    assert e.value.field.endswith("due_days")


def test_handing_over_no_warning_is_a_plain_error(desk: Desk) -> None:
    hh = troubled(desk)
    with pytest.raises(ValidationError) as e:
        desk.warnings.hand_over("HOU-01", hh["id"], TODAY)
    assert "没有这条预警" in e.value.message_zh and "no such warning" in e.value.message_en
    assert desk.needs.count() == 0


def test_the_command_shows_what_is_in_handling(desk_factory: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    desk = desk_factory(path=tmp_path / "community.db")
    hh = troubled(desk)
    need = desk.warnings.hand_over("EMP-01", hh["id"], TODAY)
    out = subprocess.run(
        [
            *(sys.executable, "-m", "relocdesk.cli", "--data-dir", str(tmp_path), "warnings"),
            *("--by-household", "--json", "--date", TODAY.isoformat()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    (group,) = json.loads(out.stdout)["groups"]
    handled = {w["indicator"]: w["handling"] for w in group["warnings"]}
    assert handled["EMP-01"]["need_id"] == need["id"] and handled["EMP-01"]["in_handling"]
    assert handled["MED-01"] is None and group["in_handling"] == 1
