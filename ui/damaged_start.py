"""At start, a community database that no longer opens: the newest backup offered.

A damaged file (a failing disk, power cut at the wrong moment) cannot be restored through,
so Settings → Backups is out of reach. The person is asked once whether to put the newest
backup in its place; the damaged file is kept in the backups folder either way
(``Desk.open_from_backup``). No: the app says it cannot open the database, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from relocdesk.desk import Desk

# The question has no parent window yet (none is shown before the database opens).
ASKING: list[QMessageBox] = []


def offer_backup(
    db_path: Path,
    err: BaseException,
    restore: Callable[[Path], None],
    give_up: Callable[[], None],
) -> bool:
    """Ask whether to restore the newest backup in place of a damaged database: True when
    asked (the answer then calls ``restore(backup)`` or ``give_up()``), False when the error
    is not a damaged file or there is no backup to offer."""
    if not Desk.is_damaged(err):
        return False
    newest = Desk.newest_backup(db_path)
    if newest is None:
        return False
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("app", "RelocDesk"),
        QCoreApplication.translate(
            "app",
            "The community database is damaged and cannot be opened.\n\nPut the newest "
            "backup, taken %1, in its place? The damaged file is kept in the backups folder. "
            "What was saved after the backup is not in it; if this computer syncs with the "
            "county server, what it sent comes back at the next sync.",
        ).replace("%1", newest.taken_at.strftime("%Y-%m-%d %H:%M")),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Yes)

    def answered() -> None:
        ASKING.remove(box)
        yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        restore(newest.path) if yes else give_up()

    box.finished.connect(lambda _r: answered())
    ASKING.append(box)
    box.open()
    return True
