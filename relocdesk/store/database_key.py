"""The key every community database of this computer is encrypted with.

256 random bits, made at first start. Where the OS has a keyring it keeps the key (through
``relocdesk.keystore``, beside the device token). Where it has none (a headless Linux, a
Windows whose policy forbids it) the key is wrapped by a passphrase the person sets at first
start and types at each start: a file beside the data holds the scrypt salt, the key XORed
with scrypt's first 32 bytes and an HMAC-SHA256 (keyed with scrypt's last 32 bytes) that tells
a wrong passphrase from a right one. A fresh salt at each wrapping makes the XOR pad single-use.

Once unlocked the key is held in this process only, so the app's several connections and a
sync run do not ask again; ``forget`` drops it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from relocdesk import keystore
from relocdesk.store.cipher import KEY_BYTES
from relocdesk.validation import ValidationError

KEY_FILE_ENV = "RELOCDESK_KEY_FILE"
KEY_FILE_NAME = "database-key.json"
FORMAT = "relocdesk-key/1"
MIN_PASSPHRASE = 8
# Where a computer has no keyring and no one to type (a kiosk start, a script), the
# passphrase may come from this variable: never from a command line, which every user can read.
PASSPHRASE_ENV = "RELOCDESK_PASSPHRASE"
# ~64 MiB and a fraction of a second on an old laptop, once per start; stored in the file so
# a later version can raise them without locking anyone out.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1


class KeyState(Enum):
    UNLOCKED = "unlocked"  # held in this process
    KEYRING = "keyring"  # the OS keyring has it (or will make it): nothing to ask
    LOCKED = "locked"  # a passphrase-wrapped key exists: ask for the passphrase
    NEW_PASSPHRASE = "new_passphrase"  # no keyring, no key yet: ask to set a passphrase


class PassphraseNeeded(ValidationError):
    def __init__(self, *, new: bool) -> None:
        if new:
            zh = "本机没有系统密钥库：请设置一个口令来保护社区数据（至少 8 个字符）"
            en = (
                "this computer has no system keyring: set a passphrase to protect the"
                " community data (at least 8 characters)"
            )
        else:
            zh = "社区数据已加密：请输入口令"
            en = "the community data is encrypted: enter the passphrase"
        super().__init__("passphrase", "passphrase_needed", zh, en)
        self.new = new


class WrongPassphrase(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "passphrase",
            "wrong_passphrase",
            "口令不正确，请重新输入",
            "the passphrase is not correct; type it again",
        )


@dataclass(frozen=True)
class _Wrapped:
    salt: bytes
    wrapped: bytes
    mac: bytes
    n: int
    r: int
    p: int


_held: bytes | None = None


def key_file() -> Path:
    env = os.environ.get(KEY_FILE_ENV)
    if env:
        return Path(env)
    from relocdesk.places import default_data_dir

    return default_data_dir() / KEY_FILE_NAME


def state() -> KeyState:
    """Where the key is, the keyring's looked at (and the key made there at a first start):
    a keyring that cannot keep it is as good as none, and the passphrase keeps it."""
    if _held is not None:
        return KeyState.UNLOCKED
    if key_file().exists():
        return KeyState.LOCKED
    if _from_keyring() is not None:
        return KeyState.KEYRING
    return KeyState.NEW_PASSPHRASE


def database_key() -> bytes:
    """The key, from this process, the keyring (made there at first start) or raise
    ``PassphraseNeeded`` for ``unlock`` / ``create``."""
    if _held is not None:
        return _held
    if key_file().exists():
        raise PassphraseNeeded(new=False)
    key = _from_keyring()
    if key is None:
        raise PassphraseNeeded(new=True)
    return key


def _from_keyring() -> bytes | None:
    """The key the keyring keeps, made and put there at a first start, and held; None where
    the keyring cannot keep it: none at all, switched off, refusing by a Windows policy, or
    taking the key and keeping nothing (that one would have lost every file made with it,
    so the key must read back before it is used)."""
    global _held
    if not keystore.available():
        return None
    try:
        stored = keystore.get_database_key()
        if stored is None:
            key = secrets.token_bytes(KEY_BYTES)
            keystore.set_database_key(key.hex())
            stored = keystore.get_database_key()
            if stored != key.hex():
                return None
    except keystore.KeystoreUnavailable:
        return None
    _held = bytes.fromhex(stored)
    return _held


def create(passphrase: str) -> bytes:
    """First start without a keyring: a new key, wrapped by ``passphrase``, held."""
    global _held
    check_passphrase(passphrase)
    path = key_file()
    if path.exists():
        raise ValidationError(
            "passphrase",
            "key_exists",
            "本机已设置过口令，请输入原来的口令",
            "a passphrase was already set on this computer; enter that one",
        )
    key = secrets.token_bytes(KEY_BYTES)
    _write(path, _wrap(key, passphrase))
    _held = key
    return key


def unlock(passphrase: str) -> bytes:
    """The wrapped key opened with ``passphrase`` and held; ``WrongPassphrase`` if it does not."""
    global _held
    wrapped = _read(key_file())
    pad, mac_key = _derive(passphrase, wrapped.salt, wrapped.n, wrapped.r, wrapped.p)
    expected = hmac.new(mac_key, wrapped.wrapped, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, wrapped.mac):
        raise WrongPassphrase()
    _held = bytes(a ^ b for a, b in zip(wrapped.wrapped, pad, strict=True))
    return _held


def change_passphrase(old: str, new: str) -> None:
    key = unlock(old)
    check_passphrase(new)
    _write(key_file(), _wrap(key, new))


def forget() -> None:
    """Drop the key held by this process (the next open asks the keyring or a passphrase)."""
    global _held
    _held = None


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            "passphrase",
            "too_short",
            f"口令太短：至少需要 {MIN_PASSPHRASE} 个字符",
            f"the passphrase is too short: it needs at least {MIN_PASSPHRASE} characters",
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    out = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=64
    )
    return out[:KEY_BYTES], out[KEY_BYTES:]


def _wrap(key: bytes, passphrase: str) -> _Wrapped:
    salt = secrets.token_bytes(16)
    pad, mac_key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = bytes(a ^ b for a, b in zip(key, pad, strict=True))
    mac = hmac.new(mac_key, wrapped, hashlib.sha256).digest()
    return _Wrapped(salt, wrapped, mac, SCRYPT_N, SCRYPT_R, SCRYPT_P)


def _write(path: Path, w: _Wrapped) -> None:
    body = {
        "format": FORMAT,
        "kdf": "scrypt",
        "n": w.n,
        "r": w.r,
        "p": w.p,
        "salt": w.salt.hex(),
        "wrapped_key": w.wrapped.hex(),
        "mac": w.mac.hex(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a crash mid-write must not leave a half key file.
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(json.dumps(body, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _read(path: Path) -> _Wrapped:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != FORMAT or body.get("kdf") != "scrypt":
            raise ValueError(body.get("format"))
        return _Wrapped(
            bytes.fromhex(body["salt"]),
            bytes.fromhex(body["wrapped_key"]),
            bytes.fromhex(body["mac"]),
            int(body["n"]),
            int(body["r"]),
            int(body["p"]),
        )
    except FileNotFoundError:
        raise PassphraseNeeded(new=True) from None
    except (ValueError, KeyError, TypeError) as e:
        raise ValidationError(
            "passphrase",
            "key_file_damaged",
            f"密钥文件已损坏：{path}",
            f"the key file is damaged: {path}",
        ) from e
