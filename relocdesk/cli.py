"""The ``relocdesk`` command. Each subcommand is a module in ``relocdesk.commands``."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence
from typing import NoReturn

from relocdesk import cli_unlock, commands
from relocdesk.cli_support import UserError, database_path, file_error, write_crash_log
from relocdesk.console import every_character_printable
from relocdesk.places import database_problem
from relocdesk.validation import ValidationError, ValidationErrors

log = logging.getLogger("relocdesk")
# Without a handler, logging's last resort prints records (with tracebacks) on stderr; a
# person at the terminal must never see one. The app installs its own handlers.
log.addHandler(logging.NullHandler())


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors told in Chinese too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误 / error: 命令参数有误 / bad arguments: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="relocdesk",
        description="RelocDesk 安置社区后续扶持工作台 / resettlement community desk",
    )
    parser.add_argument(
        "--data-dir", help="数据目录 / data directory (default: the user data directory)"
    )
    parser.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help="以此账号登录（PIN 取自环境变量 RELOCDESK_PIN 或标准输入）"
        " / sign in as NAME (PIN from RELOCDESK_PIN or stdin)",
    )
    cli_unlock.add_argument(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"relocdesk.commands.{info.name}")
        module.register(sub)
    # DESIGN §5: every command takes --data-dir, so it may also come after the command's
    # name (`relocdesk search 张三 --data-dir D`); SUPPRESS keeps a top-level one otherwise.
    for command in sub.choices.values():
        if not any("--data-dir" in a.option_strings for a in command._actions):
            command.add_argument(
                "--data-dir", default=argparse.SUPPRESS, help="数据目录 / data directory"
            )
        if not any("--passphrase-stdin" in a.option_strings for a in command._actions):
            cli_unlock.add_argument(command, suppress=True)
        if not any("--as" in a.option_strings for a in command._actions):
            command.add_argument(
                "--as",
                dest="as_name",
                metavar="NAME",
                default=argparse.SUPPRESS,
                help="以此账号登录 / sign in as NAME",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    every_character_printable()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        cli_unlock.take_from(args)
        code: int = args.func(args)
        return code
    except ValidationErrors as errs:
        for e in errs.errors:
            print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except ValidationError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except UserError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return e.exit_code
    except sqlite3.DatabaseError as e:
        plainly = database_problem(e, database_path(args))
        told = f"错误 / error: {plainly}" if plainly else f"数据库错误 / database error: {e}"
        print(told, file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("已取消 / cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:
        print(f"错误 / error: {file_error(e)}", file=sys.stderr)
        return 3
    except Exception as e:  # a person never sees a traceback; the log file keeps it
        where = write_crash_log(args, e)
        kept = f"（详情见 {where} / details in {where}）" if where else ""
        print(f"意外错误 / unexpected error: {type(e).__name__}: {e}{kept}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
