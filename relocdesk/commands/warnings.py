"""relocdesk warnings [--json] [--date YYYY-MM-DD] [--all]: current warnings with their reasons."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import Any

from relocdesk import triage_cli
from relocdesk.cli_support import UserError, open_existing_desk


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("warnings", help="当前预警及原因 / current warnings with their reasons")
    p.add_argument("--json", action="store_true", help="JSON 输出 / machine-readable output")
    p.add_argument("--date", help="按某日评估 / evaluate as on YYYY-MM-DD (default: today)")
    p.add_argument(
        "--all", action="store_true", help="包括已确认或暂缓的 / include acknowledged ones"
    )
    triage_cli.register_options(p)
    p.set_defaults(func=run)


def _date(text: str | None) -> datetime.date:
    if not text:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"--date：日期格式应为 YYYY-MM-DD / --date must be YYYY-MM-DD, not {text!r}"
        ) from None


def run(args: argparse.Namespace) -> int:
    from relocdesk.monitoring import AREAS, LEVELS, evaluate

    on = _date(args.date)
    if triage_cli.filtered(args):
        with open_existing_desk(args) as desk:
            return triage_cli.run(args, desk, on)
    if args.json:
        with open_existing_desk(args) as desk:
            _write_json(desk, on, args.all)
        return 0
    with open_existing_desk(args) as desk:
        warnings = evaluate(desk, on)
    shown = [w for w in warnings if args.all or not w.acknowledged]
    active = [w for w in shown if not w.acknowledged]
    red = sum(w.level == "red" for w in active)
    print(
        f"{on.isoformat()}：预警 {len(active)} 条（红色 {red}）"
        f" / {len(active)} warnings ({red} red)"
    )
    for (level, area), group in groupby(shown, key=lambda w: (w.level, w.area)):
        items = list(group)
        print(
            f"\n== {LEVELS[level][0]} · {AREAS[area][0]} / {LEVELS[level][1]} · {AREAS[area][1]}"
            f" ({len(items)}) =="
        )
        for w in items:
            where = "-".join(str(x) for x in (w.building_no, w.unit, w.room) if x)
            who = f" {w.person_name}" if w.person_name else ""
            ack = f" [已确认至 / acknowledged until {w.until}]" if w.acknowledged else ""
            print(
                f"  {w.indicator} {w.title['zh']}｜{where or '—'} 户 {w.household_no or '—'}{who}"
                f"：{w.facts['zh']}（责任人 {w.responsible}）{ack}"
            )
    return 0


def _write_json(desk: Any, on: datetime.date, everything: bool) -> None:
    """Each warning written out as the evaluation gives it, never all of them at once: the
    count, known only at the end, comes after the list (the same JSON object as before,
    with its keys in another order)."""
    from relocdesk.jsonstream import write_object
    from relocdesk.monitoring.written import encoded

    sys.stdout.flush()
    with _reading_the_community(desk.conn):
        write_object(
            sys.stdout.buffer,
            [("date", on.isoformat())],
            streamed="warnings",
            items=encoded(desk, on, everything=everything, level=2),
            after=lambda n: {"count": n},
        )


# KiB of decrypted pages kept while the whole community is evaluated, instead of the usual
# 32 MB: the evaluation reads people, referrals and needs again after copying them, and at
# 100,000 households a page gone from the cache is read and decrypted again (0.7 s of 8.4;
# peak 353 MB instead of 284, 200 MB would be 430). Only what is read is cached.
# The temporary tables stay in memory: SQLCipher writes a temporary file in plain text.
_CACHE_KIB = 100_000


@contextmanager
def _reading_the_community(conn: Any) -> Iterator[None]:
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")
