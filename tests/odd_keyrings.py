"""Keyrings that exist but cannot keep a key, as some computers have them; named in
``PYTHON_KEYRING_BACKEND`` by tests that run the command line as its own process.

- ``Refusing``: a Windows whose policy forbids storing credentials: every write refused.
- ``Forgetful``: takes every item and keeps none.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordSetError


class Refusing(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the policy of this computer forbids storing credentials")

    def delete_password(self, service: str, username: str) -> None:
        return None


class Forgetful(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None
