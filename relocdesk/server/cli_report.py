"""``relocdesk-server report county --county CODE --month YYYY-MM -o county.xlsx``: the
county workbook (``relocdesk.server.county.workbook``), over the communities' copies kept in
``--copies`` (default: beside a SQLite database, or in the user's cache folder)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from relocdesk import places

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

    # Before the seconds of working the workbook out: a name typed by hand may be the
    # server's own database, or a folder that is not there.
    try:
        out = places.output_file(args.output, ".xlsx")
        if not out.parent.is_dir():
            raise places.OutputRefused(places.file_problem(places.not_there(out.parent)), 3)
    except places.OutputRefused as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return e.exit_code
    figures = CountyFigures(storage, args.copies or default_folder(storage.url))
    path = write_county_xlsx(figures, args.county, args.month, out)
    print(f"已生成 / written {path}")
    return 0
