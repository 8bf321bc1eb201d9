"""``relocdesk sync [--json]``: send unsent changes, receive the community's, report conflicts."""

from __future__ import annotations

import argparse

from relocdesk.cli_support import open_existing_desk, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", help="与县服务器同步 / sync with the county server")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="不核对数量和摘要 / skip the count-and-digest check",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from relocdesk.sync.client import SyncEngine

    with open_existing_desk(args) as desk:
        report = SyncEngine(desk).run(verify=not args.no_verify)
    if args.json:
        print_json(report.as_dict())
    else:
        print(report.summary())
    return 0
