"""The newest app version the county hands out, and where to download it.

The county sets it with ``relocdesk-server admin client-release VERSION URL``; ``/v1/info``
carries it to every device, whose status bar then says a newer version exists, and a device
too old for the server (426) is told the same address. Kept in ``rd_meta`` beside the epoch,
so no schema change is needed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from relocdesk.server.database import Database

if TYPE_CHECKING:
    from sqlalchemy import Connection

LATEST_KEY = "client_latest"
DOWNLOAD_KEY = "client_download"
# What a release number looks like: 0.2.0, 1.10, 2.0.1rc1.
VERSION = re.compile(r"[0-9]+(\.[0-9]+){1,3}([a-z]+[0-9]*)?")


class Releases(Database):
    def client_release(self) -> dict[str, str | None]:
        with self.read() as conn:
            return self.release_in(conn)

    def release_in(self, conn: Connection) -> dict[str, str | None]:
        """The same, read in a transaction the caller holds."""
        from sqlalchemy import select

        m = self.t_meta
        found = dict(
            conn.execute(
                select(m.c.key, m.c.value).where(m.c.key.in_([LATEST_KEY, DOWNLOAD_KEY]))
            ).all()
        )
        return {"version": found.get(LATEST_KEY), "download": found.get(DOWNLOAD_KEY)}

    def announced_in(self, conn: Connection) -> dict[str, str | None]:
        """What ``/v1/info`` announces of it, for the last page of a pull: a device that
        finds it there need not ask ``/v1/info`` after each sync."""
        release = self.release_in(conn)
        return {"client_latest": release["version"], "client_download": release["download"]}

    def set_client_release(self, version: str, download: str) -> None:
        version, download = version.strip(), download.strip()
        if not VERSION.fullmatch(version):
            raise ValueError(
                f"版本号应形如 0.2.0：{version!r} / the version must look like 0.2.0, not"
                f" {version!r}"
            )
        if not re.fullmatch(r"https?://\S{3,500}", download):
            raise ValueError(
                f"下载地址应以 http:// 或 https:// 开头：{download!r} / the download address"
                f" must start with http:// or https://, not {download!r}"
            )
        m = self.t_meta
        with self.write() as conn:
            for key, value in ((LATEST_KEY, version), (DOWNLOAD_KEY, download)):
                conn.execute(m.delete().where(m.c.key == key))
                conn.execute(m.insert().values(key=key, value=value))
