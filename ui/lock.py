"""Signing in and the lock screen.

One opaque panel over the whole main window serves both: at start it asks who is working
(name and PIN; on a device with no account yet, it makes the first one), and after the idle
time (default ten minutes, in Settings) or on Ctrl+L it hides everything and asks the PIN of
the person signed in again. While it shows, no key, click or shortcut reaches the window
behind it, and other windows (an open dialog) are hidden until it is unlocked.

PINs are checked on the database worker (``desk.staff``), never on the GUI thread; wrong
ones are throttled there, and the panel says plainly how long to wait.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import session

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

log = logging.getLogger("relocdesk.ui.lock")

IDLE_SETTING = "lock_idle_minutes"
DEFAULT_IDLE_MINUTES = 10
# What counts as someone at the keyboard.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
# What must not reach the window while it is locked.
_BLOCKED = _INPUT | {
    QEvent.Type.KeyRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut,
    QEvent.Type.MouseButtonRelease,
}


def idle_minutes() -> int:
    try:
        value = int(str(QSettings().value(IDLE_SETTING, DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value > 0 else DEFAULT_IDLE_MINUTES


def _message(exc: BaseException) -> str:
    """The refusal in the interface language, without a field prefix: the panel has one field."""
    from ui.work_pages import error_text, lang

    zh, en = getattr(exc, "message_zh", None), getattr(exc, "message_en", None)
    if zh and en:
        return str(zh if lang() == "zh" else en)
    return error_text(exc)


def _accounts(desk: Desk) -> dict[str, Any]:
    return {
        "names": [m.name for m in desk.staff.accounts() if m.active],
        "first": desk.staff.first_account(),
    }


class LockScreen(QFrame):
    """The panel over the window: sign in, make the first account, or unlock."""

    unlocked = Signal(str)  # the name of the person now signed in

    def __init__(self, window: QWidget, tasks: TaskRunner, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.window_behind = window
        self.tasks = tasks
        self.mode = "sign_in"  # sign_in | first | unlock
        self.locked = False
        self._hidden: list[QWidget] = []
        self._wait_left = 0
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._build()
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms if idle_ms is not None else idle_minutes() * 60_000)
        self.idle.timeout.connect(self.lock)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.shortcut = QShortcut(QKeySequence("Ctrl+L"), window, self.lock)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.hide()

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(420)
        card.setStyleSheet("#lockCard { background: palette(base); border-radius: 8px; }")
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title.setFont(font)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        # The longest explanation takes three lines in English: room kept, so the fields
        # below never shrink to fit it.
        self.explain.setMinimumHeight(self.explain.fontMetrics().lineSpacing() * 3 + 4)
        self.name_box = QComboBox()
        self.name_box.setObjectName("lockName")
        self.name_box.setProperty("i18n_data", True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("lockNewName")
        self.pin = QLineEdit()
        self.pin.setObjectName("lockPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self.submit)
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("lockPinAgain")
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again.returnPressed.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        # Room for a refusal and its countdown, so the fields never shrink when one shows.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)
        self.button = QPushButton()
        self.button.setObjectName("lockSubmit")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.switch = QPushButton()
        self.switch.setObjectName("lockSwitch")
        self.switch.setFlat(True)
        self.switch.clicked.connect(self.sign_in_again)
        self.form = QFormLayout()
        self.name_label, self.new_name_label = QLabel(), QLabel()
        self.pin_label, self.again_label = QLabel(), QLabel()
        self.form.addRow(self.name_label, self.name_box)
        self.form.addRow(self.new_name_label, self.name_edit)
        self.form.addRow(self.pin_label, self.pin)
        self.form.addRow(self.again_label, self.pin_again)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.addWidget(self.title)
        inner.addWidget(self.explain)
        inner.addLayout(self.form)
        inner.addWidget(self.message)
        inner.addWidget(self.button)
        inner.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        titles = {
            "sign_in": self.tr("Sign in"),
            "first": self.tr("Make your account"),
            "unlock": self.tr("Locked"),
        }
        self.title.setText(titles[self.mode])
        if self.mode == "unlock":
            self.explain.setText(
                self.tr("%1 is signed in. Enter the PIN to go on.").replace(
                    "%1", session.signed_in_name()
                )
            )
        elif self.mode == "first":
            self.explain.setText(
                self.tr(
                    "Each person using this laptop signs in, so that what is seen and done "
                    "is recorded under their name. Choose a PIN of at least 4 digits, or a "
                    "password of at least 6 characters."
                )
            )
        else:
            self.explain.setText(self.tr("Who is working? Choose your name and enter your PIN."))
        self.name_label.setText(self.tr("Name"))
        self.new_name_label.setText(self.tr("Name"))
        self.pin_label.setText(self.tr("PIN"))
        self.again_label.setText(self.tr("PIN again"))
        self.button.setText(self.tr("Unlock") if self.mode == "unlock" else self.tr("Sign in"))
        self.switch.setText(self.tr("Sign in as someone else"))

    def _show_mode(self, mode: str) -> None:
        self.mode = mode
        first = mode == "first"
        self.form.setRowVisible(0, mode == "sign_in")
        self.form.setRowVisible(1, first)
        self.form.setRowVisible(3, first)
        self.switch.setVisible(mode == "unlock")
        self.pin.clear()
        self.pin_again.clear()
        self.retranslateUi()

    def set_idle_minutes(self, minutes: int) -> None:
        self.idle.setInterval(max(1, minutes) * 60_000)
        if not self.locked:
            self.idle.start()

    # -- locking and signing in ---------------------------------------------------------
    def start(self) -> None:
        """At start-up: cover the window and ask who is working."""
        self._cover()
        self.tasks.run_db(_accounts, self._accounts_read, self._failed)

    def _accounts_read(self, found: dict[str, Any]) -> None:
        names: list[str] = found["names"]
        first: tuple[str, str] | None = found["first"]
        if not names:
            self._show_mode("first")
            self.name_edit.setText(first[0] if first else "")
            # The enrolled county user is the first account: the name is not a choice.
            self.name_edit.setReadOnly(first is not None)
            (self.pin if first else self.name_edit).setFocus()
            return
        self._show_mode("sign_in")
        self.name_box.clear()
        self.name_box.addItems(names)
        last = str(QSettings().value("last_signed_in", "") or "")
        if last in names:
            self.name_box.setCurrentText(last)
        self.pin.setFocus()

    def lock(self) -> None:
        """Hide everything and ask the PIN of whoever is signed in (Ctrl+L, idle time)."""
        if self.locked:
            return
        if not session.signed_in_name():
            self.start()
            return
        log.info("locked")
        self._cover()
        self._show_mode("unlock")
        self.pin.setFocus()

    def sign_in_again(self) -> None:
        """Someone else takes the laptop: the signed-in person is signed out."""
        session.set_signed_in("", "")
        self.tasks.run_db(lambda desk: desk.staff.sign_out())
        self.start()

    def _cover(self) -> None:
        self.locked = True
        self.idle.stop()
        self.message.clear()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window_behind and widget.isVisible() and widget.isWindow():
                self._hidden.append(widget)
                widget.hide()
        self.setGeometry(self.window_behind.rect())
        self.raise_()
        self.show()

    def submit(self) -> None:
        if self._wait_left > 0:
            return
        pin = self.pin.text()
        self.message.clear()
        if self.mode == "first":
            name = self.name_edit.text()
            if pin != self.pin_again.text():
                self.message.setText(self.tr("The two PINs are not the same."))
                return

            def make(desk: Desk) -> Any:
                desk.staff.add(name, pin)
                return desk.staff.sign_in(name, pin)

            self.tasks.run_db(make, self._signed_in, self._refused)
        elif self.mode == "unlock":
            self.tasks.run_db(lambda desk: desk.staff.check(pin), self._signed_in, self._refused)
        else:
            name = self.name_box.currentText()
            self.tasks.run_db(
                lambda desk: desk.staff.sign_in(name, pin), self._signed_in, self._refused
            )
        self.button.setEnabled(False)

    def _signed_in(self, member: Any) -> None:
        session.set_signed_in(member.name, member.role)
        QSettings().setValue("last_signed_in", member.name)
        self.button.setEnabled(True)
        self.pin.clear()
        self.pin_again.clear()
        self.locked = False
        self.hide()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.idle.start()
        self.unlocked.emit(member.name)

    def _refused(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.pin.clear()
        self.pin_again.clear()
        self.pin.setFocus()
        self.message.setText(_message(exc))
        wait = float(getattr(exc, "wait_s", 0.0) or 0.0)
        if wait > 0:
            self._wait_left = int(wait + 0.999)
            self.button.setEnabled(False)
            self.countdown.start()
            self._tick_text()

    def _failed(self, exc: BaseException) -> None:
        log.error("could not read the accounts", exc_info=exc)
        self.message.setText(_message(exc))

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self.countdown.stop()
            self._wait_left = 0
            self.button.setEnabled(True)
            self.message.setText(self.tr("You may try again now."))
            return
        self._tick_text()

    def _tick_text(self) -> None:
        first = self.message.text().split("\n")[0]
        wait = self.tr("Next try in %1 s").replace("%1", str(self._wait_left))
        self.message.setText(f"{first}\n{wait}")

    # -- what reaches the window ------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window_behind and self.isVisible():
            self.setGeometry(self.window_behind.rect())
        if kind not in _BLOCKED:
            return False
        if not self.locked:
            if kind in _INPUT:
                self.idle.start()  # someone is at the keyboard: the idle time starts again
            return False
        if isinstance(watched, QWidget):
            return not self._inside(watched)
        # Shortcuts and actions of the window (Ctrl+F, Alt+Left) do nothing while locked;
        # events of the native window pass, Qt hands them on to the focus widget.
        return kind == QEvent.Type.Shortcut

    def _inside(self, widget: QWidget) -> bool:
        node: QObject | None = widget
        while node is not None:
            if node is self:
                return True
            node = node.parent()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
