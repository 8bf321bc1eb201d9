"""Rolling backups while the app runs: at start, then every hour (a new day's is due after
midnight; the hours between cost a look at the backups folder, nothing more)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from ui.shell import Shell

log = logging.getLogger("relocdesk.backups")
EVERY_MS = 3600 * 1000


def schedule(window: Shell) -> QTimer:
    timer = QTimer(window.window())
    timer.setObjectName("backupTimer")
    timer.setInterval(EVERY_MS)
    timer.timeout.connect(lambda: take_due(window))
    timer.start()
    take_due(window)
    return timer


def take_due(window: Shell) -> None:
    def made(paths: list[Any]) -> None:
        for path in paths:
            log.info("backup taken: %s", path)

    def failed(err: BaseException) -> None:
        # A backup that could not be written (a full disk) must not stop the work; the next
        # hour tries again and the log says why.
        log.warning("backup failed: %s", err)

    window.tasks.run_db(lambda desk: desk.backups.take_due(), made, failed, key="backups")
