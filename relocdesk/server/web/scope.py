"""What a signed-in county account may see: the communities of its county, and nothing of
any other. Every page and list asks here first; a community outside the scope is answered
as if it did not exist (404), so a guessed id tells nothing."""

from __future__ import annotations

from typing import Any

from relocdesk.server.database import Database
from relocdesk.server.web.sessions import WebSession


def communities(db: Database, session: WebSession) -> list[dict[str, Any]]:
    """The account's communities (id, name), by name."""
    from sqlalchemy import select

    c = db.t_community
    with db.read() as conn:
        rows = conn.execute(
            select(c.c.id, c.c.name).where(c.c.id == session.community_id).order_by(c.c.name)
        )
        return [{"id": r.id, "name": r.name} for r in rows]


def community(db: Database, session: WebSession, community_id: str) -> dict[str, Any] | None:
    """The community when the account may see it; None otherwise."""
    for found in communities(db, session):
        if found["id"] == community_id:
            return found
    return None
