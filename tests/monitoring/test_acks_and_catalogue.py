"""Acknowledging and snoozing warnings; a broken catalogue names what to fix."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.monitoring import acknowledge, evaluate, load
from relocdesk.monitoring.catalogue import default_path, parse
from relocdesk.validation import ValidationError, ValidationErrors
from tests.monitoring.test_indicators import TODAY, household, person


def _uninsured(desk: Desk) -> str:
    return str(person(desk, household(desk), ins_medical=0)["id"])


def _status(desk: Desk, subject: str, on: datetime.date) -> str:
    (w,) = [w for w in evaluate(desk, on, codes={"MED-01"}) if w.subject_id == subject]
    return w.status


def test_snooze_hides_until_the_end_date_and_is_synced(desk: Desk) -> None:
    subject = _uninsured(desk)
    before = desk.unsent_count()
    until = TODAY + datetime.timedelta(days=10)
    acknowledge(desk, "MED-01", subject, "已在办理参保", until, by="李书记", today=TODAY)
    assert desk.unsent_count() == before + 1  # written through the outbox like any record
    assert _status(desk, subject, TODAY) == "snoozed"
    assert _status(desk, subject, until) == "snoozed"
    assert _status(desk, subject, until + datetime.timedelta(days=1)) == "active"
    ws = evaluate(desk, TODAY, codes={"MED-01"})
    assert ws[0].acknowledged and ws[0].until == until.isoformat()
    assert ws[0].ack_reason == "已在办理参保" and ws[0].ack_by == "李书记"


def test_acknowledgement_without_end_lasts_the_catalogue_period(desk: Desk) -> None:
    subject = _uninsured(desk)
    acknowledge(desk, "MED-01", subject, "正在跟进", None, by="李书记", today=TODAY)
    days = load().ack_days
    assert _status(desk, subject, TODAY + datetime.timedelta(days=days)) == "acknowledged"
    assert _status(desk, subject, TODAY + datetime.timedelta(days=days + 1)) == "active"


def test_acknowledged_warnings_come_after_active_ones(desk: Desk) -> None:
    first, second = _uninsured(desk), _uninsured(desk)
    acknowledge(desk, "MED-01", first, "跟进中", None, by="李书记", today=TODAY)
    ws = evaluate(desk, TODAY, codes={"MED-01"})
    assert [w.subject_id for w in ws] == [second, first]


def test_acknowledge_refuses_bad_input(desk: Desk) -> None:
    subject = _uninsured(desk)
    with pytest.raises(ValidationError) as e:
        acknowledge(desk, "NOPE-1", subject, "x", None, by="李书记", today=TODAY)
    assert e.value.field == "indicator"
    with pytest.raises(ValidationError) as e:
        acknowledge(desk, "MED-01", subject, "x", "2026-05-14", by="李书记", today=TODAY)
    assert e.value.field == "until"
    with pytest.raises(ValidationErrors):
        acknowledge(desk, "MED-01", subject, "", None, by="李书记", today=TODAY)


def _catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_path().read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda i: i.pop("name_zh"), "EMP-01.name_zh"),
        (lambda i: i.update(level="orange"), "EMP-01.level"),
        (lambda i: i.update(evaluator="nothing"), "EMP-01.evaluator"),
        (lambda i: i["params"].pop("min_age"), "EMP-01.params.min_age"),
        (lambda i: i["params"].update(min_age="sixteen"), "EMP-01.params.min_age"),
        (lambda i: i.update(explain_en="{nobody} employed"), "EMP-01.explain_en"),
        (lambda i: i.update(subject="person"), "EMP-01.subject"),
    ],
)
def test_a_bad_catalogue_names_the_indicator_and_field(change: Any, field: str) -> None:
    data = copy.deepcopy(_catalogue())
    (target,) = [i for i in data["indicators"] if i["code"] == "EMP-01"]
    change(target)
    with pytest.raises(ValidationError) as e:
        parse(data)
    assert e.value.field == field
    assert "EMP-01" in e.value.message_zh and "EMP-01" in e.value.message_en


def test_duplicate_codes_and_broken_json_are_refused(tmp_path: Path) -> None:
    data = _catalogue()
    data["indicators"].append(dict(data["indicators"][0]))
    with pytest.raises(ValidationError, match="duplicate"):
        parse(data)
    broken = tmp_path / "indicators.json"
    broken.write_text('{"indicators": [', encoding="utf-8")
    with pytest.raises(ValidationError, match="line 1"):
        load(broken)
