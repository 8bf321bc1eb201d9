"""``relocdesk-server admin`` commands for users:

    list-users [--json]
    disable-user NAME          revokes every device of the user; enrollment is refused
    enable-user NAME           devices enroll again with the password
    reset-password NAME --password-stdin [--revoke-devices]
    set-role NAME ROLE         the user's devices are revoked and enroll again
    set-building-head --user NAME --building-head ID
                               bind a building-head account to its building_head row

A new password (here and in ``create-user``) meets the policy of ``passwords``: at least
ten characters, not all digits, not the user name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import orjson

from relocdesk import roles

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

ACTIONS = (
    "list-users",
    "disable-user",
    "enable-user",
    "reset-password",
    "set-role",
    "set-building-head",
)
ROLE_CHOICES = [*roles.ROLES, "building-head"]


def add_parsers(
    asub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_arg: Callable[[argparse.ArgumentParser, str | None], None],
) -> None:
    p = asub.add_parser("list-users", help="列出用户 / list users")
    db_arg(p, None)
    p.add_argument("--json", action="store_true")
    for action, zh in (("disable-user", "停用用户"), ("enable-user", "启用用户")):
        p = asub.add_parser(action, help=f"{zh} / {action.replace('-', ' ')}")
        db_arg(p, None)
        p.add_argument("name")
    p = asub.add_parser("reset-password", help="重设密码 / reset a user's password")
    db_arg(p, None)
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", required=True)
    p.add_argument(
        "--revoke-devices",
        action="store_true",
        help="同时撤销其全部设备（密码泄露时）/ also revoke the user's devices (a leaked password)",
    )
    p = asub.add_parser("set-role", help="更改角色 / change a user's role")
    db_arg(p, None)
    p.add_argument("name")
    p.add_argument("role", choices=ROLE_CHOICES)
    p = asub.add_parser(
        "set-building-head",
        help="楼栋长账号关联楼栋长记录 / bind a building-head account to its building-head record",
    )
    db_arg(p, None)
    p.add_argument("--user", required=True)
    p.add_argument(
        "--building-head",
        required=True,
        help="楼栋长记录的编号（none 取消关联）/ the building_head row's id (none: unbind)",
    )


def read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ValueError("密码为空 / empty password on stdin")
    return password


def run(args: argparse.Namespace, storage: Storage) -> None:
    if args.action == "list-users":
        _list(storage, args.json)
    elif args.action == "disable-user":
        n = storage.disable_user(args.name)
        print(f"已停用 {args.name}，撤销设备 {n} 台 / disabled {args.name}, {n} devices revoked")
    elif args.action == "enable-user":
        storage.enable_user(args.name)
        print(f"已启用 / enabled {args.name}")
    elif args.action == "reset-password":
        n = storage.reset_password(args.name, read_password(), revoke_devices=args.revoke_devices)
        print(f"已重设密码，撤销设备 {n} 台 / password reset, {n} devices revoked")
    elif args.action == "set-role":
        n = storage.set_role(args.name, args.role.replace("-", "_"))
        print(
            f"已更改角色，撤销设备 {n} 台（需重新登记）/ role changed, {n} devices revoked"
            " (they enroll again)"
        )
    elif args.action == "set-building-head":
        head = None if args.building_head == "none" else args.building_head
        storage.set_building_head(args.user, head)
        print(
            f"已关联：{args.user} 只接收楼栋长 {head} 所管楼栋的住户 / bound: {args.user} receives"
            f" the households of building head {head}'s buildings only"
        )


def _list(storage: Storage, as_json: bool) -> None:
    users = storage.list_users()
    if as_json:
        sys.stdout.write(orjson.dumps(users, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for u in users:
        state = f"disabled {u['disabled_at']}" if u["disabled_at"] else "active"
        print(
            f"{u['name']}  {u['role']}  {u['community_id']}  {state}"
            f"  devices {u['devices']}  last seen {u['last_seen'] or '-'}"
        )
