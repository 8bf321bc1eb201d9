"""The command line's text output holds every name, whatever the output's encoding.

A Chinese Windows writes a command's redirected output (``relocdesk warnings > 预警.txt``)
in GBK, which has no place for rarer characters of names (𠀀, 䶮); the command stopped with
"unexpected error: UnicodeEncodeError" after printing half of its output. Here
``PYTHONIOENCODING`` gives the process that encoding, as Windows would: real processes, a
real database.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relocdesk.console import every_character_printable
from relocdesk.desk import Desk
from tests.conftest import add_household

RARE = "𠀀䶮"  # CJK extension B and A: outside GBK, inside GB18030
NAME = f"王{RARE}"


def _relocdesk(data_dir: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rare-names")
    with Desk(folder / "community.db") as desk:
        desk.create_community(f"新{RARE}社区", county="惠水县")
        hh = add_household(desk, building="3", unit=2, room="501", household_no="522731-0001")
        desk.people.create(
            household_id=hh["id"], name=NAME, id_number="11010519491231002X", relation="head"
        )
    return folder


@pytest.mark.parametrize(
    "args", [("search", "王"), ("show", "3-2-501"), ("warnings",)], ids=lambda a: a[0]
)
def test_gbk_output_keeps_rare_characters_as_gb18030(data_dir: Path, args: tuple[str]) -> None:
    done = _relocdesk(data_dir, "gbk", *args)
    assert done.returncode == 0, done.stderr.decode("gb18030", "replace")
    text = done.stdout.decode("gb18030")  # GBK's own characters are the same bytes
    assert "意外错误" not in done.stderr.decode("gb18030")
    if args[0] != "warnings":
        assert NAME in text
        assert "王".encode("gbk") in done.stdout  # a GBK reader still reads the rest


def test_an_output_that_cannot_hold_chinese_gets_escapes_not_a_stop(data_dir: Path) -> None:
    done = _relocdesk(data_dir, "cp1252", "search", "王")  # an English Windows' redirect
    assert done.returncode == 0, done.stderr
    assert b"\\U00020000" in done.stdout and b"\\u738b" in done.stdout


def test_utf8_output_is_written_as_before(data_dir: Path) -> None:
    done = _relocdesk(data_dir, "utf-8", "search", "王")
    assert done.returncode == 0
    assert NAME.encode() in done.stdout


def _stream(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors)


@pytest.mark.parametrize("name", ["gbk", "cp936", "GB2312", "euc_cn"])
def test_every_name_of_the_chinese_code_page_is_upgraded(name: str) -> None:
    stream = _stream(name)
    every_character_printable(stream)
    assert stream.encoding == "gb18030"
    stream.write(NAME)
    stream.flush()
    assert stream.buffer.getvalue().decode("gb18030") == NAME  # type: ignore[attr-defined]


def test_a_chosen_error_handler_is_kept_and_others_are_left_alone() -> None:
    kept = _stream("latin-1", "replace")
    every_character_printable(kept)
    assert (kept.encoding, kept.errors) == ("latin-1", "replace")
    utf8 = _stream("utf-8")
    every_character_printable(utf8)
    assert utf8.encoding == "utf-8"
    utf8.write("\ud800")  # a lone surrogate (a mangled argument) is escaped, not a stop
    utf8.flush()
    assert utf8.buffer.getvalue() == b"\\ud800"  # type: ignore[attr-defined]
    other = io.StringIO()
    every_character_printable(other)  # not a file's text stream: not touched


def test_the_county_servers_commands_print_rare_names_too(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"

    def server(*args: str) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "PYTHONIOENCODING": "gbk"}
        command = [sys.executable, "-m", "relocdesk.server.cli", "admin", *args, "--db", db]
        return subprocess.run(command, capture_output=True, timeout=120, env=env)

    made = server("create-county", "--code", "522731", "--name", f"{RARE}县")
    assert made.returncode == 0, made.stderr.decode("gb18030", "replace")
    listed = server("list-counties")
    assert listed.returncode == 0, listed.stderr.decode("gb18030", "replace")
    assert f"{RARE}县" in listed.stdout.decode("gb18030")
