"""The server's accounts: communities, users and their passwords, device tokens.

A password is checked once, at enrollment, against its scrypt hash; the device then holds a
revocable token, of which the server keeps only a hash and checks it on every request.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from relocdesk import hlc, roles
from relocdesk.server import checks
from relocdesk.server.database import now
from relocdesk.server.passwords import (
    check_password,
    checked_user_name,
    dummy_hash,
    hash_password,
    needs_rehash,
)
from relocdesk.server.throttle import LoginThrottle
from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError
from relocdesk.typed import as_meant, breaks_a_line


@dataclass(frozen=True)
class Device:
    """The asker of a request, as its token names it: its community and role bound every
    push and pull."""

    id: str
    device_id: str
    user: str
    community_id: str
    role: str
    # A scoped account's building-head row (``admin set-building-head``); None: unbound.
    building_head_id: str | None = None


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and keeps each request cheap.
    return hashlib.sha256(token.encode()).hexdigest()


if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["Accounts", "Device", "check_password", "hash_password", "token_hash"]

# The PostgreSQL advisory lock that making a community holds, so that two commands making
# one name at once take turns at the namesake check (any number no other lock uses).
_MAKING_LOCK = 0x5244434F4D4D55  # "RDCOMMU"
DEVICE_CAP = 3  # active devices per user; a fourth needs one revoked first
LAST_SEEN_EVERY = 60.0  # seconds: ``last_seen`` is written at most this often per device
# A checked token is trusted this many seconds without a look at the database: a device's
# sync makes three or four requests in a row. A change made through this process (revoke,
# disable, new role or scope) forgets every checked token at once; one made by another
# server process or admin command takes effect within this time.
TOKEN_TTL = 2.0
_MAX_TOKENS = 20_000
_checked: dict[tuple[str, str], tuple[float, Device]] = {}
_checked_guard = threading.Lock()
F = TypeVar("F", bound=Callable[..., Any])


def forget_tokens() -> None:
    with _checked_guard:
        _checked.clear()


def forgets_tokens(method: F) -> F:
    """After ``method`` (an account change, committed when it returns), no token is
    trusted on what was checked before it."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        finally:
            forget_tokens()

    return wrapper  # type: ignore[return-value]


class Accounts(LoginThrottle):
    """Communities, users and device tokens (the administration commands and enrollment)."""

    def create_community(
        self,
        name: str,
        community_id: str | None = None,
        *,
        refuse_namesakes: bool = False,
        **fields: Any,
    ) -> str:
        """A new community, its id returned. ``refuse_namesakes``: ValueError when a live
        community of this name is in the same county and township, checked in the same
        transaction that makes it, so two commands run at once make one."""
        name = name.strip()
        if not name or len(name) > 100:
            raise ValueError(
                f"社区名称应为 1 到 100 个字：{name!r} / a community's name is 1 to 100"
                f" characters, not {name!r}"
            )
        if breaks_a_line(name):
            raise ValueError(
                f"社区名称中有换行、制表符或看不见的控制字符：{name!r}，请重新输入 / a community's"
                f" name holds a line break, a tab or an invisible control character: {name!r};"
                " type it again"
            )
        if community_id is not None and not checks.is_id(community_id):
            # Its devices push the community's row under this id: one the checks refuse
            # would leave that row unchangeable (and PostgreSQL holds 64 characters).
            raise ValueError(
                f"--id 应为设备数据库的社区编号（1 到 64 个字母、数字或 _ . : -）：{community_id!r}"
                f" / --id must be a device database's community id (1 to 64 letters, digits"
                f" or _ . : -), not {community_id!r}"
            )
        cid = community_id or str(uuid.uuid4())
        stamp = hlc.make(int(time.time() * 1000), 0, "server")
        data = {"name": name, **_places(fields)}
        from sqlalchemy import text

        with self.write() as conn:
            if self.is_postgres:  # SQLite's writers already take turns (BEGIN IMMEDIATE)
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MAKING_LOCK})
            if refuse_namesakes and (
                same := self._namesakes(conn, name, data.get("county"), data.get("township"))
            ):
                raise ValueError(
                    f"已有同名社区“{name}”（id {same[0]}）：如是同一个社区，请直接用它；"
                    "如确是另一个，请用 --township 区分 / a community named"
                    f" {name!r} exists already (id {same[0]}): if it is this one, use it;"
                    " if it is another, tell them apart with --township"
                )
            there = conn.execute(
                self.t_community.select().where(self.t_community.c.id == cid)
            ).first()
            if there is not None:
                raise ValueError(
                    f"已有此 id 的社区（{there.name}）：{cid} / a community with this id exists"
                    f" already ({there.name}): {cid}"
                )
            conn.execute(
                self.t_community.insert().values(
                    id=cid,
                    name=name,
                    seq=1,
                    n_rows=1,
                    created_at=now(),
                    digest=protocol.row_hash("community", cid, stamp, 0),
                )
            )
            conn.execute(
                self.t_row.insert().values(
                    tbl="community",
                    row_id=cid,
                    community_id=cid,
                    seq=1,
                    created_at=stamp,
                    deleted=0,
                    data=orjson.dumps(data).decode(),
                    clocks="{}",
                )
            )
        return cid

    def _namesakes(
        self, conn: Connection, name: str, county: str | None, township: str | None
    ) -> list[str]:
        """The live communities of this name in this county and township (as their rows
        say; a part not given matches any): the id of each."""
        r = self.t_row
        rows = conn.execute(r.select().where(r.c.tbl == "community", r.c.deleted == 0)).all()
        found = []
        for row in rows:
            data = orjson.loads(row.data)
            if data.get("name") != name.strip():
                continue
            if county is not None and data.get("county") != county:
                continue
            if township is None or data.get("township") == township:
                found.append(str(row.row_id))
        return found

    def create_user(self, name: str, password: str, role: str, community_id: str) -> None:
        name = checked_user_name(name)
        if role not in roles.ROLES:
            raise ValueError(f"角色应为 / role must be one of {', '.join(roles.ROLES)}")
        with self.write() as conn:
            found = conn.execute(
                self.t_community.select().where(self.t_community.c.id == community_id)
            ).first()
            if found is None:
                raise LookupError(f"没有此社区 / no community {community_id}")
            taken = conn.execute(self.t_user.select().where(self.t_user.c.name == name)).first()
            if taken is not None:
                raise ValueError(f"用户名已存在 / user name already taken: {name}")
            conn.execute(
                self.t_user.insert().values(
                    name=name,
                    community_id=community_id,
                    role=role,
                    password_hash=hash_password(password),
                    created_at=now(),
                )
            )

    @forgets_tokens
    def set_building_head(self, user: str, building_head_id: str | None) -> None:
        """Bind a building-head account to its ``building_head`` row (synced from the
        devices): the server gives it that head's buildings only. None unbinds it."""
        from sqlalchemy import select

        u, r = self.t_user, self.t_row
        with self.write() as conn:
            found = conn.execute(select(u.c.role, u.c.community_id).where(u.c.name == user)).first()
            if found is None:
                raise LookupError(f"没有此用户 / no user {user}")
            if found.role not in roles.SCOPED:
                raise ValueError(
                    f"用户 {user} 的角色是 {found.role}，不是楼栋长 /"
                    f" user {user} has role {found.role}, not building_head"
                )
            if building_head_id is not None:
                row = conn.execute(
                    select(r.c.community_id).where(
                        r.c.tbl == "building_head", r.c.row_id == building_head_id
                    )
                ).first()
                if row is None or row.community_id != found.community_id:
                    raise LookupError(
                        f"此用户的社区没有楼栋长记录 {building_head_id}（请先从设备同步）/"
                        f" no building-head record {building_head_id} in the user's community"
                        " (sync it from a device first)"
                    )
            conn.execute(
                u.update().where(u.c.name == user).values(building_head_id=building_head_id)
            )

    def list_devices(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            rows = conn.execute(self.t_device.select().order_by(self.t_device.c.created_at))
            return [{str(k): v for k, v in r._mapping.items() if k != "token_hash"} for r in rows]

    @forgets_tokens
    def revoke_device(self, device_key: str) -> int:
        """Revoke by the server's device record id or the device's own id."""
        d = self.t_device
        with self.write() as conn:
            res = conn.execute(
                d.update()
                .where((d.c.id == device_key) | (d.c.device_id == device_key))
                .where(d.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            return int(res.rowcount)

    def communities(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            return [
                {str(k): v for k, v in r._mapping.items()}
                for r in conn.execute(self.t_community.select())
            ]

    # -- enrollment and tokens --------------------------------------------------------------
    device_cap = DEVICE_CAP

    def enroll(
        self, user: str, password: str, device_id: str, device_name: str, address: str = "?"
    ) -> dict[str, Any]:
        """A device token for the right password of an enabled user, within the throttle and
        the device cap. Slow on purpose (scrypt): the app runs it on a small pool of its own."""
        user = as_meant(user).strip()
        self.check_throttle(user, address)
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).first()
        # The same slow hash runs for unknown names: timing tells nothing.
        ok = check_password(password, found.password_hash if found else dummy_hash())
        if found is None or not ok:
            self.record_failure(user, address)
            raise SyncError(
                "bad_credentials", "用户名或密码不正确", "wrong user name or password", status=401
            )
        if found.disabled_at is not None:
            raise SyncError(
                "account_disabled",
                "此账号已停用，请联系县里的管理员",
                "this account is disabled; contact the county's administrator",
                status=403,
            )
        if not found.community_id:
            raise SyncError(
                "county_account",
                "县级账号不登记设备，请在浏览器中登录县级工作台",
                "a county account enrolls no device; sign in to the county's dashboard instead",
                status=403,
            )
        self._make_room(user, device_id)
        if needs_rehash(found.password_hash):
            self._set_hash(user, hash_password(password))
        return self.issue_token(user, device_id, device_name)

    def _set_hash(self, user: str, hashed: str) -> None:
        u = self.t_user
        with self.write() as conn:
            conn.execute(u.update().where(u.c.name == user).values(password_hash=hashed))

    @forgets_tokens
    def _make_room(self, user: str, device_id: str) -> None:
        """The device's own earlier token goes (enrolling again replaces it); past the cap
        the enrollment is refused."""
        from sqlalchemy import func, select

        d = self.t_device
        active = (d.c.user_name == user) & d.c.revoked_at.is_(None)
        mine = d.c.device_id == device_id[:64]
        with self.write() as conn:
            # Two enrollments of one user at once count one after the other (SQLite's
            # writers are serial already).
            u = self.t_user
            conn.execute(select(u.c.name).where(u.c.name == user).with_for_update())
            n = conn.execute(select(func.count()).where(active, ~mine)).scalar_one()
            if n >= self.device_cap:
                raise SyncError(
                    "device_limit",
                    f"此账号已登记 {n} 台设备（上限 {self.device_cap}），请管理员先撤销一台",
                    f"this account already has {n} devices (the limit is {self.device_cap});"
                    " ask the administrator to revoke one first",
                    status=403,
                )
            conn.execute(d.update().where(active, mine).values(revoked_at=now()))

    def issue_token(self, user: str, device_id: str, device_name: str = "") -> dict[str, Any]:
        """A new device token for a user whose password was checked (or by an administrator)."""
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).one()
        token = "rd1." + secrets.token_urlsafe(32)
        record = str(uuid.uuid4())
        with self.write() as conn:
            conn.execute(
                self.t_device.insert().values(
                    id=record,
                    device_id=device_id[:64],
                    device_name=device_name[:200],
                    user_name=user,
                    community_id=found.community_id,
                    role=found.role,
                    token_hash=token_hash(token),
                    created_at=now(),
                )
            )
            name = (
                conn.execute(
                    self.t_community.select().where(self.t_community.c.id == found.community_id)
                )
                .one()
                .name
            )
        return {
            "token": token,
            "device": record,
            "community_id": found.community_id,
            "community_name": name,
            "role": found.role,
            "user": user,
        }

    def checked(self, token: str) -> Device | None:
        """The device of a token checked less than ``TOKEN_TTL`` ago whose ``last_seen`` is
        not due, else None: what ``authenticate`` answers then, without touching the
        database (the HTTP face asks this in its event loop before sending a request's
        check to a worker thread)."""
        hit = _checked.get((self.url, token_hash(token)))
        at = time.monotonic()
        if hit is None or hit[0] <= at or self._seen_due(hit[1].id, at):
            return None
        return hit[1]

    def authenticate(self, token: str) -> Device:
        key = (self.url, token_hash(token))
        at = time.monotonic()
        hit = _checked.get(key)
        if hit is not None and hit[0] > at:
            self._seen(hit[1].id)
            return hit[1]
        found = self._device_of(key[1])
        with _checked_guard:
            if len(_checked) >= _MAX_TOKENS:
                _checked.clear()
            _checked[key] = (at + TOKEN_TTL, found)
        self._seen(found.id)
        return found

    def _device_of(self, hashed: str) -> Device:
        """The active device of a token hash, with its account's scope, in one query."""
        from sqlalchemy import select

        d, u = self.t_device, self.t_user
        query = (
            select(d.c.id, d.c.device_id, d.c.user_name, d.c.community_id, d.c.role)
            .add_columns(d.c.revoked_at, u.c.building_head_id)
            .select_from(d.outerjoin(u, u.c.name == d.c.user_name))
            .where(d.c.token_hash == hashed)
        )
        with self.read() as conn:
            found = conn.execute(query).first()
        if found is None or found.revoked_at is not None:
            raise protocol.unauthorized()
        head = found.building_head_id if found.role in roles.SCOPED else None
        return Device(
            found.id, found.device_id, found.user_name, found.community_id, found.role, head
        )

    def _seen_due(self, record: str, at: float) -> bool:
        seen: dict[str, float] = self.__dict__.setdefault("_last_seen", {})
        return at - seen.get(record, -LAST_SEEN_EVERY) >= LAST_SEEN_EVERY

    def _seen(self, record: str) -> None:
        """``last_seen``, written at most once a minute per device: a write per request would
        put every pull in the writers' queue."""
        at = time.monotonic()
        if not self._seen_due(record, at):
            return
        seen: dict[str, float] = self.__dict__.setdefault("_last_seen", {})
        seen[record] = at
        d = self.t_device
        with self.write() as conn:
            conn.execute(d.update().where(d.c.id == record).values(last_seen=now()))


def _places(fields: dict[str, Any]) -> dict[str, str]:
    """County, township and the like as typed at a prompt: the spaces around them dropped
    (" 惠水县　" is 惠水县, or a second community of the name would not be noticed), blank
    ones left out."""
    return {k: v.strip() for k, v in fields.items() if v is not None and v.strip()}
