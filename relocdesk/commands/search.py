"""``relocdesk search QUERY``: households and people by name, pinyin, initials, ID, phone, room."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from relocdesk.cli_support import open_desk, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("search", help="查找住户和人员 / find households and people")
    p.add_argument(
        "query", help="姓名、拼音、首字母、身份证号、电话或房号 / name, pinyin, ID, phone, room"
    )
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        hits = desk.search(args.query, limit=args.limit)
    if args.json:
        print_json([asdict(h) for h in hits])
        return 0
    if not hits:
        print(f"没有找到“{args.query}” / nothing found for {args.query!r}")
        return 0
    for h in hits:
        kind = "人员 person   " if h.kind == "person" else "住户 household"
        print(f"{kind}  {h.title}  {h.detail}")
    return 0
