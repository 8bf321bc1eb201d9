"""The people who use this laptop: their accounts, their PINs and who is signed in now.

Each person signs in with a name and a PIN (four or more digits) or a password, checked
offline against a salted scrypt hash kept in the device database; the PIN itself is never
stored. Accounts are local (never synced). On an enrolled device the county user who
enrolled it becomes the first account, with the role the server gave it.

The signed-in person is the desk's ``actor``: the name every audit row, visit and print is
recorded under. Wrong PINs are throttled per name: after ``FREE_TRIES`` wrong PINs in a row
each further one makes the person wait longer (``FIRST_WAIT_S``, doubling, at most
``LONGEST_WAIT_S``). The count is kept in the file, so restarting the app does not reset it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from relocdesk import enums, roles
from relocdesk.typed import as_meant
from relocdesk.validation import ValidationError

# The device roles of the county server (enums.ROLE) a person at a laptop can have.
ROLES: dict[str, tuple[str, str]] = {
    k: enums.ROLE[k] for k in ("secretary", "clerk", "building_head")
}
# Who may add, disable or reset the PIN of another account.
MANAGES_ACCOUNTS = frozenset({"secretary"})
# A building head is a resident volunteer: the county server sends its own device only the
# households of its buildings, without health data, and that device masks ID numbers. An
# office device holds the whole community in full, so such an account works only on a device
# enrolled with its role.
_OWN_DEVICE_ZH = (
    "楼栋长账号只能在以楼栋长身份登记到县服务器的设备上使用（那台设备只收到其楼栋的住户，"
    "不含健康信息，身份证号码遮盖显示）；本机是社区办公室的设备"
)
_OWN_DEVICE_EN = (
    "a building head's account works only on a device enrolled with the county server as"
    " that building head (it receives only its buildings' households, without health data,"
    " and masks ID numbers); this is an office device"
)

FREE_TRIES = 3
FIRST_WAIT_S = 30
LONGEST_WAIT_S = 3600
MIN_PIN_DIGITS = 4
MIN_PASSWORD_CHARS = 6
LONGEST_NAME = 40
# scrypt at 2**14 x 8: about 16 MB and a few tens of milliseconds per try, which is nothing
# to a person signing in and a great deal to someone guessing from a copied file.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class Actor(Protocol):
    """What the staff service needs of the façade: the connection and who is signed in."""

    conn: sqlite3.Connection
    actor: str

    def setting(self, key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    name: str
    role: str
    county_user: str | None
    created: str
    disabled: str | None

    @property
    def active(self) -> bool:
        return self.disabled is None


class SignInRefused(ValidationError):
    """A sign-in that did not succeed; ``wait_s`` is how long before the next try counts."""

    def __init__(self, code: str, zh: str, en: str, wait_s: float = 0.0) -> None:
        super().__init__("pin", code, zh, en)
        self.wait_s = wait_s


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The hash of the PIN as meant (``typed.as_meant``: １２３４ typed full-width is 1234)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        as_meant(pin).encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin``, as meant, is the stored one; a PIN set before PINs were taken as meant
    is also checked exactly as typed."""
    meant = as_meant(pin)
    return _matches(meant, stored) or (meant != pin and _matches(pin, stored))


def _matches(pin: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            pin.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def check_pin(pin: str) -> str:
    """A PIN of at least four digits, or a password of at least six characters."""
    pin = as_meant(pin)
    if pin.isdigit() and pin.isascii():
        if len(pin) < MIN_PIN_DIGITS:
            raise ValidationError(
                "pin",
                "too_short",
                f"PIN 至少 {MIN_PIN_DIGITS} 位数字",
                f"a PIN needs at least {MIN_PIN_DIGITS} digits",
            )
        if len(set(pin)) == 1:
            raise ValidationError(
                "pin",
                "too_simple",
                "PIN 不能是同一个数字重复（如 1111）",
                "a PIN may not be one digit repeated (such as 1111)",
            )
        return pin
    if len(pin) < MIN_PASSWORD_CHARS:
        raise ValidationError(
            "pin",
            "too_short",
            f"密码至少 {MIN_PASSWORD_CHARS} 个字符（或用至少 {MIN_PIN_DIGITS} 位数字的 PIN）",
            f"a password needs at least {MIN_PASSWORD_CHARS} characters"
            f" (or use a PIN of at least {MIN_PIN_DIGITS} digits)",
        )
    return pin


def staff_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError("name", "required", "姓名不能为空", "the name is required")
    if len(name) > LONGEST_NAME:
        raise ValidationError(
            "name",
            "too_long",
            f"姓名最多 {LONGEST_NAME} 个字",
            f"a name may have at most {LONGEST_NAME} characters",
        )
    return name


def wait_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong PINs in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(FIRST_WAIT_S * 2 ** (failures - FREE_TRIES), LONGEST_WAIT_S))


def say_wait(seconds: float) -> tuple[str, str]:
    s = max(1, round(seconds))
    if s < 120:
        return f"{s} 秒", f"{s} seconds"
    return f"{round(s / 60)} 分钟", f"{round(s / 60)} minutes"


def _utc(now: float) -> str:
    return datetime.datetime.fromtimestamp(now, datetime.UTC).isoformat(timespec="seconds")


def _epoch(text: str) -> float:
    return datetime.datetime.fromisoformat(text).timestamp()


class Staff:
    """The accounts of this device and signing in; handed out as ``desk.staff``."""

    def __init__(self, desk: Actor, clock: Callable[[], float] | None = None) -> None:
        import time

        self.desk = desk
        self.clock = clock or time.time

    @contextmanager
    def _tx(self) -> Iterator[None]:
        # The desk's connection runs in autocommit; two statements that belong together
        # (a new PIN and the end of its throttle) commit together.
        conn = self.desk.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- reading ------------------------------------------------------------------------
    def accounts(self) -> list[StaffMember]:
        rows = self.desk.conn.execute(
            "SELECT id, name, role, county_user, created, disabled FROM staff ORDER BY name"
        )
        return [StaffMember(*tuple(r)) for r in rows]

    def get(self, name: str) -> StaffMember | None:
        row = self.desk.conn.execute(
            "SELECT id, name, role, county_user, created, disabled FROM staff WHERE name = ?",
            (" ".join(name.split()),),
        ).fetchone()
        return StaffMember(*tuple(row)) if row else None

    def has_accounts(self) -> bool:
        """Whether anyone can sign in; until then the first account is made, not signed into."""
        row = self.desk.conn.execute("SELECT 1 FROM staff WHERE disabled IS NULL LIMIT 1")
        return row.fetchone() is not None

    def first_account(self) -> tuple[str, str] | None:
        """The name and role the first account takes on an enrolled device: the county user
        who enrolled it. None when there are accounts already or the device is not enrolled."""
        if self.has_accounts():
            return None
        user = self.desk.setting("sync_user")
        role = self.desk.setting("sync_role") or "secretary"
        if not user:
            return None
        return user, role if role in ROLES else "secretary"

    def signed_in(self) -> StaffMember | None:
        return self.get(self.desk.actor) if self.desk.actor else None

    def fits_device(self, role: str) -> bool:
        """Whether an account of ``role`` may work on this device: a scoped role (a building
        head) only on a device enrolled with that role, every other role anywhere."""
        return role not in roles.SCOPED or self.desk.setting("sync_role") == role

    # -- accounts -----------------------------------------------------------------------
    def add(self, name: str, pin: str, role: str = "secretary") -> StaffMember:
        """A new account. The first one anyone may make; after that only a signed-in
        secretary. On an enrolled device the first account is the enrolling county user."""
        name = staff_name(name)
        if role not in ROLES:
            raise ValidationError(
                "role",
                "unknown",
                f"角色只能是：{'、'.join(zh for zh, _ in ROLES.values())}",
                f"the role must be one of: {', '.join(ROLES)}",
            )
        first = self.first_account()
        county_user = None
        if self.has_accounts():
            self._must_manage()
        elif first is not None:
            if name != first[0]:
                raise ValidationError(
                    "name",
                    "not_enrolled_user",
                    f"本机已登记到县服务器，第一个账号必须是登记用户“{first[0]}”",
                    f"this device is enrolled, so its first account must be the enrolled"
                    f" county user {first[0]!r}",
                )
            role, county_user = first[1], first[0]
        if not self.fits_device(role):
            raise ValidationError("role", "office_device", _OWN_DEVICE_ZH, _OWN_DEVICE_EN)
        check_pin(pin)
        if self.get(name) is not None:
            raise ValidationError(
                "name",
                "exists",
                f"已经有名为“{name}”的账号",
                f"there is already an account {name!r}",
            )
        member = StaffMember(
            secrets.token_hex(8), name, role, county_user, _utc(self.clock()), None
        )
        with self._tx():
            self.desk.conn.execute(
                "INSERT INTO staff (id, name, role, pin_hash, county_user, created, disabled)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (member.id, name, role, hash_pin(pin), county_user, member.created),
            )
        return member

    def change_pin(self, name: str, pin: str) -> None:
        """A person changes their own PIN; a secretary may reset anyone's."""
        member = self._existing(name)
        if self.desk.actor != member.name:
            self._must_manage()
        check_pin(pin)
        with self._tx():
            self.desk.conn.execute(
                "UPDATE staff SET pin_hash = ? WHERE id = ?", (hash_pin(pin), member.id)
            )
            self.desk.conn.execute("DELETE FROM staff_throttle WHERE name = ?", (member.name,))

    def disable(self, name: str) -> None:
        """Someone who left: their account can no longer sign in; their records keep the name."""
        member = self._existing(name)
        self._must_manage()
        if member.name == self.desk.actor:
            raise ValidationError(
                "name",
                "self",
                "不能停用自己正在使用的账号",
                "you cannot disable the account you are signed in with",
            )
        with self._tx():
            self.desk.conn.execute(
                "UPDATE staff SET disabled = ? WHERE id = ?", (_utc(self.clock()), member.id)
            )

    def _existing(self, name: str) -> StaffMember:
        member = self.get(name)
        if member is None:
            raise ValidationError(
                "name", "unknown", f"没有名为“{name}”的账号", f"there is no account {name!r}"
            )
        return member

    def _must_manage(self) -> None:
        me = self.signed_in()
        if me is None or not me.active or me.role not in MANAGES_ACCOUNTS:
            raise ValidationError(
                "name",
                "not_allowed",
                "只有已登录的书记/网格员可以管理账号",
                "only a signed-in secretary may manage accounts",
            )

    # -- signing in ---------------------------------------------------------------------
    def wait_left(self, name: str) -> float:
        """Seconds before a try for ``name`` counts again (0: now)."""
        row = self.desk.conn.execute(
            "SELECT locked_until FROM staff_throttle WHERE name = ?", (" ".join(name.split()),)
        ).fetchone()
        if row is None or row[0] is None:
            return 0.0
        return max(0.0, _epoch(row[0]) - self.clock())

    def sign_in(self, name: str, pin: str) -> StaffMember:
        """Check the PIN offline; on success ``desk.actor`` is this person."""
        name = " ".join(name.split())
        waiting = self.wait_left(name)
        if waiting > 0:
            raise self._wait_refusal(waiting)
        row = self.desk.conn.execute("SELECT pin_hash FROM staff WHERE name = ?", (name,))
        found = row.fetchone()
        if found is None or not pin_matches(pin, found[0]):
            raise self._failed(name)
        member = self._existing(name)
        if not member.active:
            raise SignInRefused(
                "disabled",
                f"账号“{name}”已停用；请找社区书记",
                f"the account {name!r} is disabled; ask the community secretary",
            )
        if not self.fits_device(member.role):  # made before this rule, or enrolled anew
            raise SignInRefused("office_device", _OWN_DEVICE_ZH, _OWN_DEVICE_EN)
        with self._tx():
            self.desk.conn.execute("DELETE FROM staff_throttle WHERE name = ?", (name,))
        self.desk.actor = member.name
        return member

    def check(self, pin: str) -> StaffMember:
        """Unlocking: the PIN of whoever is signed in, throttled the same way."""
        if not self.desk.actor:
            raise SignInRefused("not_signed_in", "没有人登录", "nobody is signed in")
        return self.sign_in(self.desk.actor, pin)

    def sign_out(self) -> None:
        self.desk.actor = ""

    def _failed(self, name: str) -> SignInRefused:
        now = self.clock()
        with self._tx():
            row = self.desk.conn.execute(
                "SELECT failures FROM staff_throttle WHERE name = ?", (name,)
            ).fetchone()
            failures = (row[0] if row else 0) + 1
            wait = wait_after(failures)
            self.desk.conn.execute(
                "INSERT INTO staff_throttle (name, failures, last_failure, locked_until)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                " failures = excluded.failures, last_failure = excluded.last_failure,"
                " locked_until = excluded.locked_until",
                (name, failures, _utc(now), _utc(now + wait) if wait else None),
            )
        if wait:
            zh, en = say_wait(wait)
            return SignInRefused(
                "throttled",
                f"姓名或 PIN 不对。已连续输错 {failures} 次，请 {zh}后再试",
                f"wrong name or PIN. {failures} wrong tries in a row: try again in {en}",
                wait,
            )
        left = FREE_TRIES - failures
        return SignInRefused(
            "wrong_pin",
            f"姓名或 PIN 不对（再错 {left} 次将需要等待）",
            f"wrong name or PIN ({left} more wrong tries and you will have to wait)",
        )

    @staticmethod
    def _wait_refusal(waiting: float) -> SignInRefused:
        zh, en = say_wait(waiting)
        return SignInRefused(
            "throttled",
            f"PIN 输错次数太多，请 {zh}后再试",
            f"too many wrong PINs: try again in {en}",
            waiting,
        )
