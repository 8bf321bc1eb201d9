"""What the app's sync page asks of the sync engine, reached as ``desk.sync``.

An engine belongs to the thread of its desk (the app's database worker), so each call makes
its own on the desk it is given; the page never holds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relocdesk.sync.client import Cancel, Progress, SyncEngine
from relocdesk.sync.report import SyncReport

if TYPE_CHECKING:
    from relocdesk.sync.local import LocalDesk

__all__ = ["SyncReport", "SyncService"]


class SyncService:
    def __init__(self, desk: LocalDesk) -> None:
        self.desk = desk

    def status(self) -> dict[str, Any]:
        """Unsent changes, the server, the last sync and its error: local reads only."""
        return SyncEngine(self.desk).status()

    def enroll(
        self, url: str, user: str, password: str, ca_file: str | None = None
    ) -> dict[str, Any]:
        """Enroll this device; the token goes to the keyring, the password nowhere.
        ``ca_file``: the county's certificate authority (PEM), kept for every sync."""
        return SyncEngine(self.desk, ca_file=ca_file).enroll(url, user, password)

    def ca_file(self) -> str:
        """The county's certificate authority file this device uses ("" for the system's)."""
        return SyncEngine(self.desk).ca_file

    def run(self, progress: Progress | None = None, cancel: Cancel | None = None) -> SyncReport:
        """One sync: push, pull, check."""
        return SyncEngine(self.desk).run(progress=progress, cancel=cancel)
