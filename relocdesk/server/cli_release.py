"""``relocdesk-server admin client-release VERSION URL``: announce the newest app version.

Every device learns it at its next sync (``/v1/info``) and its status bar says a newer
version exists with this download address; an app too old for the server is told the same
address. ``client-release --show`` prints what is announced now.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

ACTIONS = ("client-release",)


def add_parsers(
    asub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_arg: Callable[[argparse.ArgumentParser, str | None], None],
) -> None:
    p = asub.add_parser(
        "client-release",
        help="公布最新客户端版本及下载地址 / announce the newest app version and its download",
    )
    db_arg(p, None)
    p.add_argument("version", nargs="?", help="如 0.2.0 / e.g. 0.2.0")
    p.add_argument("download", nargs="?", help="下载地址 / download address (http/https)")
    p.add_argument("--show", action="store_true", help="显示当前公布的 / show what is announced")


def run(args: argparse.Namespace, storage: Storage) -> None:
    if not args.show:
        if not (args.version and args.download):
            raise ValueError("请给出版本号和下载地址 / give the version and the download address")
        storage.set_client_release(args.version, args.download)
    release = storage.client_release()
    version, download = release["version"], release["download"]
    if version:
        print(f"最新版本 / newest version: {version}  下载 / download: {download}")
    else:
        print("尚未公布 / nothing announced yet")
