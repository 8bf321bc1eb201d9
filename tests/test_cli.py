"""The command line end to end, as county IT would script it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from tests.conftest import add_household


def relocdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        hh = add_household(desk, building="3", unit=2, room="501", household_no="522731-0001")
        desk.people.create(
            household_id=hh["id"], name="张三", id_number="11010519491231002X", relation="head"
        )
        desk.people.create(household_id=hh["id"], name="张小花", relation="daughter")
    return tmp_path


def test_search_json(data_dir: Path) -> None:
    out = relocdesk("search", "zs", "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["title"] for h in hits] == ["张三"]
    assert hits[0]["kind"] == "person"


def test_search_text_and_nothing_found(data_dir: Path) -> None:
    out = relocdesk("search", "小花", data_dir=data_dir)
    assert "张小花" in out.stdout
    none = relocdesk("search", "欧阳", data_dir=data_dir)
    assert none.returncode == 0 and "没有找到" in none.stdout


@pytest.mark.parametrize("key", ["522731-0001", "3-2-501", "11010519491231002x"])
def test_show_one_household(data_dir: Path, key: str) -> None:
    out = relocdesk("show", key, "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["household"]["room_key"] == "3-2-501"
    assert {m["name"] for m in data["members"]} == {"张三", "张小花"}
    assert data["members"][0]["relation"] == "head"


def test_errors_are_plain_and_bilingual(data_dir: Path) -> None:
    out = relocdesk("show", "no-such", data_dir=data_dir)
    assert out.returncode == 2
    assert "找不到住户" in out.stderr and "no household" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_unusable_database_is_reported_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "community.db").write_bytes(b"this is not a database" * 100)
    out = relocdesk("search", "张", data_dir=tmp_path)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr and "database" in out.stderr
