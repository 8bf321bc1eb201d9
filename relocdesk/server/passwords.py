"""Passwords on the county server: the slow hash, its check, and the policy a new one meets.

The hash is scrypt at OWASP's current cost (N=2^17, r=8, p=1: about 128 MB and a few
tenths of a second per hash). Its parameters are stored with it, so hashes made at an
older cost keep verifying after the cost is raised.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from relocdesk.typed import as_meant

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MIN_LENGTH = 10
# Above this a stored hash is not ours: refuse it rather than let it ask for gigabytes.
_MAX_N = 2**20


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # OpenSSL refuses more than 32 MB unless told; scrypt needs 128·r·N bytes and a little.
    maxmem = 128 * r * (n + p + 2) + (1 << 20)
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=maxmem)


def hash_password(password: str) -> str:
    """The hash of the password as meant (``typed.as_meant``: full-width typing is the same)."""
    salt = secrets.token_bytes(16)
    key = _scrypt(as_meant(password), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password``, as meant, is the stored one's; a hash made before passwords were
    taken as meant is also checked against the password exactly as typed."""
    meant = as_meant(password)
    return _matches(meant, stored) or (meant != password and _matches(password, stored))


def _matches(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt" or not 1 < int(n) <= _MAX_N:
            return False
        got = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), key)


def needs_rehash(stored: str) -> bool:
    """A hash made at a lower cost than today's (rewritten once the password is known)."""
    try:
        _, n, r, p, _salt, _key = stored.split("$")
        return (int(n), int(r), int(p)) < (SCRYPT_N, SCRYPT_R, SCRYPT_P)
    except ValueError:
        return False


@functools.cache
def dummy_hash() -> str:
    """A hash no password matches, checked for unknown names so that timing tells nothing;
    made on first use, not on import (it costs as much as an enrollment)."""
    return hash_password(secrets.token_hex(16))


def password_problem(user: str, password: str) -> str | None:
    """Why a new password is refused, in Chinese and English; None when it is acceptable."""
    password = as_meant(password)
    if len(password) < MIN_LENGTH:
        return (
            f"密码太短：至少 {MIN_LENGTH} 个字符 / password too short: at least"
            f" {MIN_LENGTH} characters"
        )
    if password.isdigit():
        return "密码不能全是数字 / password must not be all digits"
    if password.strip().casefold() == user.strip().casefold():
        return "密码不能与用户名相同 / password must not be the user name"
    return None


def check_policy(user: str, password: str) -> None:
    problem = password_problem(user, password)
    if problem is not None:
        raise ValueError(problem)


def checked_user_name(name: str) -> str:
    """A new account's name as it is typed at sign-in: 1 to 64 characters, no space or
    control character in it (a name made with a trailing space could never sign in)."""
    import unicodedata

    s = as_meant(name).strip()
    bad = [c for c in s if c.isspace() or unicodedata.category(c).startswith("C")]
    if not s or len(s) > 64 or bad:
        raise ValueError(
            f"用户名应为 1 到 64 个字符，不含空格和控制字符：{name!r} / a user name is 1 to 64"
            f" characters without spaces or control characters, not {name!r}"
        )
    return s
