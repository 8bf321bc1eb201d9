"""Where this device's token for a county server is kept.

In the OS keyring when there is one. A computer without a keyring (a headless Linux, a
Windows whose policy forbids it) keeps it in the community database's local settings
instead: never synced, and encrypted with everything else in the file under the database key
that the person's passphrase unwraps. Either way the token is never in a plain file.
"""

from __future__ import annotations

from typing import Protocol

from relocdesk import keystore

SETTING = "device_token"


class _Settings(Protocol):
    device_id: str

    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...


def _setting(url: str) -> str:
    return f"{SETTING}|{url.rstrip('/')}"


def keep(desk: _Settings, url: str, token: str) -> None:
    if keystore.available() and _kept_in_keyring(url, desk.device_id, token):
        if desk.setting(_setting(url)) is not None:
            desk.set_setting(_setting(url), None)  # one place only: the keyring
        return
    desk.set_setting(_setting(url), token)


def _kept_in_keyring(url: str, device_id: str, token: str) -> bool:
    """Whether the keyring took the token and gives it back: one refusing by a Windows
    policy, or keeping nothing, leaves it to the database (encrypted, as without one)."""
    try:
        keystore.set_token(url, device_id, token)
        return keystore.get_token(url, device_id) == token
    except keystore.KeystoreUnavailable:
        return False


def read(desk: _Settings, url: str) -> str | None:
    if keystore.available():
        token = keystore.get_token(url, desk.device_id)
        if token:
            return token
    return desk.setting(_setting(url))
