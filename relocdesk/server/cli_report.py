"""``relocdesk-server report county --county CODE --month YYYY-MM -o county.xlsx``: the
county workbook (``relocdesk.server.county.workbook``), over the communities' copies kept in
``--copies`` (default: beside a SQLite database, or in the user's cache folder)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage


def add_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_arg: Callable[[argparse.ArgumentParser, str | None], None],
) -> None:
    p = sub.add_parser("report", help="报表 / reports")
    rsub = p.add_subparsers(dest="kind", required=True)
    c = rsub.add_parser("county", help="全县月报表 / the county's monthly workbook")
    db_arg(c, None)
    c.add_argument("--county", required=True, help="county code")
    c.add_argument("--month", required=True, help="YYYY-MM")
    c.add_argument("-o", "--output", required=True, help="county.xlsx")
    c.add_argument("--copies", help="社区副本目录 / folder of the communities' copies")


def run(args: argparse.Namespace, storage: Storage) -> int:
    from relocdesk.server.county import CountyFigures
    from relocdesk.server.county.copies import default_folder
    from relocdesk.server.county.workbook import write_county_xlsx

    figures = CountyFigures(storage, args.copies or default_folder(storage.url))
    path = write_county_xlsx(figures, args.county, args.month, args.output)
    print(f"已生成 / written {path}")
    return 0
