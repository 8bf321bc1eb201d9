"""``relocdesk-server admin`` commands for counties:

    create-county --code CODE --name NAME
    list-counties [--json]                  each county with its communities
    move-community --community ID --county CODE
    create-county-user --county CODE --name USER --password-stdin
    publish --county CODE KEY VALUE         a threshold every community of the county applies
    unpublish --county CODE KEY             (INC-01.line, INT-04.days, income_line, ...)
    list-published --county CODE [--json]

A county account reads every community of its county on the dashboard, and nothing of
another county; it writes nothing and enrolls no device.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk.server.cli_users import read_password

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

ACTIONS = (
    "create-county",
    "list-counties",
    "move-community",
    "create-county-user",
    "publish",
    "unpublish",
    "list-published",
)


def add_parsers(
    asub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_arg: Callable[[argparse.ArgumentParser, str | None], None],
) -> None:
    p = asub.add_parser("create-county", help="新建县 / create a county")
    db_arg(p, None)
    p.add_argument("--code", required=True, help="县代码，如 522731 / the county's code")
    p.add_argument("--name", required=True, help="县名称 / the county's name")
    p = asub.add_parser("list-counties", help="列出县及其社区 / list counties and communities")
    db_arg(p, None)
    p.add_argument("--json", action="store_true")
    p = asub.add_parser("move-community", help="把社区划归一个县 / put a community under a county")
    db_arg(p, None)
    p.add_argument("--community", required=True, help="community id")
    p.add_argument("--county", required=True, help="county code")
    p = asub.add_parser(
        "create-county-user", help="新建县级只读账号 / create a county's read-only account"
    )
    db_arg(p, None)
    p.add_argument("--county", required=True, help="county code")
    p.add_argument("--name", required=True)
    p.add_argument("--password-stdin", action="store_true", required=True)
    _threshold_parsers(asub, db_arg)


def _threshold_parsers(
    asub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_arg: Callable[[argparse.ArgumentParser, str | None], None],
) -> None:
    p = asub.add_parser("publish", help="发布全县阈值 / publish a threshold for the county")
    db_arg(p, None)
    p.add_argument("--county", required=True, help="county code")
    p.add_argument("key", help="INC-01.line, INT-04.days, income_line, ...")
    p.add_argument("value")
    p = asub.add_parser("unpublish", help="撤回全县阈值 / withdraw a published threshold")
    db_arg(p, None)
    p.add_argument("--county", required=True, help="county code")
    p.add_argument("key")
    p = asub.add_parser("list-published", help="列出全县阈值 / list the county's thresholds")
    db_arg(p, None)
    p.add_argument("--county", required=True, help="county code")
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, storage: Storage) -> None:
    if args.action == "create-county":
        county = storage.create_county(args.code, args.name)
        print(f"已创建县 / created county {county.code} {county.name}")
    elif args.action == "list-counties":
        _list(storage, args.json)
    elif args.action == "move-community":
        county = storage.move_community(args.community, args.county)
        print(f"社区已划归 / community now under {county.code} {county.name}")
    elif args.action == "create-county-user":
        storage.create_county_user(args.name, read_password(), args.county)
        print(f"已创建县级账号 / created county user {args.name} ({args.county})")
    else:
        _thresholds(args, storage)


def _thresholds(args: argparse.Namespace, storage: Storage) -> None:
    import getpass

    if args.action == "publish":
        stored = storage.publish(args.county, args.key, args.value, by=getpass.getuser())
        print(
            f"已发布 {args.key} = {stored}，各社区设备下次同步后生效"
            f" / published {args.key} = {stored}; devices apply it from their next sync"
        )
    elif args.action == "unpublish":
        if not storage.unpublish(args.county, args.key):
            raise LookupError(f"此县未发布 / the county has not published {args.key}")
        print(f"已撤回 / withdrawn {args.key}")
    elif args.action == "list-published":
        found = storage.published(args.county)
        if args.json:
            sys.stdout.write(orjson.dumps(found, option=orjson.OPT_INDENT_2).decode() + "\n")
        for t in [] if args.json else found:
            print(f"{t['key']}  {t['value']}  {t['set_at']}  {t['set_by']}")


def _list(storage: Storage, as_json: bool) -> None:
    found: list[dict[str, Any]] = [
        {
            "code": c.code,
            "name": c.name,
            "communities": [
                {"id": m["id"], "name": m["name"]} for m in storage.county_communities(c.id)
            ],
        }
        for c in storage.counties()
    ]
    if as_json:
        sys.stdout.write(orjson.dumps(found, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for county in found:
        print(f"{county['code']}  {county['name']}  {len(county['communities'])} communities")
        for m in county["communities"]:
            print(f"    {m['id']}  {m['name']}")
