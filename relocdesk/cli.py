"""The ``relocdesk`` command. Each subcommand is a module in ``relocdesk.commands``."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence

from relocdesk import commands
from relocdesk.cli_support import UserError
from relocdesk.validation import ValidationError, ValidationErrors

log = logging.getLogger("relocdesk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relocdesk",
        description="RelocDesk 安置社区后续扶持工作台 / resettlement community desk",
    )
    parser.add_argument(
        "--data-dir", help="数据目录 / data directory (default: the user data directory)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"relocdesk.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except ValidationErrors as errs:
        for e in errs.errors:
            print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except (ValidationError, UserError) as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as e:
        print(f"数据库错误 / database error: {e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("已取消 / cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a person never sees a traceback; the log keeps it
        log.exception("command failed")
        print(f"意外错误 / unexpected error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
