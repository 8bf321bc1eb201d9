"""A building head's scope: the households of its buildings and what hangs off them.

A building-head account is bound to its ``building_head`` row (``admin set-building-head``);
its buildings are the ``building`` rows naming that row, its households those whose
``building_id`` is one of them. Every other row belongs to a household through a chain of
references — a person and a visit and a need by ``household_id``, a referral and a training
by their person, a referral's or a need's events by their referral or need, an
acknowledgement and an audit row by their subject, a conflict by the row it is about. The
community's own row is everyone's; a building head gets its own buildings and its own
building-head row and nothing of the other heads (their names and phones are personal data).

Rows are stored generically (JSON in ``rd_row``), so the server keeps, per community, an
index of each row's number, digest contribution and reference in memory, brought up to date
from the rows numbered since it last looked (a pull or push reads only those). Resolving the
chains when asked — rather than storing each row's household — keeps a moved household or
person right without rewriting its dependants: the next look follows the new reference.

The index is a cache: a new process builds it from the rows on first use (~0.3 s for a
community of 10,000 households), and two processes serving one database each keep their
own. Nothing about a scope is taken from the device.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import orjson

from relocdesk import roles
from relocdesk.sync import protocol

# table -> (the kind of row it hangs off, the field naming it)
_PARENT = {
    "person": ("household", "household_id"),
    "visit": ("household", "household_id"),
    "need": ("household", "household_id"),
    "need_event": ("need", "need_id"),
    "referral": ("person", "person_id"),
    "training": ("person", "person_id"),
    "referral_event": ("referral", "referral_id"),
    "warning_ack": ("subject", "subject_id"),
    "warning_closeout": ("household", "household_id"),
    "employment_event": ("person", "person_id"),
}
EVERYONE = "*"
_MAX_DEPTH = 6  # a chain longer than conflict -> event -> referral -> person -> household


def link_of(tbl: str, row_id: str, data: dict[str, Any]) -> tuple[str, str]:
    """What a row hangs off, from its own fields."""
    if tbl == "community":
        return (EVERYONE, "")
    if tbl == "building_head":
        return ("head", row_id)
    if tbl == "building":
        return ("building", row_id)
    if tbl == "household":
        return ("household", row_id)
    if tbl == "conflict":
        return (str(data.get("tbl") or ""), str(data.get("row_id") or ""))
    if tbl == "audit":
        subject = str(data.get("subject_table") or "")
        return (
            subject if subject in _PARENT or subject == "household" else "subject",
            str(data.get("subject_id") or ""),
        )
    if tbl not in _PARENT:  # a table added later: by the first reference it carries
        for kind, name in (("household", "household_id"), ("person", "person_id")):
            if data.get(name):
                return (kind, str(data[name]))
        return ("subject", str(data.get("subject_id") or ""))
    kind, name = _PARENT[tbl]
    return (kind, str(data.get(name) or ""))


@dataclass
class Entry:
    seq: int
    hash: int
    link: tuple[str, str]


@dataclass
class Scope:
    """What one building head is given at one sequence number."""

    seqs: list[int]
    keys: list[tuple[str, str]]
    households: list[str]
    buildings: list[str]
    count: int
    digest: int

    def page(self, after: int, upto: int, limit: int) -> tuple[list[tuple[str, str]], bool, int]:
        """The keys after ``after`` (up to ``upto``), at most ``limit``; whether more follow,
        and the last number given."""
        start = bisect.bisect_right(self.seqs, after)
        stop = bisect.bisect_right(self.seqs, upto)
        end = min(stop, start + limit)
        last = self.seqs[end - 1] if end > start else after
        return self.keys[start:end], end < stop, last


@dataclass
class CommunityIndex:
    """Every row of one community: its number, digest contribution and reference."""

    seq: int = 0
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    building_of: dict[str, str] = field(default_factory=dict)  # household -> building
    head_of: dict[str, str] = field(default_factory=dict)  # building -> building head
    medical: set[str] = field(default_factory=set)  # needs of category medical
    cached: dict[str, Scope] = field(default_factory=dict)

    def add(
        self,
        seq: int,
        tbl: str,
        row_id: str,
        created_at: str,
        deleted: int,
        data_text: str,
        clocks_text: str,
    ) -> None:
        data = orjson.loads(data_text)
        if not isinstance(data, dict):
            data = {}
        clocks = orjson.loads(clocks_text)
        version = protocol.version_of(created_at, clocks if isinstance(clocks, dict) else {})
        row_hash = protocol.row_hash(tbl, row_id, version, deleted)
        self.entries[(tbl, row_id)] = Entry(seq, row_hash, link_of(tbl, row_id, data))
        if tbl == "household":
            self.building_of[row_id] = str(data.get("building_id") or "")
        elif tbl == "building":
            self.head_of[row_id] = str(data.get("building_head_id") or "")
        elif tbl == "need":
            if data.get("category") == roles.MEDICAL_NEED:
                self.medical.add(row_id)
            else:
                self.medical.discard(row_id)
        self.seq = max(self.seq, seq)
        self.cached.clear()

    # -- resolving ----------------------------------------------------------------------
    def token(
        self,
        link: tuple[str, str],
        overlay: dict[tuple[str, str], tuple[str, str]] | None = None,
        depth: int = 0,
    ) -> str:
        """The scope a reference falls in: ``*``, ``p:<head>``, ``b:<building>``,
        ``h:<household>``, or ``?`` when it leads nowhere known."""
        kind, ident = link
        if kind == EVERYONE:
            return EVERYONE
        if kind == "head":
            return "p:" + ident
        if kind == "building":
            return "b:" + ident
        if kind == "household":
            return "h:" + ident
        if depth > _MAX_DEPTH or not ident:
            return "?"
        if kind == "subject":  # an acknowledgement or audit row: a household or a person
            for tbl in ("household", "person"):
                found = self._link(tbl, ident, overlay)
                if found is not None:
                    return self.token(found, overlay, depth + 1)
            return "?"
        found = self._link(kind, ident, overlay)
        return "?" if found is None else self.token(found, overlay, depth + 1)

    def _link(
        self, tbl: str, row_id: str, overlay: dict[tuple[str, str], tuple[str, str]] | None
    ) -> tuple[str, str] | None:
        if overlay is not None and (tbl, row_id) in overlay:
            return overlay[(tbl, row_id)]
        entry = self.entries.get((tbl, row_id))
        return None if entry is None else entry.link

    def allowed(self, head: str | None) -> set[str]:
        """The scope tokens of a building head's rows."""
        out = {EVERYONE}
        if not head:
            return out
        out.add("p:" + head)
        buildings = {b for b, h in self.head_of.items() if h == head}
        out.update("b:" + b for b in buildings)
        out.update("h:" + hh for hh, b in self.building_of.items() if b in buildings)
        return out

    def rows_of(self, head: str | None, households: set[str]) -> list[tuple[str, str]]:
        """Every row of these households the head is given (whatever its number), in number
        order: what a device lacks of a household that came into its buildings."""
        tokens = {"h:" + h for h in households} & self.allowed(head)
        return [k for k in self.scope(head).keys if self.token(self.entries[k].link) in tokens]

    def withheld(self, tbl: str, link: tuple[str, str], row_id: str) -> bool:
        """Health data no building head receives: medical needs, their events, conflicts
        about them."""
        if tbl == "need":
            return row_id in self.medical
        return link[0] == "need" and link[1] in self.medical

    def scope(self, head: str | None) -> Scope:
        key = head or ""
        found = self.cached.get(key)
        if found is not None:
            return found
        allowed = self.allowed(head)
        chosen: list[tuple[int, tuple[str, str]]] = []
        count = digest = 0
        for k, e in self.entries.items():
            if self.token(e.link) not in allowed or self.withheld(k[0], e.link, k[1]):
                continue
            chosen.append((e.seq, k))
            count += 1
            digest ^= e.hash
        chosen.sort()
        households = sorted(t[2:] for t in allowed if t.startswith("h:"))
        buildings = sorted(t[2:] for t in allowed if t.startswith("b:"))
        made = Scope(
            [s for s, _ in chosen], [k for _, k in chosen], households, buildings, count, digest
        )
        self.cached[key] = made
        return made


def out_of_scope(n: int, tbl: str) -> protocol.SyncError:
    return protocol.SyncError(
        "out_of_scope",
        f"第 {n + 1} 条修改（{tbl}）涉及不属于本账号楼栋的住户，整批未保存",
        f"op {n + 1} ({tbl}) touches a household outside this account's buildings;"
        " nothing of the batch was stored",
        status=403,
    )


def check_ops(index: CommunityIndex, head: str | None, ops: list[Any]) -> None:
    """Refuse the whole batch if one op (``[op_id, tbl, row_id, hlc, fields, base]``) or
    one offered row touches a row outside the head's scope, before or after it: a household
    moved to another building, a person moved to another household, a row hanging off
    something the head cannot see. Ops of one batch see each other (a new household, then
    its people)."""
    buildings = {b for b, h in index.head_of.items() if head and h == head}
    overlay: dict[tuple[str, str], tuple[str, str]] = {}
    moved: dict[str, str] = {}

    def inside(link: tuple[str, str]) -> bool:
        tok = index.token(link, overlay)
        if tok == EVERYONE or (head and tok == "p:" + head):
            return True
        if tok.startswith("b:"):
            return tok[2:] in buildings
        if tok.startswith("h:"):
            hh = tok[2:]
            return moved.get(hh, index.building_of.get(hh)) in buildings
        return False

    for n, op in enumerate(ops):
        tbl, row_id, fields = op[1], op[2], op[4]
        key = (tbl, row_id)
        before = index._link(tbl, row_id, overlay)
        if before is not None and not inside(before):
            raise out_of_scope(n, tbl)
        if tbl == "household" and "building_id" in fields:
            moved[row_id] = str(fields["building_id"] or "")
        link = _changed_link(tbl, row_id, before, fields)
        overlay[key] = link
        if not inside(link):
            raise out_of_scope(n, tbl)


def _changed_link(
    tbl: str, row_id: str, before: tuple[str, str] | None, fields: dict[str, Any]
) -> tuple[str, str]:
    """A row's reference once ``fields`` are written over it."""
    if tbl in _PARENT:
        name = _PARENT[tbl][1]
        if name in fields or before is None:
            return link_of(tbl, row_id, fields)
        return before
    if tbl in ("conflict", "audit"):
        names = ("tbl", "row_id") if tbl == "conflict" else ("subject_table", "subject_id")
        if before is None or any(n in fields for n in names):
            return link_of(tbl, row_id, fields)
        return before
    return link_of(tbl, row_id, fields)
