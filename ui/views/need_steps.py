"""The steps of a need's loop as a row of buttons: assign, start, resolve, the household's
confirmation, reopen. Each opens the needs board's own step dialog (``NeedStepDialog``) with
the need's history read through the façade, so a need is acted on the same way from the
board and from the household file's needs tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.dialogs import need_edit
from ui.work_pages import user_name

if TYPE_CHECKING:
    from ui.tasks import TaskRunner

Row = dict[str, Any]
STEPS = (need_edit.ASSIGN, need_edit.START, need_edit.RESOLVE, need_edit.CONFIRM, need_edit.REOPEN)


def allowed_steps(status: str | None) -> dict[str, bool]:
    """Which steps a need in ``status`` may take (None: no need chosen, none)."""
    return {
        need_edit.ASSIGN: status in ("open", "in_progress"),
        need_edit.START: status == "open",
        need_edit.RESOLVE: status in ("open", "in_progress"),
        need_edit.CONFIRM: status == "resolved",
        need_edit.REOPEN: status == "resolved",
    }


class NeedSteps(QWidget):
    """Buttons for the steps the chosen need may take; ``saved()`` runs after a step is saved."""

    def __init__(
        self, tasks: TaskRunner, saved: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.saved = saved
        self.need: Row | None = None
        self.dialog: need_edit.NeedStepDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for step in STEPS:
            button = QPushButton()
            button.setObjectName(f"needStep_{step}")
            button.clicked.connect(lambda _c=False, s=step: self.take(s))
            self.buttons[step] = button
            row.addWidget(button)
        row.addStretch(1)
        self.retranslate()
        self.choose(None)

    def choose(self, need: Row | None) -> None:
        self.need = need
        allowed = allowed_steps(need["status"] if need else None)
        for step, button in self.buttons.items():
            button.setEnabled(allowed[step])

    def take(self, step: str) -> None:
        """Open the step's dialog for the chosen need, its history read first."""
        need = self.need
        if need is None or not allowed_steps(need["status"])[step]:
            return
        nid = need["id"]

        def show(history: list[Row]) -> None:
            self.dialog = need_edit.NeedStepDialog(
                self.tasks, need, history, step, recorded_by=user_name(), parent=self.window()
            )
            self.dialog.setObjectName("needStepDialog")
            self.dialog.accepted.connect(self.saved)
            self.dialog.open()

        self.tasks.run_read(lambda desk: desk.needs.history(nid), show)

    def retranslate(self) -> None:
        texts = {
            need_edit.ASSIGN: self.tr("Assign…"),
            need_edit.START: self.tr("Start handling"),
            need_edit.RESOLVE: self.tr("Resolve…"),
            need_edit.CONFIRM: self.tr("Household confirms…"),
            need_edit.REOPEN: self.tr("Reopen…"),
        }
        for step, button in self.buttons.items():
            button.setText(texts[step])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
