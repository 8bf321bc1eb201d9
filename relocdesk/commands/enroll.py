"""``relocdesk enroll --server URL --user NAME --password-stdin [--ca-file PEM]``: enroll
this device (``https://`` for any server but this machine; ``--ca-file`` for a county's own
certificate authority, kept for every sync).

The password is read from stdin, sent once, and never stored; the device token the server
gives back goes to the OS keyring only. Without a keyring the command says so and stops.
"""

from __future__ import annotations

import argparse
import sys

from relocdesk.cli_support import UserError, open_desk, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("enroll", help="登记本设备到县服务器 / enroll this device with the server")
    p.add_argument(
        "--server",
        required=True,
        help="服务器地址 / server URL (https://…; http:// only on this machine)",
    )
    p.add_argument("--user", required=True, help="用户名 / user name")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="从标准输入读取密码 / read the password from stdin",
    )
    p.add_argument(
        "--ca-file",
        help="县里的证书颁发机构文件（PEM）/ the county's certificate authority bundle (PEM)",
    )
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from relocdesk.sync.client import SyncEngine

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("标准输入没有密码 / no password on stdin")
    with open_desk(args) as desk:
        got = SyncEngine(desk, ca_file=args.ca_file).enroll(args.server, args.user, password)
    if args.json:
        print_json(got)
    else:
        print(
            f"已登记：社区 {got['community_name']}，角色 {got['role']} / enrolled:"
            f" community {got['community_name']}, role {got['role']}"
        )
    return 0
