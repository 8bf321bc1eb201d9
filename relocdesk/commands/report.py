"""relocdesk report monthly --month YYYY-MM -o FILE.xlsx: the monthly statistics workbook."""

from __future__ import annotations

import argparse

from relocdesk.cli_support import file_error, open_existing_desk, output_file, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="统计报表 / statistical reports")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    m = kinds.add_parser("monthly", help="月度统计 Excel / monthly statistics workbook")
    m.add_argument("--month", required=True, help="统计月份 / month, YYYY-MM")
    m.add_argument("-o", "--output", required=True, help="输出文件 / output FILE.xlsx")
    m.add_argument("--json", action="store_true", help="同时输出总体数字 / also print the overview")
    m.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from relocdesk.reports import monthly
    from relocdesk.reports.monthly import as_of, write_monthly_xlsx

    as_of(args.month)  # a bad month fails before the database is opened
    output_file(args.output, ".xlsx")
    with open_existing_desk(args) as desk:
        try:
            path = write_monthly_xlsx(desk.conn, args.month, args.output)
        except OSError as e:
            raise file_error(e, args.output) from e
        if args.json:
            frame = monthly(desk.conn, args.month)["总体情况"]
            print_json(
                {
                    "month": args.month,
                    "file": str(path),
                    "overview": {
                        str(k): v for k, v in zip(frame["指标"], frame["数值"], strict=True)
                    },
                }
            )
        else:
            print(f"已生成 / written: {path}")
    return 0
