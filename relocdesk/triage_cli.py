"""Triage on the command line:
``relocdesk warnings --by-household [--area A] [--building NO] [--head NAME]``.

The warnings grouped by household, red households first, then by their number; the same
grouping the Warnings page and Today show (``relocdesk.monitoring.households``).
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from relocdesk.cli_support import UserError, print_json


def register_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by-household",
        action="store_true",
        help="按户归并（红色户在前，再按预警条数） / grouped by household, red first",
    )
    p.add_argument("--area", help="只看某一领域，如 employment / only one area's warnings")
    p.add_argument("--building", help="只看某一楼栋（楼号） / only one building (its number)")
    p.add_argument("--head", help="只看某位楼栋长负责的 / only one building head's buildings")
    p.add_argument(
        "--close-out",
        action="store_true",
        help="销号：记录已不再成立的预警 / close out warnings whose facts no longer hold",
    )


def filtered(args: argparse.Namespace) -> bool:
    return bool(args.by_household or args.area or args.building or args.head or args.close_out)


def filters(desk: Any, args: argparse.Namespace) -> dict[str, str | None]:
    """The triage filters of the command line, checked: a misspelt area or building would
    otherwise answer "no warnings" as if there were none."""
    from relocdesk.monitoring import AREAS

    if args.area and args.area not in AREAS:
        known = ", ".join(AREAS)
        raise UserError(
            f"--area：没有领域“{args.area}”，可选：{known}"
            f" / --area: no area {args.area!r}; one of {known}"
        )
    building_id = None
    if args.building:
        found = desk.buildings.find(number=args.building)
        if not found:
            raise UserError(
                f"--building：没有楼号为“{args.building}”的楼栋"
                f" / --building: no building numbered {args.building!r}"
            )
        building_id = found[0]["id"]
    if args.head and not desk.building_heads.find(name=args.head):
        raise UserError(
            f"--head：没有名为“{args.head}”的楼栋长 / --head: no building head named {args.head!r}"
        )
    return {"area": args.area, "building_id": building_id, "building_head": args.head}


def run(args: argparse.Namespace, desk: Any, on: datetime.date) -> int:
    from relocdesk.monitoring import AREAS, LEVELS, evaluate
    from relocdesk.monitoring.handover import links
    from relocdesk.monitoring.households import by_household

    chosen = filters(desk, args)
    if args.close_out:
        return close_out(args, desk, on)
    groups = by_household(evaluate(desk, on), include_acknowledged=args.all, **chosen)
    found = links(desk.conn)
    if args.json:
        print_json(
            {
                "date": on.isoformat(),
                "households": len(groups),
                "count": sum(g.count for g in groups),
                "groups": [_with_handling(g.to_dict(), found) for g in groups],
            }
        )
        return 0
    red = sum(1 for g in groups if g.red)
    print(
        f"{on.isoformat()}：{len(groups)} 户有预警（{red} 户有红色预警）"
        f" / {len(groups)} households with warnings ({red} with red ones)"
    )
    for g in groups:
        where = "-".join(str(x) for x in (g.building_no, g.unit, g.room) if x) or "—"
        head = g.building_head or "—"
        print(
            f"\n== [{LEVELS[g.level][0]}] 户 {g.household_no or '—'}｜{where}｜楼栋长 {head}"
            f"：{g.count} 条（红色 {g.red}） / {g.count} warnings ({g.red} red) =="
        )
        for w in g.warnings:
            who = f" {w.person_name}" if w.person_name else ""
            link = found.get((w.indicator, w.subject_id))
            handling = f" [交办中·{link.status} / in handling]" if link and link.in_handling else ""
            print(
                f"  {w.indicator} {AREAS[w.area][0]}·{w.title['zh']}{who}：{w.facts['zh']}"
                f"（责任人 {w.responsible}）{handling}"
            )
    return 0


def _with_handling(group: dict[str, Any], found: dict[Any, Any]) -> dict[str, Any]:
    """Each warning of a group with the need it was handed over as (None: not handed over)."""
    for w in group["warnings"]:
        link = found.get((w["indicator"], w["subject_id"]))
        w["handling"] = None if link is None else link.to_dict()
    group["in_handling"] = sum(
        1 for w in group["warnings"] if (w["handling"] or {}).get("in_handling")
    )
    return group


def close_out(args: argparse.Namespace, desk: Any, on: datetime.date) -> int:
    """Track the day's warnings and print the close-outs written."""
    from relocdesk.monitoring import AREAS, load
    from relocdesk.monitoring.closeout import describe

    if on > datetime.date.today():
        raise UserError("--date：销号不能记在将来的日期 / --date: cannot close out on a future day")
    warnings, written = desk.warnings.track(on)
    if args.json:
        print_json({"date": on.isoformat(), "open": len(warnings), "closed_out": written})
        return 0
    print(
        f"{on.isoformat()}：销号 {len(written)} 条，仍有预警 {len(warnings)} 条"
        f" / {len(written)} warnings closed out, {len(warnings)} still raised"
    )
    cat = load()
    for row in written:
        ind = cat.get(row["indicator"])
        title = ind.name_zh if ind else row["indicator"]
        area = AREAS[ind.area][0] if ind else ""
        print(
            f"  {row['indicator']} {area}·{title}｜发现 {row['raised_date']}"
            f" 销号 {row['closed_date']}｜{describe(row['cleared_by'])}"
        )
    return 0
