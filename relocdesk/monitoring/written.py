"""Warnings as JSON, encoded straight from the evaluation's rows (``relocdesk warnings --json``).

Each warning is the bytes orjson gives for its ``Warning.to_dict`` with ``OPT_INDENT_2``, as an
item of a list ``level`` deep, wrapped as an ``orjson.Fragment`` for the streamed writer
(``jsonstream``) to put where it goes: byte for byte the same, but one join of bytes per
warning instead of a warning object, a dict and its dump. What the warnings of an indicator
share is encoded once per indicator, a household's address and building head once per
household, the facts and their explanation once per set of facts; only a row's ids and name
are dumped for each warning. At 100,000 households (500,000 warnings) this is 0.6 s of CPU
where the warnings, their dicts and their dumps were 1.5 s.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from functools import partial
from typing import Any

import orjson

from relocdesk.monitoring.catalogue import AREAS
from relocdesk.monitoring.evaluate import NO_HEAD, Shape, said, walk

_dumps = orjson.dumps
_INDENT = orjson.OPT_INDENT_2
# a household as its warnings write it (see _home)
_Home = tuple[bytes, bytes, str | None, bytes]


def encoded(
    source: Any,
    today: datetime.date | str | None = None,
    *,
    everything: bool = False,
    level: int = 2,
) -> Iterator[orjson.Fragment]:
    """Each warning of ``evaluate`` (with ``everything``, the acknowledged ones too, last) as
    orjson would write its ``to_dict`` in a list ``level`` deep, in the same order. The
    dashboard's tallies are remembered as by ``stream``."""
    return walk(
        source,
        today,
        lambda shape: _Indicator(shape, level).item,
        acknowledged=everything,
        home_of=partial(_home, level=level),
    )


def _home(row: tuple[Any, ...], level: int) -> _Home:
    """A household's part of its warnings (``row``: ``HOME_COLUMNS``): (its id, the members
    from ``household_id`` to ``room``, its live building, who follows up warnings that name
    no staff: its building head)."""
    fields = dict(household_id=row[0], household_no=row[1], building_id=row[2])
    fields |= dict(building_no=row[3], unit=row[4], room=row[5])
    # orjson's own bytes hold 4 KiB whatever their length: the id is kept as a copy
    e_id = bytes(memoryview(_dumps(row[0])))
    head = {"responsible": row[6] or NO_HEAD}
    # one building id for all its households (1,000 buildings, 100,000 households)
    building = None if row[2] is None else sys.intern(row[2])
    return (e_id, b"," + members(fields, level), building, b"," + members(head, level))


def members(d: dict[str, Any], level: int) -> bytes:
    """The members of ``d`` (not empty) as orjson writes them in an object that is itself
    ``level`` deep: each on its own line, indented, comma-separated, without the braces."""
    return _dumps(d, option=_INDENT)[1:-2].replace(b"\n", b"\n" + b"  " * level)


def _key(name: str, level: int) -> bytes:
    return b"\n" + b"  " * (level + 1) + _dumps(name) + b": "


class _Indicator:
    """The bytes the warnings of one indicator write alike, and those of its facts."""

    __slots__ = ("head", "level", "name", "person", "role", "said", "shape", "staff", "tail")

    def __init__(self, shape: Shape, level: int) -> None:
        self.shape, self.level = shape, level
        d = shape.definition
        zh, en = AREAS[d.area]
        shared: dict[str, Any] = {"indicator": d.code, "level": d.level, "area": d.area}
        shared |= {"area_label": {"zh": zh, "en": en}, "title": {"zh": d.name_zh, "en": d.name_en}}
        self.head = b"{" + members({**shared, "subject": d.subject}, level)
        self.head += b"," + _key("subject_id", level)
        self.person, self.name = b"," + _key("person_id", level), b"," + _key("person_name", level)
        self.role = d.responsible
        self.tail = self.acked(None)
        staff = shape.staff  # None: the building head of the household's building
        self.staff = None if staff is None else b"," + members({"responsible": staff}, level)
        self.said: dict[tuple[Any, ...], bytes] = {}

    def item(
        self, row: tuple[Any, ...], home: tuple[Any, ...], ack: tuple[str, str, str, str] | None
    ) -> orjson.Fragment:
        """One warning: its row, its household (``_home``), its ack."""
        if home[0] is None:  # no household living here
            home = _home((row[1], *home[1:]), self.level)
        sid, pid = row[0], row[2]
        e_sid = home[0] if sid.__class__ is str and sid == row[1] else _dumps(str(sid))
        e_pid = e_sid if pid.__class__ is str and pid == sid else _dumps(pid)
        facts = row[4:]
        e_facts = self.said.get(facts) or self._said(facts)
        tail = self.tail if ack is None else self.acked(ack)
        name = _dumps(row[3])
        staff = self.staff or home[3]
        return orjson.Fragment(
            b"".join(
                (
                    self.head,
                    e_sid,
                    home[1],
                    self.person,
                    e_pid,
                    self.name,
                    name,
                    e_facts,
                    staff,
                    tail,
                )
            )
        )

    def _said(self, facts: tuple[Any, ...]) -> bytes:
        values, explained = said(self.shape, facts)
        written = b"," + members({"values": values, "facts": explained}, self.level)
        self.said[facts] = written
        return written

    def acked(self, ack: tuple[str, str, str, str] | None) -> bytes:
        """From the responsible role to the end of the warning, with its ack (None: active)."""
        status, until, reason, by = ack or ("active", None, None, None)
        fields = dict(responsible_role=self.role, status=status, acknowledged=ack is not None)
        fields |= dict(until=until, ack_reason=reason, ack_by=by)
        return b"," + members(fields, self.level) + b"\n" + b"  " * self.level + b"}"
