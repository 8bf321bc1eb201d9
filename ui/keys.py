"""Keyboard shortcuts for the frequent actions, in one place so Help lists what exists.

- in an editing window: Ctrl+S saves (in the visit window Ctrl+Enter too);
- on the window: Ctrl+Z undoes the last save made in an editing window (relocdesk.undo),
  Ctrl+F searches, F1 opens help, Alt+Left goes back;
- on every list page: Ctrl+E exports the list as shown (filter and sort) to Excel;
- in a household's file: Ctrl+Shift+V records a visit, Ctrl+Shift+N raises a need,
  Ctrl+Shift+R refers the selected member, Ctrl+P prints the household card;
- on Visits & needs: Ctrl+N writes a visit note, Ctrl+Shift+N raises a need; on Print,
  Ctrl+P prints the chosen forms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

log = logging.getLogger("relocdesk.ui.keys")

SAVE = ("Ctrl+S",)  # the visit window keeps its own Ctrl+Enter too (a second would be ambiguous)
UNDO = "Ctrl+Z"
# On every list page (households, people, referrals, visits & needs, warnings, audit).
EXPORT = "Ctrl+E"
# What each editing window gets from save_keys: Help's table may name these.
DIALOG_KEYS = frozenset({"Ctrl+S"})
# The household file's action buttons (ui.views.household_actions keys).
HOUSEHOLD_ACTIONS = {
    "visit": "Ctrl+Shift+V",
    "need": "Ctrl+Shift+N",
    "referral": "Ctrl+Shift+R",
    "print_card": "Ctrl+P",
}


def save_keys(dialog: QWidget, save: Callable[[], None]) -> None:
    for key in SAVE:
        QShortcut(QKeySequence(key), dialog, save)


def install_undo(window: Any) -> QShortcut:
    """Ctrl+Z on the window: undo the last save made in an editing window."""
    return QShortcut(QKeySequence(UNDO), window, lambda: undo_last(window))


def undo_last(window: Any) -> None:
    def done(saved: Any) -> None:
        tables = {w.table for w in saved.writes}
        for table in sorted(tables):
            window.notify_changed(table)
        window.statusBar().showMessage(
            QCoreApplication.translate("keys", "Undone: the values from before the save are back"),
            10000,
        )

    def failed(exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.errors import friendly_message

        box = QMessageBox(window)
        box.setObjectName("undoRefused")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("keys", "Undo"))
        box.setText(friendly_message(exc))
        box.open()  # not exec(): the window keeps working while it shows

    window.tasks.run_db(lambda desk: desk.undo.undo(), done, failed, key="undo")
