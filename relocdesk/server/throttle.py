"""The enrollment throttle: at most ``LIMIT`` wrong passwords per account and per address in
``WINDOW`` seconds; past that, every attempt is refused (the right password too) until the
oldest failure leaves the window.

Failures live in the database, not in a process's memory, so they hold across the worker
processes of one server and across a restart. Nothing of the password is kept.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from relocdesk.server.database import Database
from relocdesk.sync.protocol import SyncError

LIMIT = 10
WINDOW = 15 * 60.0

log = logging.getLogger("relocdesk.server.auth")


class Throttled(SyncError):
    """429 with the seconds after which trying again makes sense."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            "throttled",
            f"密码错误次数过多，请 {minutes} 分钟后再试",
            f"too many wrong passwords; try again in {minutes} minutes",
            status=429,
        )
        self.retry_after = retry_after


class LoginThrottle(Database):
    """Counts wrong passwords; ``clock`` is the wall clock (a test moves it forward)."""

    clock: Callable[[], float] = staticmethod(time.time)

    def check_throttle(self, user: str, address: str) -> None:
        """Raise ``Throttled`` when the account or the address is over the limit."""
        from sqlalchemy import func, select

        f = self.t_login_failure
        since = self.clock() - WINDOW
        oldest: list[float] = []
        with self.read() as conn:
            for column, value in ((f.c.user_name, user[:200]), (f.c.address, address[:64])):
                n, first = conn.execute(
                    select(func.count(), func.min(f.c.at)).where(column == value, f.c.at > since)
                ).one()
                if n >= LIMIT:
                    # Under the limit again once enough of the oldest failures leave the window.
                    at = conn.execute(
                        select(f.c.at)
                        .where(column == value, f.c.at > since)
                        .order_by(f.c.at)
                        .offset(n - LIMIT)
                        .limit(1)
                    ).scalar_one()
                    oldest.append(float(at if at is not None else first))
        if oldest:
            wait = max(oldest) + WINDOW - self.clock()
            raise Throttled(max(1, math.ceil(wait)))

    def record_failure(self, user: str, address: str) -> None:
        f = self.t_login_failure
        at = self.clock()
        with self.write() as conn:
            conn.execute(f.insert().values(user_name=user[:200], address=address[:64], at=at))
            # Old failures count for nothing: drop them on the way.
            conn.execute(f.delete().where(f.c.at < at - 2 * WINDOW))
        log.warning("enrollment refused: wrong password for account %r from %s", user[:64], address)
