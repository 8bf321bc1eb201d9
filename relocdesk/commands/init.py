"""``relocdesk init --name NAME --county COUNTY [--township T] [--address A]``: start a
community from nothing, for a real first day (no demo, no county server yet).

Exit codes: 0 made; 2 a field is wrong, or the data folder already holds a community
(nothing is changed: a second community never goes into the same database).
"""

from __future__ import annotations

import argparse

from relocdesk.cli_support import UserError, database_path, open_desk_at, print_json
from relocdesk.desk import Desk


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="新建一个空社区 / start an empty community")
    p.add_argument("--name", required=True, help="社区名称 / community name")
    p.add_argument("--county", required=True, help="所属县（市、区）/ county")
    p.add_argument("--township", help="乡镇（街道）/ township or subdistrict")
    p.add_argument("--address", help="地址 / address")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Checked before any file is touched: a mistyped command leaves the folder as it was.
    fields = Desk.community_fields(
        name=args.name, county=args.county, township=args.township, address=args.address
    )
    path = database_path(args)
    if path.is_file():
        with open_desk_at(path) as desk:
            if desk.community_id:
                held = desk.community() or {}
                raise UserError(
                    f"数据目录中已经有社区“{held.get('name', '')}”（{path}），未作任何改动；"
                    "一个数据目录只放一个社区，请换一个 --data-dir"
                    f" / the data folder already holds the community {held.get('name', '')!r}"
                    f" ({path}); nothing was changed. One folder holds one community:"
                    " choose another --data-dir"
                )
    with open_desk_at(path) as desk:
        row = desk.found_community(**fields)
    if args.json:
        print_json(
            {key: row.get(key) for key in ("id", *Desk.COMMUNITY_FIELDS)} | {"database": str(path)}
        )
        return 0
    where = " ".join(row.get(k) or "" for k in ("county", "township", "name")).split()
    print(f"社区已创建 / community created: {' '.join(where)}")
    print(f"数据库 / database: {path}")
    print(
        "下一步：relocdesk import 花名册.xlsx 导入住户 / next: relocdesk import ROSTER.xlsx"
        " to bring in the households"
    )
    return 0
