"""``relocdesk-server``: run the county server, or administer it.

    relocdesk-server --db URL [--host 127.0.0.1] [--port 8765] [--certfile F --keyfile F]
    relocdesk-server migrate --db URL                    upgrade the schema (Alembic)
    relocdesk-server report county --db URL --county CODE --month YYYY-MM -o county.xlsx
    relocdesk-server admin create-community --db URL --name NAME [--id ID] [--county C]
    relocdesk-server admin create-user --db URL --community ID --name USER --role ROLE
        --password-stdin
    relocdesk-server admin list-devices --db URL [--json]
    relocdesk-server admin revoke-device --db URL DEVICE
    relocdesk-server admin new-epoch --db URL      after a restore (docs/sync.md)
    relocdesk-server admin (repair-row | remove-row) --db URL --table T --row ID  (cli_repair)
    relocdesk-server admin (list-users | disable-user | enable-user | reset-password
        | set-role) ...                                       (see ``cli_users``)
    relocdesk-server admin (create-county | list-counties | move-community
        | create-county-user) ...                             (see ``cli_counties``)
    relocdesk-server admin client-release --db URL VERSION URL   the update notice (cli_release)

``--db`` is a SQLAlchemy URL: ``sqlite:///server.db`` (the default) or ``postgresql://…``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import orjson

from relocdesk.server import cli_counties, cli_release, cli_repair, cli_report, cli_users
from relocdesk.server.cli_errors import (
    at_least_one,
    port_number,
    positive_rate,
    positive_seconds,
)
from relocdesk.sync import protocol

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

DEFAULT_DB = "sqlite:///relocdesk-server.db"


def _db_arg(p: argparse.ArgumentParser, default: str | None) -> None:
    p.add_argument(
        "--db",
        default=default,
        help="数据库 / database URL: sqlite:///FILE or postgresql://… (env RELOCDESK_SERVER_DB)",
    )


def build_parser() -> argparse.ArgumentParser:
    env_db = os.environ.get("RELOCDESK_SERVER_DB")
    parser = argparse.ArgumentParser(
        prog="relocdesk-server", description="RelocDesk 县级同步服务器 / county sync server"
    )
    _db_arg(parser, env_db or DEFAULT_DB)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8765)
    parser.add_argument("--workers", type=at_least_one, default=1, help="server processes")
    parser.add_argument(
        "--state-file",
        help="记录纪元与序号以发现备份恢复 / where the epoch and heads are kept to notice a"
        " restore (outside what backups restore; default beside a SQLite file)",
    )
    parser.add_argument("--certfile", help="TLS 证书（PEM，含中间证书）/ TLS certificate chain")
    parser.add_argument("--keyfile", help="TLS 私钥（PEM）/ TLS private key")
    _limit_args(parser)
    sub = parser.add_subparsers(dest="command")
    cli_report.add_parser(sub, _db_arg)
    p = sub.add_parser("migrate", help="升级数据库结构 / upgrade the database's schema")
    _db_arg(p, None)
    _admin_parsers(sub)
    return parser


def _limit_args(parser: argparse.ArgumentParser) -> None:
    """What one device and one client may hold (devices per user, connections, time)."""
    parser.add_argument(
        "--device-cap",
        type=at_least_one,
        default=None,
        help="每个用户最多登记的设备数 / devices per user (default 3)",
    )
    parser.add_argument(
        "--header-timeout",
        type=positive_seconds,
        default=None,
        help="请求头须在几秒内收齐，否则断开 / seconds a request's head may take (default 30)",
    )
    parser.add_argument(
        "--stall-timeout",
        type=positive_seconds,
        default=None,
        help="请求体或应答停滞几秒即断开 / seconds a request's body or its answer may stall"
        " (default 60)",
    )
    parser.add_argument(
        "--device-rate",
        type=positive_rate,
        default=None,
        help="每台设备每秒平均最多请求数 / requests a second one device may make (default 20)",
    )
    parser.add_argument(
        "--connections-per-address",
        type=at_least_one,
        default=None,
        help="每个地址最多同时保持的连接数 / connections one address may hold (default 256)",
    )


def _admin_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    admin = sub.add_parser("admin", help="管理 / administration")
    asub = admin.add_subparsers(dest="action", required=True)

    p = asub.add_parser("create-community", help="新建社区 / create a community")
    _db_arg(p, None)
    p.add_argument("--name", required=True)
    p.add_argument("--id", help="use this id (e.g. of an existing device database)")
    for f in ("county", "subdistrict", "township", "address"):
        p.add_argument(f"--{f}")

    p = asub.add_parser("create-user", help="新建用户 / create a user")
    _db_arg(p, None)
    p.add_argument("--community", required=True, help="community id")
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role",
        required=True,
        choices=cli_users.ROLE_CHOICES,
    )
    p.add_argument("--password-stdin", action="store_true", required=True)

    p = asub.add_parser("list-devices", help="列出设备 / list enrolled devices")
    _db_arg(p, None)
    p.add_argument("--json", action="store_true")

    p = asub.add_parser("revoke-device", help="撤销设备 / revoke a device token")
    _db_arg(p, None)
    p.add_argument("device", help="device record id or device id")

    p = asub.add_parser(
        "new-epoch", help="恢复备份后声明新纪元 / declare a new epoch after a restore"
    )
    _db_arg(p, None)
    cli_repair.add_parsers(asub, _db_arg)
    cli_users.add_parsers(asub, _db_arg)
    cli_counties.add_parsers(asub, _db_arg)
    cli_release.add_parsers(asub, _db_arg)


def main(argv: Sequence[str] | None = None) -> int:
    from relocdesk.console import every_character_printable

    every_character_printable()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "admin":
            return _admin(args)
        if args.command == "migrate":
            return _migrate(args)
        if args.command == "report":
            return _report(args)
        return _serve(args)
    except KeyboardInterrupt:
        return 130
    except (ValueError, LookupError, protocol.SyncError) as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        if not e.filename:  # not a file's or folder's: below, as anything unexpected
            return _unexpected(e, args)
        from relocdesk.places import file_problem

        # a folder or file the command was pointed at (--copies a file, a disk full)
        print(f"错误 / error: {file_problem(e)}", file=sys.stderr)
        return 3
    except Exception as e:  # no traceback for the person at the terminal
        return _unexpected(e, args)


def _unexpected(e: Exception, args: argparse.Namespace) -> int:
    """A database the command cannot use, said plainly (exit 3); anything else as it came."""
    from relocdesk.server.cli_errors import database_problem

    plainly = database_problem(e, str(getattr(args, "db", "") or ""))
    if plainly is not None:
        print(f"错误 / error: {plainly}", file=sys.stderr)
        return 3
    # The database's own words, first line: a SQLAlchemy error goes on with the statement,
    # its parameters (a person's name or ID number among them) and the library's web page.
    said = str(getattr(e, "orig", None) or e).strip().splitlines()
    print(
        f"意外错误 / unexpected error: {type(e).__name__}: {said[0] if said else ''}",
        file=sys.stderr,
    )
    return 1


def _serve(args: argparse.Namespace) -> int:
    from relocdesk.server import county_clock, migrate, restore_check
    from relocdesk.server.cli_errors import port_taken, state_file_problem, tls_problem
    from relocdesk.server.storage import Storage

    if bool(args.certfile) != bool(args.keyfile):
        raise ValueError("--certfile 与 --keyfile 须同时给出 / give both --certfile and --keyfile")
    county_clock.zone()  # a mistyped RELOCDESK_TIME_ZONE is told now, not at the first page
    if taken := port_taken(args.host, args.port):
        raise ValueError(taken)
    if args.certfile and (broken := tls_problem(args.certfile, args.keyfile)):
        raise ValueError(broken)
    state = Path(args.state_file) if args.state_file else restore_check.default_path(args.db)
    # (the default sits beside a SQLite file: the database's own check names its folder)
    if args.state_file and (unwritable := state_file_problem(state)):
        raise ValueError(unwritable)
    migrate.refuse_newer(args.db)
    storage = Storage(args.db)
    storage.create_all()
    if args.device_cap is not None:
        os.environ["RELOCDESK_DEVICE_CAP"] = str(args.device_cap)
    _connection_limits(args)
    _log_to_stderr()
    restore_check.check_at_start(storage, state)
    try:
        _run_uvicorn(args, storage)
    finally:
        restore_check.record(storage, state)  # the heads served, for the next start
    return 0


def _connection_limits(args: argparse.Namespace) -> None:
    """The options of relocdesk.server.connections, through the environment: every worker
    process of --workers reads them there. A value set in the environment by hand (a
    service's unit file) is checked now, not at each connection, where it failed them all."""
    from relocdesk.server import connections, pace

    for option, name, parse in (
        ("header_timeout", connections.HEADER_TIMEOUT_ENV, positive_seconds),
        ("stall_timeout", connections.STALL_TIMEOUT_ENV, positive_seconds),
        ("connections_per_address", connections.PER_ADDRESS_ENV, at_least_one),
        ("device_rate", pace.RATE_ENV, positive_rate),
    ):
        given = getattr(args, option)
        if given is not None:
            os.environ[name] = str(given)
        elif text := os.environ.get(name):
            try:
                parse(text)
            except argparse.ArgumentTypeError as e:
                raise ValueError(f"{name}: {e}") from None


def _run_uvicorn(args: argparse.Namespace, storage: Storage) -> None:
    import uvicorn

    from relocdesk.server.app import create_app
    from relocdesk.server.connections import PROTOCOL, raise_descriptor_limit

    raise_descriptor_limit()  # inherited by --workers processes

    tls = {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile} if args.certfile else {}
    common = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "http": PROTOCOL,
        **tls,
    }
    if args.workers > 1:
        os.environ["RELOCDESK_SERVER_DB"] = args.db
        uvicorn.run(
            "relocdesk.server.cli:app_from_env", factory=True, workers=args.workers, **common
        )
    else:
        uvicorn.run(_settled(create_app(_capped(storage))), **common)


def _capped(storage: Storage) -> Storage:
    cap = os.environ.get("RELOCDESK_DEVICE_CAP")
    if cap:
        storage.device_cap = int(cap)
    return storage


def _log_to_stderr() -> None:
    """The access log and the refused enrollments, one line each, to stderr (uvicorn's own
    access log is off: it prints query strings)."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    for name in ("relocdesk.server.access", "relocdesk.server.auth"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


_App = TypeVar("_App")


def app_from_env() -> object:
    """The app for each uvicorn worker process (``--workers N``)."""
    from relocdesk.server.app import create_app
    from relocdesk.server.storage import Storage

    _log_to_stderr()
    return _settled(create_app(_capped(Storage(os.environ.get("RELOCDESK_SERVER_DB", DEFAULT_DB)))))


def _settled(app: _App) -> _App:
    """``app``, with everything the process holds before its first request left out of the
    garbage collector's rounds (``gc.freeze``): the modules, the app and its tables live as
    long as the process, yet each full round went through them all again. A push of 2,500
    ops makes about 100,000 objects, enough for a full round nearly every batch: a full push
    of 139,403 ops spent about 0.7 s of the server's CPU in them."""
    import gc

    gc.collect()
    gc.freeze()
    return app


def _migrate(args: argparse.Namespace) -> int:
    from relocdesk.server import migrate

    before, after = migrate.upgrade(args.db or os.environ.get("RELOCDESK_SERVER_DB") or DEFAULT_DB)
    if before == after:
        print(f"数据库结构已是最新 / the schema is up to date ({after})")
    else:
        print(f"数据库结构已升级 / schema upgraded: {before or 'none'} → {after}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from relocdesk.server import migrate
    from relocdesk.server.storage import Storage

    url = args.db or os.environ.get("RELOCDESK_SERVER_DB") or DEFAULT_DB
    migrate.refuse_newer(url)
    storage = Storage(url)
    try:
        return cli_report.run(args, storage)
    finally:
        storage.close()


def _admin(args: argparse.Namespace) -> int:
    from relocdesk.server import migrate
    from relocdesk.server.passwords import check_policy, checked_user_name
    from relocdesk.server.storage import Storage

    url = args.db or os.environ.get("RELOCDESK_SERVER_DB") or DEFAULT_DB
    migrate.refuse_newer(url)
    storage = Storage(url)
    storage.create_all()
    try:
        if args.action == "create-community":
            cid = storage.create_community(
                args.name,
                args.id,
                # --id brings a laptop's community under its own id: a namesake may be meant
                refuse_namesakes=not args.id,
                county=args.county,
                subdistrict=args.subdistrict,
                township=args.township,
                address=args.address,
            )
            print(cid)
        elif args.action in cli_users.ACTIONS:
            cli_users.run(args, storage)
        elif args.action in cli_counties.ACTIONS:
            cli_counties.run(args, storage)
        elif args.action in cli_release.ACTIONS:
            cli_release.run(args, storage)
        elif args.action == "create-user":
            name = checked_user_name(args.name)
            password = cli_users.read_password()
            check_policy(name, password)
            storage.create_user(name, password, args.role.replace("-", "_"), args.community)
            print(f"已创建用户 / created user {name}")
        elif args.action == "list-devices":
            devices = storage.list_devices()
            if args.json:
                sys.stdout.write(orjson.dumps(devices, option=orjson.OPT_INDENT_2).decode() + "\n")
            else:
                for d in devices:
                    state = f"revoked {d['revoked_at']}" if d["revoked_at"] else "active"
                    print(
                        f"{d['id']}  {d['device_id']}  {d['user_name']}  {d['role']}"
                        f"  {d['community_id']}  {state}"
                    )
        elif args.action == "revoke-device":
            n = storage.revoke_device(args.device)
            if not n:
                raise LookupError(f"没有此设备或已撤销 / no such active device: {args.device}")
            print(
                f"已撤销 / revoked {n}; 要阻止此人再登记，请停用用户或重设密码 / to stop the"
                " person enrolling again, disable the user or reset the password"
            )
        elif args.action == "new-epoch":
            epoch = storage.new_epoch()
            print(
                f"新纪元 / new epoch {epoch}: 设备下次同步时先核对并补传服务器缺少的数据"
                " / devices reconcile on their next sync and send back what the server lacks"
            )
        elif args.action in cli_repair.ACTIONS:
            cli_repair.run(args, storage)
    finally:
        storage.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
