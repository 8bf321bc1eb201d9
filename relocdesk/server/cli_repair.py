"""``relocdesk-server admin repair-row`` and ``remove-row``: a bad row put right without SQL.

    relocdesk-server admin repair-row --db URL --table T --row ID [--set FIELD=VALUE ...] [--json]
    relocdesk-server admin remove-row --db URL --table T --row ID [--json]

Values are read by the field's kind in the catalogue: text as given, numbers as numbers,
``null`` for none.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk.catalogue import FIELDS, INTEGER, REAL

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

ACTIONS = ("repair-row", "remove-row")


def add_parsers(asub: Any, db_arg: Callable[[argparse.ArgumentParser, str | None], None]) -> None:
    for action, text in (
        ("repair-row", "修复无法同步的行 / repair a row devices cannot apply"),
        ("remove-row", "删除（标记删除）一行 / remove (tombstone) a row"),
    ):
        p = asub.add_parser(action, help=text)
        db_arg(p, None)
        p.add_argument("--table", required=True, choices=sorted(FIELDS))
        p.add_argument("--row", required=True, help="row id")
        if action == "repair-row":
            p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
        p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, storage: Storage) -> None:
    values = _values(args.table, getattr(args, "set", []))
    done = storage.repair_row(args.table, args.row, values, remove=args.action == "remove-row")
    if args.json:
        print(orjson.dumps(done).decode())
        return
    verb = "已删除 / removed" if args.action == "remove-row" else "已修复 / repaired"
    print(f"{verb} {args.table} {args.row} (seq {done['seq']})")
    if done["dropped"]:
        print(f"  去掉的字段 / fields dropped: {', '.join(done['dropped'])}")
    if done["reclocked"]:
        print(f"  重设时间戳 / clocks reset: {', '.join(done['reclocked'])}")


def _values(table: str, pairs: list[str]) -> dict[str, Any]:
    kinds = FIELDS[table]
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or name not in kinds:
            raise ValueError(f"--set {pair}: 应为 字段=值 / expected FIELD=VALUE of {table}")
        kind = kinds[name]
        if text == "null":
            out[name] = None
        elif kind in (INTEGER, REAL):
            try:
                out[name] = int(text) if kind == INTEGER else float(text)
            except ValueError:
                raise ValueError(f"--set {name}: 应为数字 / must be a number") from None
        else:
            out[name] = text
    return out
