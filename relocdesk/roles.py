"""What each role may read and write: decided on the server, respected by the device.

- ``secretary`` and ``clerk``: their community, every field. Secretaries own the follow-up;
  clerks fill in permits and cards, which need ID numbers, addresses and statuses.
- ``building_head``: a resident volunteer, not staff. Logs referrals, visits and needs and
  keeps employment up to date, so reads and writes the community — but never health data
  (disability grade, serious illness, severe disability): a neighbour has no need to know.
  Those fields are left out of every row it pulls, and the values of conflicts about them
  are blanked. A write to them is not applied: it becomes a conflict row, so a secretary
  sees the value and may take it over — refused, but not silently lost.
- ``county``: reads the community, writes nothing from a device.

Hidden fields are data only: a row's clocks, and so its version and the community digest,
stay the same for every role, so the count-and-digest check agrees without per-role
digests.

Both ends read this one policy: the server to redact and refuse, the device's screens (through
the façade, ``Desk.hidden_fields``) to show those fields locked. It sits at the top, beside
the catalogue it draws on: not in ``relocdesk.server``, which the device never imports, nor in
``relocdesk.sync``, since it is policy about the community's data rather than the wire, and
the façade reads it without loading the sync engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from relocdesk.catalogue import HEALTH_FIELDS

ROLES = ("secretary", "building_head", "clerk", "county")
# County accounts look at a community's data; they do not edit it from a device.
READ_ONLY_ROLES = frozenset({"county"})

# role -> table -> fields the role may neither read nor write
HIDDEN: Mapping[str, Mapping[str, frozenset[str]]] = {
    "building_head": {"person": HEALTH_FIELDS},
}


def hidden(role: str, tbl: str) -> frozenset[str]:
    return HIDDEN.get(role, {}).get(tbl, frozenset())


def sees_everything(role: str) -> bool:
    return role not in HIDDEN


def redact_state(role: str, state: list[Any]) -> list[Any]:
    """A row state ``[seq, tbl, row_id, created_at, deleted, data, clocks]`` as ``role`` may
    see it. ``data`` is a dict or the stored JSON text."""
    tbl = state[1]
    rules = HIDDEN.get(role, {})
    if tbl == "conflict":
        data = _as_dict(state[5])
        if data.get("field") in rules.get(str(data.get("tbl")), frozenset()):
            data = {**data, "lost_value": None, "won_value": None}
        return [*state[:5], data, state[6]]
    fields = rules.get(tbl, frozenset())
    data = {k: v for k, v in _as_dict(state[5]).items() if k not in fields}
    return [*state[:5], data, state[6]]


def needs_redaction(role: str, tbl: str) -> bool:
    """Whether a row of ``tbl`` must be looked into before ``role`` gets it."""
    rules = HIDDEN.get(role)
    return rules is not None and (tbl == "conflict" or tbl in rules)


def refused(role: str, tbl: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an op that ``role`` may not write."""
    banned = hidden(role, tbl)
    return {k: v for k, v in fields.items() if k in banned} if banned else {}


def _as_dict(data: Any) -> dict[str, Any]:
    if isinstance(data, str | bytes):
        value: dict[str, Any] = orjson.loads(data)
        return value
    return dict(data)
