"""What the app's sync page asks of the sync engine, reached as ``desk.sync``.

An engine belongs to the thread of its desk (the app's database worker), so each call makes
its own on the desk it is given; the page never holds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relocdesk.sync.client import Cancel, Progress, SyncEngine, SyncReport

if TYPE_CHECKING:
    from relocdesk.sync.local import LocalDesk

__all__ = ["SyncReport", "SyncService"]


class SyncService:
    def __init__(self, desk: LocalDesk) -> None:
        self.desk = desk

    def status(self) -> dict[str, Any]:
        """Unsent changes, the server, the last sync and its error: local reads only."""
        return SyncEngine(self.desk).status()

    def enroll(self, url: str, user: str, password: str) -> dict[str, Any]:
        """Enroll this device; the token goes to the keyring, the password nowhere."""
        return SyncEngine(self.desk).enroll(url, user, password)

    def run(self, progress: Progress | None = None, cancel: Cancel | None = None) -> SyncReport:
        """One sync: push, pull, check."""
        return SyncEngine(self.desk).run(progress=progress, cancel=cancel)
