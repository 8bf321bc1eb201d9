"""Counties on the server: a county (name, code) owns communities; a county account is bound
to one county, reads every community of it and nothing of another, and writes nothing.

A county account's ``community_id`` is empty: it enrolls no device (a device holds one
community) and signs in to the county's dashboard instead (``county_sign_in``), under the
same throttle as enrollment. User names stay unique across the whole server, county
accounts and community accounts alike.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from relocdesk.server.accounts import Accounts
from relocdesk.server.database import now
from relocdesk.server.passwords import (
    check_password,
    check_policy,
    checked_user_name,
    dummy_hash,
    hash_password,
)
from relocdesk.sync.protocol import SyncError
from relocdesk.typed import as_meant

COUNTY_ROLE = "county"
# Administrative division codes (GB/T 2260) are six digits; a county may use its own short
# code too, so letters, digits, '-' and '_' are taken.
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class County:
    id: str
    code: str
    name: str


@dataclass(frozen=True)
class CountyAccount:
    """A signed-in county user: the county it reads."""

    user: str
    county: County


class Counties(Accounts):
    def create_county(self, code: str, name: str) -> County:
        code, name = code.strip(), name.strip()
        if not _CODE.fullmatch(code):
            raise ValueError(
                f"县代码应为 1-32 位字母、数字、- 或 _ / county code must be 1-32 letters,"
                f" digits, - or _: {code!r}"
            )
        if not name:
            raise ValueError("县名称不能为空 / the county's name is empty")
        county = County(str(uuid.uuid4()), code, name)
        with self.write() as conn:
            taken = conn.execute(self.t_county.select().where(self.t_county.c.code == code)).first()
            if taken is not None:
                raise ValueError(f"县代码已存在 / county code already taken: {code}")
            conn.execute(
                self.t_county.insert().values(id=county.id, code=code, name=name, created_at=now())
            )
        return county

    def county(self, code: str) -> County:
        with self.read() as conn:
            found = conn.execute(self.t_county.select().where(self.t_county.c.code == code)).first()
        if found is None:
            raise LookupError(f"没有此县 / no county with code {code}")
        return County(found.id, found.code, found.name)

    def counties(self) -> list[County]:
        with self.read() as conn:
            rows = conn.execute(self.t_county.select().order_by(self.t_county.c.code)).all()
        return [County(r.id, r.code, r.name) for r in rows]

    def move_community(self, community_id: str, county_code: str) -> County:
        """Put a community under a county (from none or from another county)."""
        county = self.county(county_code)
        c = self.t_community
        with self.write() as conn:
            res = conn.execute(c.update().where(c.c.id == community_id).values(county_id=county.id))
            if not res.rowcount:
                raise LookupError(f"没有此社区 / no community {community_id}")
        return county

    def county_communities(self, county_id: str) -> list[dict[str, Any]]:
        """The county's communities: id, name and sequence head, by name."""
        from sqlalchemy import select

        c = self.t_community
        with self.read() as conn:
            rows = conn.execute(
                select(c.c.id, c.c.name, c.c.seq)
                .where(c.c.county_id == county_id)
                .order_by(c.c.name, c.c.id)
            ).all()
        return [{"id": r.id, "name": r.name, "seq": int(r.seq)} for r in rows]

    def create_county_user(self, name: str, password: str, county_code: str) -> None:
        """A read-only account bound to the county: every community of it, nothing else."""
        name = checked_user_name(name)
        check_policy(name, password)
        county = self.county(county_code)
        with self.write() as conn:
            taken = conn.execute(self.t_user.select().where(self.t_user.c.name == name)).first()
            if taken is not None:
                raise ValueError(f"用户名已存在 / user name already taken: {name}")
            conn.execute(
                self.t_user.insert().values(
                    name=name,
                    community_id="",
                    county_id=county.id,
                    role=COUNTY_ROLE,
                    password_hash=hash_password(password),
                    created_at=now(),
                )
            )

    def county_account(self, user: str) -> CountyAccount | None:
        """The county a user reads, or None for a community account or an unknown name."""
        u, k = self.t_user, self.t_county
        with self.read() as conn:
            found = conn.execute(
                u.select().where(u.c.name == user, u.c.role == COUNTY_ROLE)
            ).first()
            if found is None or not found.county_id or found.disabled_at is not None:
                return None
            county = conn.execute(k.select().where(k.c.id == found.county_id)).first()
        if county is None:
            return None
        return CountyAccount(user, County(county.id, county.code, county.name))

    def county_sign_in(self, user: str, password: str, address: str = "?") -> CountyAccount:
        """The county account for the right password, within the enrollment throttle.
        A community's account is refused with the same answer as a wrong password: the
        sign-in page tells nobody which names exist."""
        user = as_meant(user).strip()
        self.check_throttle(user, address)
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).first()
        ok = check_password(password, found.password_hash if found else dummy_hash())
        account = self.county_account(user) if ok and found is not None else None
        if account is None:
            if not ok or found is None:
                self.record_failure(user, address)
            raise SyncError(
                "bad_credentials",
                "用户名或密码不正确，或此账号不是县级账号",
                "wrong user name or password, or not a county account",
                status=401,
            )
        return account

    def sees_community(self, account: CountyAccount, community_id: str) -> bool:
        """Whether the community belongs to the account's county."""
        from sqlalchemy import select

        c = self.t_community
        with self.read() as conn:
            found = conn.execute(select(c.c.county_id).where(c.c.id == community_id)).first()
        return found is not None and found.county_id == account.county.id
