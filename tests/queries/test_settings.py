"""The settings page's and the status bar's reads (desk.desk_facts, desk.sync_status) and the
income line they show, against the tables read plainly, on a seeded demo community."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.queries.settings import INCOME_LINE
from relocdesk.validation import ValidationError


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("settings") / "community.db"
    with Desk(path) as d:
        demo.build(d, 200, seed=4, today=datetime.date(2026, 11, 20))
    return path


@pytest.fixture
def desk(demo_path: Path, tmp_path: Path) -> Iterator[Desk]:
    copy = tmp_path / "data" / "community.db"
    copy.parent.mkdir()
    copy.write_bytes(demo_path.read_bytes())
    with Desk(copy) as d:
        yield d


def settings(desk: Desk) -> dict[str, str]:
    return {r["key"]: r["value"] for r in desk.conn.execute("SELECT * FROM settings")}


def test_desk_facts(desk: Desk) -> None:
    communities = [dict(r) for r in desk.conn.execute("SELECT * FROM community")]
    mine = next(c for c in communities if c["id"] == settings(desk)["community_id"])
    facts = desk.desk_facts()
    assert facts.community == mine["name"] != ""
    assert facts.database == str(desk.path) and facts.folder == str(desk.path.parent)
    assert facts.device == settings(desk)["device_id"]
    assert facts.income_line == "" and INCOME_LINE not in settings(desk)


def test_income_line_typed_stored_and_cleared(desk: Desk) -> None:
    assert desk.set_income_line(" 8000.0 ") == "8000"
    assert settings(desk)[INCOME_LINE] == "8000" == desk.desk_facts().income_line
    with pytest.raises(ValidationError) as refused:
        desk.set_income_line("abc")
    assert refused.value.field == INCOME_LINE
    assert settings(desk)[INCOME_LINE] == "8000"  # a refused value changes nothing
    assert desk.set_income_line("7500.5") == "7500.5"
    assert desk.set_income_line("  ") == ""
    assert settings(desk)[INCOME_LINE] is None and desk.desk_facts().income_line == ""


def test_a_desk_without_community(tmp_path: Path) -> None:
    with Desk(tmp_path / "empty.db") as d:
        assert d.desk_facts().community == ""


def test_sync_status_counts_the_outbox_and_says_the_last_error(desk: Desk) -> None:
    outbox = desk.conn.execute("SELECT * FROM outbox").fetchall()
    status = desk.sync_status()
    assert status.unsent == len(outbox) > 0
    assert (status.last_error, status.last_error_code) == ("", "")
    desk.set_setting("sync_last_error", "sync: 服务器太旧 / server outdated")
    desk.set_setting("sync_last_error_code", "server_outdated")
    person = desk.conn.execute("SELECT id, name FROM person WHERE deleted = 0").fetchone()
    desk.people.update(person["id"], name=person["name"] + "一")
    status = desk.sync_status()
    assert status.unsent == len(desk.conn.execute("SELECT * FROM outbox").fetchall()) > len(outbox)
    assert status.last_error.startswith("sync: ") and status.last_error_code == "server_outdated"
