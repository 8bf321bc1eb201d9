"""What a signed-in county account may see: the communities of its county, and nothing of
any other. Every page and list asks here first; a community outside the county is answered
as if it did not exist (404), so a guessed id tells nothing."""

from __future__ import annotations

from typing import Any

from relocdesk.server.counties import Counties
from relocdesk.server.web.sessions import WebSession


def communities(storage: Counties, session: WebSession) -> list[dict[str, Any]]:
    """The county's communities (id, name, sequence head), by name."""
    return storage.county_communities(session.county.id)


def community(storage: Counties, session: WebSession, community_id: str) -> dict[str, Any] | None:
    """The community when it belongs to the account's county; None otherwise."""
    for found in communities(storage, session):
        if found["id"] == community_id:
            return found
    return None
