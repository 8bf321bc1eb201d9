"""The administrator's work on users: list, disable and enable, reset a password, change a
role. A disabled user's devices are revoked at once and the user enrolls no new one;
a role change revokes the user's devices too, since each token carries the role it was
issued for."""

from __future__ import annotations

from typing import Any

from relocdesk import roles
from relocdesk.server.accounts import forgets_tokens
from relocdesk.server.database import Database, now
from relocdesk.server.passwords import check_policy, hash_password


class Users(Database):
    def list_users(self) -> list[dict[str, Any]]:
        """Name, community, role, disabled since, active devices and when one was last seen."""
        from sqlalchemy import func, select

        u, d = self.t_user, self.t_device
        active = (
            select(
                d.c.user_name,
                func.count().label("devices"),
                func.max(d.c.last_seen).label("last_seen"),
            )
            .where(d.c.revoked_at.is_(None))
            .group_by(d.c.user_name)
            .subquery()
        )
        q = (
            select(
                u.c.name,
                u.c.community_id,
                u.c.role,
                u.c.disabled_at,
                func.coalesce(active.c.devices, 0).label("devices"),
                active.c.last_seen,
            )
            .select_from(u.outerjoin(active, active.c.user_name == u.c.name))
            .order_by(u.c.name)
        )
        with self.read() as conn:
            return [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(q)]

    @forgets_tokens
    def disable_user(self, name: str) -> int:
        """Disable the user and revoke every device of theirs; the number revoked."""
        with self.write() as conn:
            self._user(conn, name)
            conn.execute(
                self.t_user.update()
                .where(self.t_user.c.name == name, self.t_user.c.disabled_at.is_(None))
                .values(disabled_at=now())
            )
            return self._revoke_all(conn, name)

    def enable_user(self, name: str) -> None:
        with self.write() as conn:
            self._user(conn, name)
            conn.execute(
                self.t_user.update().where(self.t_user.c.name == name).values(disabled_at=None)
            )

    @forgets_tokens
    def reset_password(self, name: str, password: str, *, revoke_devices: bool = False) -> int:
        """A new password (meeting the policy); with ``revoke_devices`` (a leaked password)
        the user's devices are revoked too. The number revoked."""
        check_policy(name, password)
        hashed = hash_password(password)
        with self.write() as conn:
            self._user(conn, name)
            conn.execute(
                self.t_user.update().where(self.t_user.c.name == name).values(password_hash=hashed)
            )
            return self._revoke_all(conn, name) if revoke_devices else 0

    @forgets_tokens
    def set_role(self, name: str, role: str) -> int:
        """The user's new role; their devices are revoked (a token carries its role) and
        enroll again. The number revoked."""
        if role not in roles.ROLES:
            raise ValueError(f"角色应为 / role must be one of {', '.join(roles.ROLES)}")
        with self.write() as conn:
            self._user(conn, name)
            conn.execute(self.t_user.update().where(self.t_user.c.name == name).values(role=role))
            return self._revoke_all(conn, name)

    def _user(self, conn: Any, name: str) -> Any:
        found = conn.execute(self.t_user.select().where(self.t_user.c.name == name)).first()
        if found is None:
            raise LookupError(f"没有此用户 / no user {name}")
        return found

    def _revoke_all(self, conn: Any, name: str) -> int:
        d = self.t_device
        res = conn.execute(
            d.update()
            .where(d.c.user_name == name, d.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )
        return int(res.rowcount)
