"""The command line's side of the database key: a passphrase where the computer has no keyring,
and the first-start encryption of a plain database with its progress on stderr.

The passphrase comes from ``--passphrase-stdin`` (the first line of stdin, before a PIN) or
the environment variable ``RELOCDESK_PASSPHRASE``; never from the command line, where every
user of the machine can read it in the process list.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from relocdesk.store import conversion, database_key
from relocdesk.validation import ValidationError

PASSPHRASE_ENV = database_key.PASSPHRASE_ENV
# Read from stdin as the command starts, so it is always the first line (before a password
# or a PIN a command reads), and used only if a database is opened.
_given: list[str] = []


class PassphraseMissing(ValidationError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__("passphrase", "passphrase_missing", zh, en)


def add_argument(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="数据库口令取自标准输入第一行（本机没有系统密钥库时）"
        f" / read the database passphrase from the first line of stdin (else {PASSPHRASE_ENV})",
    )


def take_from(args: argparse.Namespace) -> None:
    """With ``--passphrase-stdin``, take the first line of stdin now."""
    _given.clear()
    if getattr(args, "passphrase_stdin", False):
        _given.append(sys.stdin.readline().rstrip("\r\n"))


def unlock() -> None:
    """Make the database key available, asking for the passphrase only when it is needed."""
    state = database_key.state()
    if state in (database_key.KeyState.UNLOCKED, database_key.KeyState.KEYRING):
        return
    passphrase = _passphrase()
    if state is database_key.KeyState.LOCKED:
        database_key.unlock(passphrase)
    else:
        database_key.create(passphrase)


def _passphrase() -> str:
    import os

    value = _given[0] if _given else os.environ.get(PASSPHRASE_ENV, "")
    if not value:
        new = database_key.state() is database_key.KeyState.NEW_PASSPHRASE
        how_zh = f"用 --passphrase-stdin 从标准输入第一行给出，或设置环境变量 {PASSPHRASE_ENV}"
        how_en = (
            f"give it on the first line of stdin with --passphrase-stdin or in {PASSPHRASE_ENV}"
        )
        if new:
            raise PassphraseMissing(
                f"本机没有系统密钥库：请设置数据库口令（至少 8 个字符），{how_zh}",
                "this computer has no system keyring: set a database passphrase (at least 8"
                f" characters); {how_en}",
            )
        raise PassphraseMissing(
            f"社区数据已加密：需要数据库口令，{how_zh}",
            f"the community data is encrypted and needs the database passphrase; {how_en}",
        )
    return value


def encrypt_if_plain(path: Path) -> None:
    """Encrypt a plain database from before encryption, with progress; Ctrl+C cancels and
    leaves it as it was."""
    key = database_key.database_key()
    if not conversion.needs_conversion(path, key):
        return
    stopped = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        stopped = True

    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        pct = done * 100 // max(total, 1)
        if pct != shown:
            shown = pct
            print(f"\r正在加密数据库 / encrypting the database: {pct:3d}%", end="", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, stop)
    try:
        found = conversion.encrypt_in_place(path, key, progress=progress, cancel=lambda: stopped)
    finally:
        signal.signal(signal.SIGINT, previous)
        print(file=sys.stderr)
    print(
        f"数据库已加密，{found.rows} 行全部核对无误 / the database is encrypted; all"
        f" {found.rows} rows checked",
        file=sys.stderr,
    )
