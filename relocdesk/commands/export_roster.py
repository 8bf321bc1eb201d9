"""``relocdesk export FILE.xlsx``: households and people to a roster the import reads back."""

from __future__ import annotations

import argparse

from relocdesk.cli_support import UserError, file_error, open_existing_desk, output_file


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="导出花名册 (.xlsx) / export the roster (.xlsx)")
    p.add_argument("file", help="输出文件 .xlsx / output file .xlsx")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from relocdesk.roster import export_roster

    path = output_file(args.file, ".xlsx")
    with open_existing_desk(args) as desk:
        if not desk.community_id:
            raise UserError("本机还没有社区数据 / this database has no community yet")
        try:
            count = export_roster(desk, path)
        except OSError as e:
            raise file_error(e, path) from e
    print(f"已导出 {count} 人到 {path.name} / exported {count} people to {path.name}")
    return 0
