"""``relocdesk search QUERY``: households and people by name, pinyin, initials, ID, phone, room."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from relocdesk.cli_support import UserError, open_existing_desk
from relocdesk.store import search_query

MAX_LIMIT = 1000


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("search", help="查找住户和人员 / find households and people")
    p.add_argument(
        "query", help="姓名、拼音、首字母、身份证号、电话或房号 / name, pinyin, ID, phone, room"
    )
    p.add_argument("--limit", type=int, default=20, help=f"最多几条 / at most (1-{MAX_LIMIT})")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UserError("请输入要查找的内容 / the search text is empty")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise UserError(f"--limit 应在 1 到 {MAX_LIMIT} 之间 / --limit must be 1-{MAX_LIMIT}")
    if search_query.match_expression(args.query) is None:
        # Say what can be searched rather than "nothing found" for a query that cannot match.
        raise UserError(
            "无法按此查找：请输入至少一个汉字、拼音或首字母，或至少三位身份证号、电话或房号"
            f" / cannot search for {args.query!r}: type at least one Chinese character,"
            " pinyin or initials, or three or more digits of an ID number, phone or room"
        )
    with open_existing_desk(args) as desk:
        hits = desk.search(args.query, limit=args.limit)
    if args.json:
        from relocdesk.jsonstream import write_array

        sys.stdout.flush()
        write_array(sys.stdout.buffer, (asdict(h) for h in hits))  # each hit as it is made
        return 0
    if not hits:
        print(f"没有找到“{args.query}” / nothing found for {args.query!r}")
        return 0
    for h in hits:
        kind = "人员 person   " if h.kind == "person" else "住户 household"
        print(f"{kind}  {h.title}  {h.detail}")
    return 0
