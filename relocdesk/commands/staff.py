"""``relocdesk staff add|pin|list|disable``: the accounts that sign in on this laptop.

New PINs come from ``RELOCDESK_NEW_PIN`` or stdin (after the ``--as`` PIN, when both are on
stdin), never from the command line. The first account anyone may add; after that a
signed-in secretary (``--as NAME``) adds, resets and disables; a person changes their own PIN.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from relocdesk.cli_support import open_desk, open_existing_desk, print_json, read_secret
from relocdesk.staff import ROLES

NEW_PIN_ENV = "RELOCDESK_NEW_PIN"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("staff", help="本机登录账号 / the accounts that sign in on this laptop")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = acts.add_parser("add", help="新建账号 / add an account")
    add.add_argument("name", help="姓名 / name")
    add.add_argument(
        "--role",
        choices=list(ROLES),
        default="secretary",
        help="角色 / role (default: secretary)",
    )
    add.set_defaults(func=run_add)
    pin = acts.add_parser("pin", help="设置新 PIN / set a new PIN")
    pin.add_argument("name", help="姓名 / name")
    pin.set_defaults(func=run_pin)
    listing = acts.add_parser("list", help="列出账号 / list the accounts")
    listing.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable")
    listing.set_defaults(func=run_list)
    off = acts.add_parser("disable", help="停用账号 / disable an account")
    off.add_argument("name", help="姓名 / name")
    off.set_defaults(func=run_disable)
    for each in (add, pin, listing, off):
        each.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据目录 / data directory")
        each.add_argument(
            "--as",
            dest="as_name",
            metavar="NAME",
            default=argparse.SUPPRESS,
            help="以此账号登录 / sign in as NAME",
        )


def _new_pin() -> str:
    return read_secret(NEW_PIN_ENV, "新 PIN", "new PIN")


def run_add(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        member = desk.staff.add(args.name, _new_pin(), args.role)
    zh, en = ROLES[member.role]
    print(f"已新建账号：{member.name}（{zh}）/ account added: {member.name} ({en})")
    return 0


def run_pin(args: argparse.Namespace) -> int:
    with open_existing_desk(args) as desk:
        desk.staff.change_pin(args.name, _new_pin())
    print(f"已设置新 PIN：{args.name} / new PIN set for {args.name}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    with open_existing_desk(args) as desk:
        desk.staff.disable(args.name)
    print(f"已停用账号：{args.name} / account disabled: {args.name}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_existing_desk(args) as desk:
        accounts = desk.staff.accounts()
    if args.json:
        print_json([{**asdict(m), "active": m.active} for m in accounts])
        return 0
    if not accounts:
        print("还没有账号 / no accounts yet")
    for m in accounts:
        zh, en = ROLES.get(m.role, (m.role, m.role))
        state = "已停用 disabled" if m.disabled else "在用 active"
        print(f"{m.name:<10} {zh} {en:<14} {state}  {m.created}")
    return 0
