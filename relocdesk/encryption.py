"""What has to happen before a community database can be opened: its key, and the one-time
encryption of a database from before encryption. The façade hands this out as
``Desk.encryption`` so the start-up screens (the passphrase dialog, the progress of the first
encryption) reach it without importing the store.
"""

from __future__ import annotations

import os
from pathlib import Path

from relocdesk.store import conversion, database_key
from relocdesk.store.conversion import Cancel, ConversionCancelled, Fingerprint, Progress
from relocdesk.store.database_key import KeyState, PassphraseNeeded, WrongPassphrase
from relocdesk.validation import ValidationError

__all__ = [
    "ConversionCancelled",
    "Encryption",
    "Fingerprint",
    "KeyState",
    "PassphraseNeeded",
    "WrongPassphrase",
]


class Encryption:
    """The device's database key and the first encryption of a plain file."""

    KeyState = KeyState
    PassphraseNeeded = PassphraseNeeded
    WrongPassphrase = WrongPassphrase
    ConversionCancelled = ConversionCancelled
    MIN_PASSPHRASE = database_key.MIN_PASSPHRASE

    @staticmethod
    def state() -> database_key.KeyState:
        """UNLOCKED / KEYRING: nothing to ask; LOCKED: ask the passphrase; NEW_PASSPHRASE: ask
        the person to set one (no keyring on this computer)."""
        return database_key.state()

    @staticmethod
    def unlock(passphrase: str) -> None:
        database_key.unlock(passphrase)

    @staticmethod
    def set_passphrase(passphrase: str) -> None:
        database_key.create(passphrase)

    @staticmethod
    def unlock_from_environment() -> bool:
        """With ``RELOCDESK_PASSPHRASE`` set, unlock (or, at first start, set) the key from it
        without asking; False when it is not set, too short or not the right one (ask then)."""
        passphrase = os.environ.get(database_key.PASSPHRASE_ENV, "")
        state = database_key.state()
        if not passphrase or state not in (KeyState.LOCKED, KeyState.NEW_PASSPHRASE):
            return False
        try:
            if state is KeyState.LOCKED:
                database_key.unlock(passphrase)
            else:
                database_key.create(passphrase)
        except ValidationError:  # too short, or not this computer's: ask in the dialog
            return False
        return True

    @staticmethod
    def check_passphrase(passphrase: str) -> None:
        database_key.check_passphrase(passphrase)

    @staticmethod
    def needs_encrypting(path: Path) -> bool:
        """A plain file, or one of the old cipher settings (both converted with progress)."""
        return conversion.needs_conversion(path, database_key.database_key())

    @staticmethod
    def encrypt(
        path: Path, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> Fingerprint:
        """Encrypt a plain database in place (verified: counts and digest equal); raises
        ``ConversionCancelled`` with the file unchanged."""
        return conversion.encrypt_in_place(
            path, database_key.database_key(), progress=progress, cancel=cancel
        )
