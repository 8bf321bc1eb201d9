"""The dashboard's sign-ins: a random token in an HttpOnly cookie, its hash in
``rd_web_session`` with the user, the form token (CSRF) and when it was last used.

A session ends when its user signs out, after ``IDLE`` seconds unused, ``LONGEST`` seconds
after sign-in whatever happens, and at once when the user is disabled or stops being a
county account (checked on every request, not only at sign-in). A county account reads one
county (``relocdesk.server.counties``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from relocdesk.server.accounts import token_hash
from relocdesk.server.counties import COUNTY_ROLE, County
from relocdesk.server.database import Database

IDLE = 30 * 60.0
LONGEST = 12 * 3600.0
TOUCH_EVERY = 60.0  # seen_at is written at most this often: a write per page would queue
COOKIE = "rd_session"


@dataclass(frozen=True)
class WebSession:
    """Who is signed in, the form token every POST must carry, and the county the account
    reads (what of it the account may see is decided by ``scope``)."""

    user: str
    csrf: str
    county: County


class Sessions:
    """Sessions over one server database; ``clock`` is the wall clock (a test moves it)."""

    clock: Callable[[], float] = staticmethod(time.time)

    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self, user: str, address: str) -> tuple[str, WebSession]:
        """A new session for a user whose password was checked: the cookie's token and it."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        at = self.clock()
        s = self.db.t_web_session
        with self.db.write() as conn:
            conn.execute(
                s.insert().values(
                    token_hash=token_hash(token),
                    user_name=user,
                    csrf=csrf,
                    created_at=at,
                    seen_at=at,
                    address=address[:64],
                )
            )
            # Sessions long over go on the way, so the table holds only live ones.
            conn.execute(s.delete().where(s.c.seen_at < at - LONGEST))
        found = self.find(token)
        assert found is not None
        return token, found

    def find(self, token: str) -> WebSession | None:
        """The live session of a cookie's token; None when unknown, expired or when its user
        can no longer use the dashboard."""
        from sqlalchemy import select

        if not token or len(token) > 100:
            return None
        s, u, k = self.db.t_web_session, self.db.t_user, self.db.t_county
        key = token_hash(token)
        with self.db.read() as conn:
            row = conn.execute(
                select(
                    s.c.csrf,
                    s.c.created_at,
                    s.c.seen_at,
                    u.c.name,
                    u.c.role,
                    u.c.disabled_at,
                    k.c.id.label("county_id"),
                    k.c.code,
                    k.c.name.label("county_name"),
                )
                .select_from(
                    s.join(u, u.c.name == s.c.user_name).outerjoin(k, k.c.id == u.c.county_id)
                )
                .where(s.c.token_hash == key)
            ).first()
        at = self.clock()
        if row is None:
            return None
        if (
            at - row.seen_at > IDLE
            or at - row.created_at > LONGEST
            or row.disabled_at is not None
            or row.role != COUNTY_ROLE
            or row.county_id is None
        ):
            self.close(token)
            return None
        if at - row.seen_at > TOUCH_EVERY:
            with self.db.write() as conn:
                conn.execute(s.update().where(s.c.token_hash == key).values(seen_at=at))
        return WebSession(row.name, row.csrf, County(row.county_id, row.code, row.county_name))

    def close(self, token: str) -> None:
        s = self.db.t_web_session
        with self.db.write() as conn:
            conn.execute(s.delete().where(s.c.token_hash == token_hash(token)))

    def close_all(self, user: str) -> int:
        """End every session of a user (a password reset, a leaked laptop); the number."""
        s = self.db.t_web_session
        with self.db.write() as conn:
            return int(conn.execute(s.delete().where(s.c.user_name == user)).rowcount)
