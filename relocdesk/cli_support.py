"""What every command shares: where the data lives, opening the desk, printing results."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import orjson

from relocdesk.desk import Desk

DB_NAME = "community.db"


def default_data_dir() -> Path:
    env = os.environ.get("RELOCDESK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("RelocDesk", "RelocDesk"))


def data_dir(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "data_dir", None)
    return Path(chosen) if chosen else default_data_dir()


def database_path(args: argparse.Namespace) -> Path:
    return data_dir(args) / DB_NAME


def open_desk(args: argparse.Namespace) -> Desk:
    return Desk(database_path(args))


def print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


class UserError(Exception):
    """An error meant for the person at the terminal: printed plainly, exit code 2."""
