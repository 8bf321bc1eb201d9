"""Before the database opens: the passphrase (on a computer without a keyring), and the one-time
encryption of a database from before encryption, with its progress and a Cancel.

Where the OS keyring keeps the database key neither dialog shows. The key derivation
(scrypt, a fraction of a second) and the encryption run on a worker thread: the window
keeps drawing, and Cancel stops the encryption with the plain file untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from relocdesk.desk import Desk
from relocdesk.validation import ValidationError

UNLOCK, SET = "unlock", "set"


class _Relay(QObject):
    """Hands a worker thread's result to the GUI thread."""

    done = Signal(object)
    progress = Signal(int, int)


def _in_background(work: Callable[[], Any], relay: _Relay) -> None:
    def run() -> None:
        try:
            relay.done.emit(work())
        except BaseException as e:  # shown by the dialog, never a traceback
            relay.done.emit(e)

    threading.Thread(target=run, name="database-key", daemon=True).start()


class PassphraseDialog(QDialog):
    """Asks for the passphrase (``UNLOCK``) or sets one at first start (``SET``)."""

    def __init__(self, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.mode = mode
        self.setWindowTitle(self.tr("Community data is encrypted"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("passphraseError")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase)
        if mode == SET:
            self.intro.setText(
                self.tr(
                    "This computer has no system keyring to keep the key of the community"
                    " data. Set a passphrase of at least %1 characters: it will be asked at"
                    " every start. Without it the data cannot be read, by anyone: write it"
                    " down and keep it safe."
                ).replace("%1", str(Desk.encryption.MIN_PASSPHRASE))
            )
            form.addRow(self.tr("Passphrase again"), self.again)
        else:
            self.intro.setText(
                self.tr("The community data on this computer is encrypted. Enter the passphrase.")
            )
            self.again.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Set passphrase") if mode == SET else self.tr("Unlock")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.relay = _Relay(self)
        self.relay.done.connect(self._finished)
        self.setMinimumWidth(460)
        self.adjustSize()

    def submit(self) -> None:
        text = self.passphrase.text()
        if self.mode == SET:
            try:
                Desk.encryption.check_passphrase(text)
            except ValidationError as e:
                self._say(e)
                return
            if text != self.again.text():
                self._say(self.tr("The two passphrases are not the same."))
                return
            work: Callable[[], Any] = lambda: Desk.encryption.set_passphrase(text)  # noqa: E731
        else:
            work = lambda: Desk.encryption.unlock(text)  # noqa: E731
        self._busy(True)
        _in_background(work, self.relay)

    def _finished(self, result: object) -> None:
        self._busy(False)
        if isinstance(result, BaseException):
            self._say(result)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.again.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.WaitCursor)
        else:
            self.unsetCursor()

    def _say(self, what: object) -> None:
        from ui.errors import friendly_message

        text = what if isinstance(what, str) else friendly_message(what)  # type: ignore[arg-type]
        self.error.setText(text)
        self.error.show()
        self.adjustSize()  # room for the message without squeezing the wrapped intro


class EncryptDialog(QDialog):
    """Encrypts a plain database once, showing how far it got; Cancel leaves it as it was."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("encryptDialog")
        self.setWindowTitle(self.tr("Encrypting the community data"))
        self.path = path
        self.cancelled = False
        self.outcome: object = None
        intro = QLabel(
            self.tr(
                "The community database is encrypted once, now. A copy is encrypted and checked"
                " row by row before it replaces the unencrypted file: nothing is lost."
            )
        )
        intro.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("encryptProgress")
        self.bar.setRange(0, 1000)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.relay = _Relay(self)
        self.relay.progress.connect(self._progress)
        self.relay.done.connect(self._finished)
        self.setMinimumWidth(460)

    def start(self) -> None:
        def work() -> object:
            return Desk.encryption.encrypt(
                self.path,
                progress=lambda d, t: self.relay.progress.emit(d * 1000 // max(t, 1), 1000),
                cancel=lambda: self.cancelled,
            )

        _in_background(work, self.relay)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(min(done, total))

    def _cancel(self) -> None:
        self.cancelled = True  # read by the worker at its next progress step
        self.buttons.setEnabled(False)

    def _finished(self, result: object) -> None:
        self.outcome = result
        if isinstance(result, BaseException):
            self.reject()
        else:
            self.bar.setValue(self.bar.maximum())
            self.accept()

    def reject(self) -> None:
        if self.outcome is None:
            self._cancel()  # Esc or the close button: cancel, and close once the worker stops
            return
        super().reject()


def unlock_before_opening(path: Path, parent: QWidget | None = None) -> bool:
    """Make the database key available and the file encrypted; False if the person quit.

    Runs before the database worker opens the file (the app's start-up)."""
    state = Desk.encryption.state()
    asks = (Desk.encryption.KeyState.LOCKED, Desk.encryption.KeyState.NEW_PASSPHRASE)
    if state in asks and not Desk.encryption.unlock_from_environment():
        mode = UNLOCK if state is Desk.encryption.KeyState.LOCKED else SET
        if PassphraseDialog(mode, parent).exec() != QDialog.DialogCode.Accepted:
            return False
    if Desk.encryption.needs_encrypting(path):
        dialog = EncryptDialog(path, parent)
        dialog.start()
        dialog.exec()
        if isinstance(dialog.outcome, BaseException):
            if not isinstance(dialog.outcome, Desk.encryption.ConversionCancelled):
                _tell_failure(dialog.outcome, parent)
            return False
    return True


def _tell_failure(err: BaseException, parent: QWidget | None) -> None:
    """The encryption failed (a full disk, a copy that did not match): the plain file is as
    it was; say so plainly and stop, never start on a half-done file."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    from ui.errors import friendly_message

    logging.getLogger("relocdesk").error("encrypting the database failed", exc_info=err)
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("EncryptDialog", "Encrypting the community data"),
        friendly_message(err),
    )
