"""The first start on a computer with no community: start an empty one (its name, county,
township and address), open the demo to try things out, or enroll with the county server.

Nothing is made before the person chooses: a real community's first day never begins inside
a demo of 2,000 made-up households.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import friendly_message

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

CREATE, DEMO, ENROLL = "create", "demo", "enroll"
FIELDS = ("name", "county", "township", "address")


class FirstRunDialog(QDialog):
    """Accepted once the choice is carried out; ``page`` is where the window should open."""

    def __init__(
        self,
        tasks: TaskRunner,
        demo_households: int,
        page: str = "today",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.tasks = tasks
        self.demo_households = demo_households
        self.page = page
        self.busy = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.choices = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        for i, key in enumerate((CREATE, DEMO, ENROLL)):
            option = QRadioButton()
            option.setObjectName(f"firstRun_{key}")
            self.options[key] = option
            self.choices.addButton(option, i)
        self.options[CREATE].setChecked(True)
        self.choices.buttonToggled.connect(lambda *_: self._enable())
        self.hints = {key: self._hint() for key in self.options}
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        for key in FIELDS:
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(f"community_{key}")
            self.captions[key] = QLabel()
            self.form.addRow(self.captions[key], self.fields[key])
        self.error = QLabel()
        self.error.setObjectName("firstRunError")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.error.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.go)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.retranslate()
        self._enable()
        self.fields["name"].setFocus()

    def _hint(self) -> QLabel:
        hint = QLabel()
        hint.setWordWrap(True)
        hint.setIndent(24)
        hint.setStyleSheet("color: #555")
        return hint

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.options[CREATE])
        layout.addWidget(self.hints[CREATE])
        self.form.setContentsMargins(24, 0, 0, 8)
        layout.addLayout(self.form)
        for key in (DEMO, ENROLL):
            layout.addWidget(self.options[key])
            layout.addWidget(self.hints[key])
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    # -- choosing --------------------------------------------------------------------------
    def choice(self) -> str:
        return next(key for key, option in self.options.items() if option.isChecked())

    def _enable(self) -> None:
        creating = self.choice() == CREATE and not self.busy
        for key in FIELDS:
            self.fields[key].setEnabled(creating)
        for option in self.options.values():
            option.setEnabled(not self.busy)
        self.buttons.setEnabled(not self.busy)

    def go(self) -> None:
        """Carry out the choice on the database worker; stay open with the reason if refused."""
        if self.busy:
            return
        self.error.hide()
        choice = self.choice()
        if choice == ENROLL:
            # Enrollment needs the server's address and an account: the sync page asks.
            self.page = "sync"
            self.accept()
            return
        self.busy = True
        self._enable()
        if choice == CREATE:
            typed = {key: self.fields[key].text() for key in FIELDS}
            self.tasks.run_db(lambda desk: desk.found_community(**typed), self._done, self._failed)
            return
        self.progress.setRange(0, self.demo_households)
        self.progress.show()
        households = self.demo_households
        self.tasks.run_db(lambda desk: self._make_demo(desk, households), self._done, self._failed)

    def _make_demo(self, desk: Desk, households: int) -> bool:
        def progress(done: int, total: int) -> None:
            self.tasks.run_on_main(lambda: self.progress.setValue(done))

        return desk.make_demo(households, progress)

    def _done(self, _result: Any) -> None:
        self.busy = False
        self.accept()

    def _failed(self, err: BaseException) -> None:
        self.busy = False
        self.progress.hide()
        self._enable()
        self.error.setText(friendly_message(err))
        self.error.show()

    def reject(self) -> None:
        if not self.busy:  # a half-made demo is not left to a closed window
            super().reject()

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to RelocDesk"))
        self.intro.setText(
            self.tr("There is no community on this computer yet. How do you want to start?")
        )
        self.options[CREATE].setText(self.tr("Start a new community"))
        self.hints[CREATE].setText(
            self.tr(
                "An empty community: bring in the households from a roster (Import / export)"
                " or add them by hand."
            )
        )
        self.options[DEMO].setText(self.tr("Open the demo community"))
        self.hints[DEMO].setText(
            self.tr("%1 made-up households, to try RelocDesk out. Not for real work.").replace(
                "%1", f"{self.demo_households:,}"
            )
        )
        self.options[ENROLL].setText(self.tr("Enroll with the county server"))
        self.hints[ENROLL].setText(
            self.tr(
                "The community already exists on the county server: its data comes down"
                " after you sign in on the Sync page."
            )
        )
        captions = {
            "name": self.tr("Community name *"),
            "county": self.tr("County *"),
            "township": self.tr("Township / subdistrict"),
            "address": self.tr("Address"),
        }
        for key, caption in captions.items():
            self.captions[key].setText(caption)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        self.error.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
