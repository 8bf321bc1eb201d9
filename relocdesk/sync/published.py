"""The county's published thresholds on a device.

The server sends the community's county's thresholds on the last page of every pull
(``"published"``: ``{"INC-01.line": "8000", ...}``); the device keeps them in
``county_param`` (store migration 0010), replaced whole, so a threshold the county
withdraws goes too. A server too old to send them says nothing, and what the device holds
stays. Monitoring applies them over the catalogue's values and the device's own settings
(``relocdesk.monitoring.tables.effective_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relocdesk.sync.local import LocalDesk

TABLE = "county_param"


def held(desk: LocalDesk) -> dict[str, str]:
    return {str(k): str(v) for k, v in desk.conn.execute(f"SELECT key, value FROM {TABLE}")}


def store(desk: LocalDesk, published: Mapping[str, Any] | None) -> bool:
    """Keep what the server published; whether anything changed."""
    if published is None:
        return False
    wanted = {str(k): str(v) for k, v in published.items()}
    if wanted == held(desk):
        return False
    with desk.transaction():
        desk.conn.execute(f"DELETE FROM {TABLE}")
        desk.conn.executemany(
            f"INSERT INTO {TABLE} (key, value) VALUES (?, ?)", sorted(wanted.items())
        )
    return True
