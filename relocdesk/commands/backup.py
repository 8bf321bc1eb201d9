"""``relocdesk backup [--to FILE] [--list]``: back the community database up now, or list them."""

from __future__ import annotations

import argparse
from pathlib import Path

from relocdesk import places
from relocdesk.cli_support import (
    UserError,
    file_error,
    not_a_folder,
    open_existing_desk,
    print_json,
)
from relocdesk.store import backup
from relocdesk.validation import ValidationError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="立即备份社区数据库 / back the community database up now")
    p.add_argument("--to", help="备份到此文件 / write the backup to this file instead")
    p.add_argument("--list", action="store_true", help="列出已有备份 / list the backups kept")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_existing_desk(args) as desk:
        if args.list:
            kept = desk.backups.kept()
            if args.json:
                print_json(
                    [
                        {
                            "file": str(b.path),
                            "kind": b.kind,
                            "taken_at": b.taken_at.isoformat(),
                            "bytes": b.size,
                        }
                        for b in kept
                    ]
                )
            elif not kept:
                print("还没有备份 / no backups yet")
            for b in [] if args.json else kept:
                print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.kind:<14} {b.size:>12,}  {b.path}")
            return 0
        target = _target(args.to) if args.to else None
        try:
            made = desk.backups.take_now(target)
        except OSError as e:
            raise file_error(places.named_as(e, target) if target else e) from e
    print(f"已备份到 / backed up to: {made}")
    return 0


def _target(text: str) -> Path:
    """Where ``--to`` writes: a file, replacing an earlier backup there but never another
    kind of file (the office's roster, named by mistake)."""
    path = Path(text)
    not_a_folder(path)
    if path.exists():
        try:
            backup.check(path)
        except ValidationError:
            raise UserError(
                f"{path.name} 已存在，且不是社区数据库的备份，不会覆盖：请换一个文件名"
                f" / {path.name} exists and is not a backup of a community database; it is not"
                " overwritten: choose another name"
            ) from None
    return path
