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

Writes follow a per-table policy (``WRITES``): a building head writes households, people,
referrals, visits, needs and their events, trainings, acknowledgements, conflicts and audit
rows, never the community, building or building-head rows; never a need of category medical
or a conflict about a hidden field (health data it may not see). A push with one such op is
refused whole (``WriteRefused``, answered 403): unlike a hidden field, such a row has no
part the server could apply. Medical needs are not sent to those roles at all (``withheld``).

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

from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from relocdesk.catalogue import HEALTH_FIELDS, SYNCED_TABLES

ROLES = ("secretary", "building_head", "clerk", "county")
# County accounts look at a community's data; they do not edit it from a device.
READ_ONLY_ROLES = frozenset({"county"})
# Roles that receive and write only a part of the community, decided on the server from the
# account: a building head gets the households of its buildings (relocdesk.server.scope).
SCOPED = frozenset({"building_head"})
# Roles that see full ID numbers; every other role sees them masked, forms included.
SEES_ID_NUMBERS = frozenset({"secretary", "clerk", "county"})

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


# role -> the tables it may write at all; a role not named here writes every table (a
# read-only role none). A building head is a resident volunteer: it logs referrals, visits
# and needs and keeps people's employment up to date, but the community's and the buildings'
# own rows are the office's.
WRITES: Mapping[str, frozenset[str]] = {
    "building_head": frozenset(SYNCED_TABLES) - {"community", "building", "building_head"},
}
# Needs of this category are health data: roles that may not see health fields neither
# receive nor write them.
MEDICAL_NEED = "medical"


class WriteRefused(ValueError):
    """A push outside the role's write policy; refused whole, its message in both languages.
    ``op_id``: the op that was refused, so the server can name its place in the batch and the
    device set that op aside and send the rest (an honest device must never be stuck)."""

    def __init__(self, zh: str, en: str, op_id: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.op_id = zh, en, op_id


def check_writes(role: str, ops: Sequence[Sequence[Any]]) -> None:
    """Refuse the whole batch if one op (``[op_id, tbl, row_id, hlc, fields, base]``) is
    outside what ``role`` may write, judged by the op alone."""
    tables = WRITES.get(role)
    if tables is None:
        return
    for op in ops:
        tbl, fields = op[1], op[4]
        if tbl not in tables:
            raise WriteRefused(
                f"此账号不能修改“{tbl}”表（社区、楼栋信息由社区办公室维护），整批未保存",
                f"this account may not change {tbl} rows (the office keeps the community and"
                f" building rows); nothing of the batch was stored",
                str(op[0]),
            )
        check_row(role, tbl, fields, str(op[0]))


def check_row(role: str, tbl: str, data: Mapping[str, Any], op_id: str | None = None) -> None:
    """Refuse a write whose row (the op's fields, or the stored row it changes) is health
    data ``role`` may not see: a medical need, a conflict about a hidden field."""
    if sees_everything(role):
        return
    if tbl == "need" and data.get("category") == MEDICAL_NEED:
        raise WriteRefused(
            "此账号不能登记或修改医疗类需求（健康信息），整批未保存",
            "this account may not record or change medical needs (health data);"
            " nothing of the batch was stored",
            op_id,
        )
    if tbl == "conflict" and data.get("field") in hidden(role, str(data.get("tbl"))):
        raise WriteRefused(
            "此账号不能处理健康信息的冲突记录，整批未保存",
            "this account may not handle conflicts about health data;"
            " nothing of the batch was stored",
            op_id,
        )


def withheld(role: str, tbl: str, data: Any) -> bool:
    """Whether a row is not sent to ``role`` at all (a medical need to a building head)."""
    if sees_everything(role) or tbl != "need":
        return False
    return _as_dict(data).get("category") == MEDICAL_NEED
