"""What every command shares: where the data lives, opening the desk, printing results."""

from __future__ import annotations

import argparse
import datetime
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Any

import orjson

from relocdesk import cli_unlock, places
from relocdesk.desk import Desk
from relocdesk.places import DB_NAME, database_problem, default_data_dir, file_problem, is_damaged

LOG_NAME = "relocdesk-cli.log"


class UserError(Exception):
    """An error meant for the person at the terminal: printed plainly, no traceback.

    ``exit_code`` 2 is a mistake in what was asked; 3 is a file or database that cannot be
    used, so a script can tell "fix the command" from "fix the machine".
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class DamagedDatabase(UserError):
    """The database file is there but damaged (or not ours): ``relocdesk restore`` puts a
    backup in its place."""


def output_file(name: str | Path, suffix: str) -> Path:
    """The file a command is to write: named with ``suffix``, and not another kind of file
    already there (``print -o 花名册.xlsx`` would have put a PDF in place of the roster)."""
    try:
        return places.output_file(name, suffix)
    except places.OutputRefused as e:
        raise UserError(str(e), e.exit_code) from None


def not_a_folder(path: Path) -> None:
    """Refuse a folder where a file is to be written."""
    try:
        places.not_a_folder(path)
    except places.OutputRefused as e:
        raise UserError(str(e), e.exit_code) from None


def data_dir(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "data_dir", None)
    return Path(chosen) if chosen else default_data_dir()


def database_path(args: argparse.Namespace) -> Path:
    return data_dir(args) / DB_NAME


def open_desk(args: argparse.Namespace) -> Desk:
    """Open (creating it when missing) the community database of the data directory."""
    return signed_in(open_desk_at(database_path(args)), args)


def open_existing_desk(args: argparse.Namespace) -> Desk:
    """Open the database only if it is there: a look-up must not leave an empty file behind
    and then answer "nothing found" as if the community were empty."""
    path = database_path(args)
    if not path.is_file():
        raise UserError(
            f"数据目录中还没有社区数据库（{path}）；请先用 relocdesk init 新建社区（再用"
            " relocdesk import 导入花名册）、用 relocdesk enroll 登记到县服务器，"
            "或用 relocdesk demo 生成演示社区"
            f" / there is no community database at {path} yet; start one with `relocdesk init`"
            " (then `relocdesk import` a roster), enroll with `relocdesk enroll`, or make a demo"
            " with `relocdesk demo`",
            exit_code=3,
        )
    return signed_in(open_desk_at(path), args)


# The PIN of ``--as NAME`` comes from this variable, else from the first line of stdin.
PIN_ENV = "RELOCDESK_PIN"


def read_secret(env: str, what_zh: str, what_en: str) -> str:
    """A PIN or password from an environment variable or the next line of stdin, never from
    the command line (where every user of the machine can read it in the process list)."""
    import os

    value = os.environ.get(env)
    if value is None:
        if sys.stdin.isatty():
            import getpass

            value = getpass.getpass(f"{what_zh} / {what_en}: ")
        else:
            value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise UserError(
            f"没有{what_zh}：请从标准输入或环境变量 {env} 提供"
            f" / no {what_en}: give it on stdin or in the environment variable {env}"
        )
    return value


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user without a passwd entry
        return "?"


def signed_in(desk: Desk, args: argparse.Namespace) -> Desk:
    """Sign ``--as NAME`` in (PIN from RELOCDESK_PIN or stdin): the actor of what the command
    records. Without it the command is recorded under the operating-system account as
    ``cli:USER``, so an audit row still says who ran it."""
    name = getattr(args, "as_name", None)
    try:
        if name:
            desk.staff.sign_in(name, read_secret(PIN_ENV, "PIN", "PIN"))
        else:
            desk.actor = f"cli:{os_user()}"
    except BaseException:
        desk.close()
        raise
    return desk


def open_desk_at(path: Path | str) -> Desk:
    """Open a database file, telling a damaged file or an unusable folder plainly."""
    cli_unlock.unlock()
    cli_unlock.encrypt_if_plain(Path(path))
    try:
        return Desk(path)
    except sqlite3.DatabaseError as e:
        plainly = database_problem(e, path)
        if plainly:
            raise UserError(plainly, exit_code=3) from e
        if not is_damaged(e):
            # Locked, read-only or not a file: the data is fine, the access is not.
            raise UserError(
                f"无法打开数据库文件：{path}（{e}）；请检查它是不是文件、有没有读写权限、"
                "是否被其他程序占用"
                f" / cannot open the database file {path} ({e}); check that it is a file you"
                " may read and write and that no other program holds it",
                exit_code=3,
            ) from e
        raise DamagedDatabase(
            f"数据库文件已损坏或不是 RelocDesk 数据库：{path}（{e}）；请从备份恢复"
            "（relocdesk restore 备份文件，备份在数据目录的 backups 文件夹中）"
            f" / the database file {path} is damaged or is not a RelocDesk database ({e});"
            " restore it from a backup (relocdesk restore FILE; the backups are in the data"
            " folder's backups folder)",
            exit_code=3,
        ) from e
    except OSError as e:
        raise file_error(e, path) from e


def file_error(e: OSError, path: Path | str | None = None) -> UserError:
    """An operating-system error told plainly, naming the file it concerns."""
    return UserError(file_problem(e, path), exit_code=3)


def write_crash_log(args: argparse.Namespace | None, error: BaseException) -> Path | None:
    """Keep the traceback of an unexpected error for support; return where it went.

    The person sees one plain line; the details go to a file in the data directory (or the
    temporary directory when that cannot be written), never to the terminal.
    """
    from relocdesk.masking import scrubbed

    # The command line names whom it was about (show ID, print --person ID, search PHONE)
    # and an error's message may quote a value: the file keeps neither number whole.
    text = scrubbed("".join(traceback.format_exception(error)))
    command = scrubbed(" ".join(sys.argv[1:]))
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    import tempfile

    places: list[Path] = [data_dir(args) / LOG_NAME] if args is not None else []
    places.append(Path(tempfile.gettempdir()) / LOG_NAME)
    for place in places:
        try:
            with place.open("a", encoding="utf-8") as f:
                f.write(f"--- {stamp} relocdesk {command}\n{text}")
            return place
        except OSError:
            continue
    return None


def print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")
