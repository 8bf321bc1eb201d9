"""The update notice: the newest app version the county hands out, as ``/v1/info`` says.

After each sync the device keeps what the server announced; the status bar compares it with
this app's own version and says when a newer one exists, and where to download it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

LATEST = "client_latest"
DOWNLOAD = "client_download"
_MAX = 500


class Settings(Protocol):
    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...


def remember(desk: Settings, info: Mapping[str, Any]) -> None:
    """Keep the server's announcement (or forget it when the server no longer makes one)."""
    latest, download = info.get("client_latest"), info.get("client_download")
    ok = isinstance(latest, str) and isinstance(download, str) and 0 < len(download) <= _MAX
    for key, value in ((LATEST, latest), (DOWNLOAD, download)):
        kept = value if ok and isinstance(value, str) else None
        if desk.setting(key) != kept:
            desk.set_setting(key, kept)


def remember_from(desk: Settings, fetch: Callable[[], Mapping[str, Any]]) -> None:
    """After a sync: ask ``/v1/info`` (``fetch``) and keep its announcement. A server that
    cannot answer now never fails the sync that already succeeded."""
    from relocdesk.sync.protocol import SyncError

    with contextlib.suppress(SyncError):
        remember(desk, fetch())


def parts(version: str) -> tuple[int, ...]:
    """0.10.2 -> (0, 10, 2); a suffix (rc1) is not compared; garbage compares as nothing."""
    m = re.match(r"[0-9]+(\.[0-9]+)*", version.strip())
    return tuple(int(p) for p in m.group(0).split(".")) if m else ()


def newer(latest: str | None, current: str) -> bool:
    if not latest:
        return False
    have, offered = parts(current), parts(latest)
    width = max(len(have), len(offered))
    return bool(offered) and offered + (0,) * (width - len(offered)) > have + (0,) * (
        width - len(have)
    )
