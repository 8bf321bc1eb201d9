"""The command line end to end, as county IT would script it: real processes, real files."""

from __future__ import annotations

import json
import os
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


def test_show_says_where_the_household_lives_as_people_write_it(data_dir: Path) -> None:
    """The text report's address reads 3栋2单元501室, with the key to type (3-2-501); a
    household whose building alone is known (a roster kept one sheet per building) reads
    3栋, never as a room numbered 3."""
    out = relocdesk("show", "3-2-501", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "住址 address 3栋2单元501室 (3-2-501)" in out.stdout.splitlines()[0]
    with Desk(data_dir / "community.db") as desk:
        add_household(desk, building="4", unit=None, room=None, household_no="522731-0002")
    out = relocdesk("show", "522731-0002", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "住址 address 4栋 (4)" in out.stdout.splitlines()[0]


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


def assert_plain_error(out: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert out.returncode == code, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr + out.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out.stderr)  # Chinese
    for word in words:
        assert word in out.stderr, out.stderr


def test_a_missing_data_dir_is_reported_and_left_alone(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    looks = (
        ["search", "张"],
        ["show", "3-2-501"],
        ["warnings"],
        ["report", "monthly", "--month", "2026-11", "-o", str(tmp_path / "m.xlsx")],
        ["print", "household_card", "--all-pending", "-o", str(tmp_path / "c.pdf")],
        ["export", str(tmp_path / "roster.xlsx")],
        ["sync"],
    )
    for argv in looks:
        out = relocdesk(*argv, data_dir=missing)
        assert_plain_error(out, 3, "relocdesk demo", "no community database")
    assert not missing.exists()  # a look-up made no empty database


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["search", ""], ["empty"]),
        (["search", "  "], ["empty"]),
        (["search", "12"], ["three or more digits"]),
        (["search", "张", "--limit", "0"], ["--limit"]),
        (["search", "张", "--limit", "abc"], ["命令参数有误", "invalid int"]),
        (["search"], ["命令参数有误", "required"]),
        (["show", ""], ["household number"]),
        (["show", "99999"], ["找不到住户", "no household"]),
        (["show", "110105194912310021"], ["找不到住户", "check character"]),
        (["demo", "--households", "0"], ["--households"]),
        (["demo", "--date", "2024-13-01"], ["YYYY-MM-DD"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_bad_input_is_a_plain_bilingual_error(
    data_dir: Path, argv: list[str], words: list[str]
) -> None:
    assert_plain_error(relocdesk(*argv, data_dir=data_dir), 2, *words)


@pytest.mark.parametrize("argv", [["search", "张"], ["show", "1"], ["demo", "--households", "100"]])
def test_a_damaged_database_is_reported_without_traceback(tmp_path: Path, argv: list[str]) -> None:
    damaged = b"\x00garbage" * 2000
    (tmp_path / "community.db").write_bytes(damaged)
    out = relocdesk(*argv, data_dir=tmp_path)
    assert_plain_error(out, 3, "损坏", "damaged")
    assert (tmp_path / "community.db").read_bytes() == damaged  # not overwritten


@pytest.mark.parametrize("argv", [["search", "张"], ["demo", "--households", "100"]])
def test_a_data_dir_that_cannot_be_used(tmp_path: Path, argv: list[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = relocdesk(*argv, data_dir=blocker / "sub")
    assert_plain_error(out, 3, str(blocker))


def test_a_database_path_that_is_a_folder_is_not_called_damaged(tmp_path: Path) -> None:
    (tmp_path / "community.db").mkdir()
    out = relocdesk("demo", "--households", "100", data_dir=tmp_path)
    assert_plain_error(out, 3, "无法打开数据库文件", "cannot open")
    assert "damaged" not in out.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_data_dir(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    try:
        out = relocdesk("demo", "--households", "100", data_dir=locked)
        assert_plain_error(out, 3)
    finally:
        locked.chmod(0o755)


def test_an_unexpected_error_goes_to_a_log_file_not_the_terminal(tmp_path: Path) -> None:
    import argparse

    from relocdesk.cli_support import LOG_NAME, write_crash_log

    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as e:
        where = write_crash_log(argparse.Namespace(data_dir=str(tmp_path)), e)
    assert where == tmp_path / LOG_NAME
    text = where.read_text("utf-8")
    assert "Traceback" in text and "ZeroDivisionError: boom" in text


def test_show_text_lists_the_members(data_dir: Path) -> None:
    out = relocdesk("show", "3栋2单元501室", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "3-2-501" in out.stdout and "张三" in out.stdout and "张小花" in out.stdout
    assert out.stdout.index("张三") < out.stdout.index("张小花")  # the head first


def test_data_dir_may_follow_the_command(data_dir: Path) -> None:
    argv = ["search", "zs", "--json", "--data-dir", str(data_dir)]
    out = subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert [h["title"] for h in json.loads(out.stdout)] == ["张三"]


@pytest.mark.parametrize(
    ("key", "member"),
    [
        ("５２２７３１－０００１", False),  # an input method's full-width household number
        ("１１０１０５１９４９１２３１００２ｘ", True),  # and a member's full-width ID number
    ],
)
def test_show_and_print_take_what_an_input_method_types(
    data_dir: Path, tmp_path: Path, key: str, member: bool
) -> None:
    shown = relocdesk("show", key, "--json", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["household"]["room_key"] == "3-2-501"
    card = tmp_path / "card.pdf"
    printed = relocdesk("print", "card", "--household", key, "-o", str(card), data_dir=data_dir)
    assert printed.returncode == 0, printed.stderr
    with Desk(data_dir / "community.db") as desk:
        looked = desk.conn.execute(
            "SELECT person_id FROM audit WHERE action = 'view' ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
        head = desk.people.by_id_number("11010519491231002X")
    assert looked[0] == (head["id"] if member else None)  # a look for a member names them
