"""``relocdesk restore FILE``: put a backup back; the current database is kept aside first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relocdesk.cli_support import DamagedDatabase, database_path, open_existing_desk
from relocdesk.store import backup


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "restore", help="从备份恢复社区数据库 / restore the community database from a backup"
    )
    p.add_argument("file", help="备份文件 / the backup file")
    p.add_argument(
        "--other-community",
        action="store_true",
        help="备份属于另一个社区时也恢复（未登记的设备）/ restore a backup of another"
        " community too (a device not enrolled)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        with open_existing_desk(args) as desk:
            done = desk.backups.restore(source, other_community=args.other_community)
    except DamagedDatabase:
        # The file does not open, so there is nothing to restore through: the damaged file
        # is moved aside (kept) and the checked backup put in its place.
        aside = backup.replace_damaged(database_path(args), source)
        print(
            f"当前数据库已损坏，已移到 / the damaged database was moved to: {aside}",
            file=sys.stderr,
        )
        with open_existing_desk(args) as desk:
            done = desk.backups.after_replacing(source, aside)
    print(f"已从备份恢复 / restored from: {done.source}")
    print(f"恢复前的数据库另存为 / the database before the restore is kept as: {done.kept_aside}")
    print(f"完整性检查 / integrity check: {done.integrity}")
    if done.reconciles:
        print(
            "下次同步时将与县服务器核对，补传服务器缺少的记录"
            " / the next sync reconciles with the county server and sends what it lacks"
        )
    return 0
