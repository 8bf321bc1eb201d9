"""The device token in the OS keyring, and nowhere else.

One token per server and device. Where the keyring has no usable backend (a headless Linux
picks ``keyring.backends.fail.Keyring``; ``keyring --disable`` chooses the null one, which
keeps nothing), every call raises ``KeystoreUnavailable`` with a plain message: the token is
never written to a file instead.
"""

from __future__ import annotations

from relocdesk.validation import ValidationError

SERVICE = "RelocDesk county server"


class KeystoreUnavailable(ValidationError):
    def __init__(self, detail: str = "") -> None:
        zh = (
            "本机没有可用的系统密钥库（keyring），无法安全保存设备授权；"
            "请安装或启用系统密钥库后重试"
        )
        en = (
            "no system keyring is available on this computer, so the device token cannot be"
            " stored safely; install or unlock a system keyring and try again"
        )
        if detail:
            zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
        super().__init__("keyring", "keyring_unavailable", zh, en)
        self.zh, self.en = zh, en


def _account(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}|{device_id}"


def _backend() -> object:
    import keyring
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    # fail: no backend at all; null: a keyring switched off (``keyring --disable``), which
    # takes every item and keeps none. Either way the passphrase keeps the key.
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise KeystoreUnavailable()
    if getattr(backend, "priority", 0) < 1 and not _chosen():
        # keyring falls back by itself to keyrings.alt's file keyrings when they are
        # installed: a plain file beside the data is no safe place for a key or a token.
        raise KeystoreUnavailable(type(backend).__name__)
    return backend


def _chosen() -> bool:
    """A backend named by the person (PYTHON_KEYRING_BACKEND or keyringrc.cfg) is used even
    when keyring would not pick it by itself."""
    import os

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    from keyring import core

    try:
        return core.load_config() is not None
    except Exception:  # a broken config file names nothing usable
        return False


def check() -> None:
    """Raise ``KeystoreUnavailable`` unless a token could be stored."""
    _backend()


def get_token(server_url: str, device_id: str) -> str | None:
    backend = _backend()
    try:
        value = backend.get_password(SERVICE, _account(server_url, device_id))  # type: ignore[attr-defined]
    except Exception as e:  # KeyringError, or the OS's own (a Windows policy's refusal)
        raise KeystoreUnavailable(type(e).__name__) from e
    return None if value is None else str(value)


def set_token(server_url: str, device_id: str, token: str) -> None:
    backend = _backend()
    try:
        backend.set_password(SERVICE, _account(server_url, device_id), token)  # type: ignore[attr-defined]
    except Exception as e:  # KeyringError, or the OS's own (a Windows policy's refusal)
        raise KeystoreUnavailable(type(e).__name__) from e


def delete_token(server_url: str, device_id: str) -> None:
    from keyring.errors import PasswordDeleteError

    backend = _backend()
    try:
        backend.delete_password(SERVICE, _account(server_url, device_id))  # type: ignore[attr-defined]
    except PasswordDeleteError:
        return
    except Exception as e:  # KeyringError, or the OS's own (a Windows policy's refusal)
        raise KeystoreUnavailable(type(e).__name__) from e


# The database key of this device (256 random bits, hex), beside the device tokens: one
# keyring item that every community database and backup on this computer is opened with.
DATABASE_KEY_SERVICE = "RelocDesk database"
DATABASE_KEY_ACCOUNT = "device key"


def available() -> bool:
    try:
        _backend()
    except KeystoreUnavailable:
        return False
    return True


def get_database_key() -> str | None:
    backend = _backend()
    try:
        value = backend.get_password(DATABASE_KEY_SERVICE, DATABASE_KEY_ACCOUNT)  # type: ignore[attr-defined]
    except Exception as e:  # KeyringError, or the OS's own (a Windows policy's refusal)
        raise KeystoreUnavailable(type(e).__name__) from e
    return None if value is None else str(value)


def set_database_key(value: str) -> None:
    backend = _backend()
    try:
        backend.set_password(DATABASE_KEY_SERVICE, DATABASE_KEY_ACCOUNT, value)  # type: ignore[attr-defined]
    except Exception as e:  # KeyringError, or the OS's own (a Windows policy's refusal)
        raise KeystoreUnavailable(type(e).__name__) from e
