"""``relocdesk demo --households N [--seed S] [--replace]``: make a realistic demo community."""

from __future__ import annotations

import argparse
import datetime
import sys
import time

from relocdesk.cli_support import UserError, database_path, open_desk_at, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="生成演示社区 / make a realistic demo community")
    p.add_argument("--households", type=int, default=2000, help="户数 / households (100-100000)")
    p.add_argument("--seed", type=int, default=1, help="随机种子 / random seed")
    p.add_argument("--date", help="基准日期 YYYY-MM-DD / anchor date (default: today)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="已有社区时先把旧数据库移到一旁 / move an existing database aside first",
    )
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def _anchor(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"--date：日期格式应为 YYYY-MM-DD / --date must be YYYY-MM-DD: {text!r}"
        ) from None


def _has_community(path: str) -> bool:
    with open_desk_at(path) as desk:
        return bool(desk.community_id)


def _move_aside(path: str) -> str:
    """Rename the database and its WAL files; nothing is deleted."""
    import os

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = f"{path}.{stamp}.bak"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.replace(path + suffix, aside + suffix)
    return aside


def run(args: argparse.Namespace) -> int:
    from relocdesk import demo

    if not 1 <= args.households <= 100_000:
        raise UserError("--households 应在 1 到 100000 之间 / --households must be 1-100000")
    today = _anchor(args.date)
    path = str(database_path(args))
    if _has_community(path):
        if not args.replace:
            raise UserError(
                f"数据库已有社区数据，未生成演示社区；如要替换请加 --replace（旧文件会被移到一旁）"
                f" / the database {path} already holds a community; nothing was changed."
                " Use --replace to move it aside and make a demo"
            )
        aside = _move_aside(path)
        print(f"旧数据库已移到 / old database moved to {aside}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done:,}/{total:,} 户 households", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    with open_desk_at(path) as desk:
        summary = demo.build(desk, args.households, seed=args.seed, today=today, progress=progress)
    elapsed = time.perf_counter() - started
    if args.json:
        print_json(
            {
                "community": summary.community,
                "county": summary.county,
                "counts": summary.counts,
                "seconds": round(elapsed, 2),
                "database": path,
            }
        )
        return 0
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"演示社区已生成 / demo community made: {summary.county} {summary.community}"
        f" ({elapsed:.1f} s)"
    )
    for table, n in summary.counts.items():
        print(f"  {table:<15} {n:>9,}")
    return 0
