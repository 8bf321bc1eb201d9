"""The server's accounts: communities, users and their passwords, device tokens.

A password is checked once, at enrollment, against its scrypt hash; the device then holds a
revocable token, of which the server keeps only a hash and checks it on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from relocdesk import hlc, roles
from relocdesk.server.database import Database, now
from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError


@dataclass(frozen=True)
class Device:
    """The asker of a request, as its token names it: its community and role bound every
    push and pull."""

    id: str
    device_id: str
    user: str
    community_id: str
    role: str


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    n, r, p = 2**14, 8, 1
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${key.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, key = stored.split("$")
        got = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), key)


_DUMMY_HASH = hash_password(secrets.token_hex(8))


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and keeps each request cheap.
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts(Database):
    """Communities, users and device tokens (the administration commands and enrollment)."""

    def create_community(self, name: str, community_id: str | None = None, **fields: Any) -> str:
        cid = community_id or str(uuid.uuid4())
        stamp = hlc.make(int(time.time() * 1000), 0, "server")
        data = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
        with self.write() as conn:
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

    def create_user(self, name: str, password: str, role: str, community_id: str) -> None:
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

    def list_devices(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            rows = conn.execute(self.t_device.select().order_by(self.t_device.c.created_at))
            return [{str(k): v for k, v in r._mapping.items() if k != "token_hash"} for r in rows]

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
    def enroll(self, user: str, password: str, device_id: str, device_name: str) -> dict[str, Any]:
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).first()
        # The same slow hash runs for unknown names: timing tells nothing.
        ok = check_password(password, found.password_hash if found else _DUMMY_HASH)
        if found is None or not ok:
            raise SyncError(
                "bad_credentials", "用户名或密码不正确", "wrong user name or password", status=401
            )
        return self.issue_token(user, device_id, device_name)

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

    def authenticate(self, token: str) -> Device:
        d = self.t_device
        with self.read() as conn:
            found = conn.execute(d.select().where(d.c.token_hash == token_hash(token))).first()
        if found is None or found.revoked_at is not None:
            raise protocol.unauthorized()
        return Device(found.id, found.device_id, found.user_name, found.community_id, found.role)
