"""``relocdesk audit``: who viewed, revealed, printed or exported whose data, newest first.

Filters: ``--person NAME`` (who looked), ``--household NO`` (the household or any member,
by number, room or a member's ID number), ``--resident NAME|ID`` (the person looked at),
``--kind`` (view, reveal, print, export, ...), ``--since``/``--until`` (days, both included).
``--xlsx FILE`` writes them to a workbook.
"""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict
from typing import Any

from relocdesk import enums
from relocdesk.cli_support import UserError, open_existing_desk, output_file, print_json
from relocdesk.commands.show import find_household


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD，而不是 {text!r} / a date is YYYY-MM-DD, not {text!r}"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "audit", help="审计记录：谁查看了谁的信息 / the audit trail: who looked at what"
    )
    p.add_argument("--person", help="查看人 / who looked (account name)")
    p.add_argument("--household", help="户号、房号或成员身份证号 / household number, room or ID")
    p.add_argument(
        "--resident", help="被查看人的姓名或身份证号 / the person looked at: name or ID number"
    )
    p.add_argument("--kind", choices=list(enums.AUDIT_ACTION), help="类别 / what was done")
    p.add_argument("--since", type=_day, help="起始日期 / first day (YYYY-MM-DD)")
    p.add_argument("--until", type=_day, help="截止日期 / last day (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=500, help="最多几条 / at most (default 500)")
    p.add_argument("--xlsx", metavar="FILE", help="导出为 Excel / write to an .xlsx file")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError("--limit 至少为 1 / --limit must be at least 1")
    with open_existing_desk(args) as desk:
        filters: dict[str, Any] = {
            "since": args.since,
            "until": args.until,
            "actor": args.person,
            "action": args.kind,
        }
        if args.household:
            filters["household_id"] = find_household(desk, args.household)["id"]
        if args.resident:
            filters["person_id"] = desk.people_called(args.resident)
        if args.xlsx:
            output_file(args.xlsx, ".xlsx")
            count = desk.export_audit(args.xlsx, "审计记录 Audit trail", **filters)
            print(f"已导出 {count} 条 / {count} rows written to {args.xlsx}")
            return 0
        entries = desk.audit_trail(limit=args.limit, **filters)
    if args.json:
        print_json([asdict(e) for e in entries])
        return 0
    if not entries:
        print("没有审计记录 / no audit rows")
    for e in entries:
        kind = enums.label(enums.AUDIT_ACTION, e.action)
        whose = " ".join(x for x in (e.household, e.person) if x) or e.subject or ""
        print(f"{e.at.replace('T', ' ')}  {e.actor or '-':<12} {kind:<8} {whose}")
    return 0
