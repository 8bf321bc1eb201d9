"""Evaluate the catalogue over a community database and explain every warning.

Acknowledgements: a warning whose (indicator, subject) has a live ``warning_ack`` is
reported with status ``snoozed`` (the ack has an ``until`` date, on or after today) or
``acknowledged`` (no ``until``: it is being handled). An acknowledgement without an end
date lasts the catalogue's ``ack_days`` (30) from the day it was made, so a breach that
persists comes back instead of staying silent for ever. Acknowledged warnings are still
returned, flagged, so screens can show them on request.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from relocdesk import collector, enums, validation
from relocdesk.monitoring import evaluators
from relocdesk.monitoring.catalogue import (
    AREAS,
    LEVELS,
    PLURAL,
    RESPONSIBLE,
    Catalogue,
    Indicator,
    load,
)
from relocdesk.monitoring.evaluators import EVALUATORS
from relocdesk.monitoring.tables import (
    AREA_ORDER,
    as_date,
    connection,
    effective_params,
    forget,
    labour_ages,
    live_acks,
    ordered,
    prepared,
    settings_of,
)
from relocdesk.monitoring.tally import remember


class WarningAcks(Protocol):
    """The acknowledgements' record set (``records.WarningAcks``), as acknowledging uses it:
    named here so that monitoring, which the reports and the monthly form build on, imports
    no record set (and through it no printing)."""

    def create(
        self,
        *,
        indicator: str,
        subject_id: str,
        acked_by: str,
        reason: str,
        acked_date: str | None = None,
        until: str | None = None,
    ) -> dict[str, Any]: ...


class AckBook(Protocol):
    """What acknowledging needs of the façade: its acknowledgements. Named here rather than
    imported as ``Desk``, which reaches monitoring through ``desk.warnings``."""

    @property
    def warning_acks(self) -> WarningAcks: ...


# the names of the evaluation's tables and inputs that callers have long taken from here
__all__ = [
    "AREA_ORDER",
    "STAFF_SETTINGS",
    "Shape",
    "Warning",
    "acknowledge",
    "as_date",
    "effective_params",
    "evaluate",
    "forget",
    "labour_ages",
    "level_label",
    "live_acks",
    "ordered",
    "prepared",
    "render",
    "stream",
]

# Desk settings naming the staff who follow up warnings not owned by a building head.
STAFF_SETTINGS = {"secretary": "secretary_name", "clerk": "clerk_name"}


@dataclass(frozen=True, slots=True)
class Shape:
    """What every warning of one indicator shares: its definition, the names of the facts
    in its rows, its thresholds and who follows it up."""

    definition: Indicator
    names: tuple[str, ...]
    params: dict[str, Any]
    finish: Callable[[dict[str, Any]], None] | None
    staff: str | None  # None: the building head of the household's building
    shown: _Safe  # the thresholds and their plural endings, for every explanation
    # the facts of a row (its values after the first four) -> (facts, explanation)
    said: dict[tuple[Any, ...], tuple[dict[str, Any], dict[str, str]]]


# Who follows up a warning of a household whose building has no head: the same words in the
# warnings and in their JSON (``written``), which encodes them without a Warning.
NO_HEAD = RESPONSIBLE["building_head"][0] + "（未指定）"


def said(shape: Shape, facts: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, str]]:
    """The facts of a row (its values after the first four) and their explanation, worked
    out once per indicator for each set of facts: many warnings of an indicator say the
    same (3 of working age, 0 employed). Shared: not to be changed."""
    found = shape.said.get(facts)
    if found is None:
        values = dict(zip(shape.names, facts, strict=True))
        if shape.finish is not None:
            shape.finish(values)
        found = shape.said[facts] = (values, _render(shape.definition, shape.shown, values))
    return found


class Warning:
    """One breach of one indicator by one subject (household, person, referral or need).

    A warning keeps the row its evaluator returned and the row of its household; the facts
    (``values``) and their Chinese and English explanation (``facts``) are worked out on
    first use, so evaluating 10,000 households builds no dict and formats no string that
    nobody reads.
    """

    __slots__ = ("_ack", "_facts", "_home", "_row", "_shape", "_values")

    def __init__(
        self,
        shape: Shape,
        row: tuple[Any, ...],
        home: tuple[Any, ...],
        ack: tuple[str, str, str, str] | None = None,
    ) -> None:
        self._shape = shape
        self._row = row
        self._home = home
        self._ack = ack
        self._values: dict[str, Any] | None = None
        self._facts: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Warning({self.indicator}, {self.subject_id}, {self.status})"

    @property
    def definition(self) -> Indicator:
        return self._shape.definition

    @property
    def params(self) -> dict[str, Any]:
        return self._shape.params

    @property
    def subject_id(self) -> str:
        return str(self._row[0])

    @property
    def household_id(self) -> str | None:
        return cast("str | None", self._row[1])

    @property
    def person_id(self) -> str | None:
        return cast("str | None", self._row[2])

    @property
    def person_name(self) -> str | None:
        return cast("str | None", self._row[3])

    @property
    def values(self) -> dict[str, Any]:
        """The facts that raised the warning, as the evaluator found them."""
        if self._values is None:
            self._values = dict(self._said()[0])  # a copy: the caller may change it
        return self._values

    def _said(self) -> tuple[dict[str, Any], dict[str, str]]:
        return said(self._shape, self._row[4:])

    @property
    def responsible(self) -> str:
        staff = self._shape.staff
        return staff if staff is not None else (self._home[6] or NO_HEAD)

    @property
    def household_no(self) -> str | None:
        return cast("str | None", self._home[1])

    @property
    def building_id(self) -> str | None:
        return cast("str | None", self._home[2])

    @property
    def building_no(self) -> str | None:
        return cast("str | None", self._home[3])

    @property
    def unit(self) -> int | None:
        return cast("int | None", self._home[4])

    @property
    def room(self) -> str | None:
        return cast("str | None", self._home[5])

    @property
    def building_head(self) -> str | None:
        """The building head of the household's building (whoever follows the warning up)."""
        return cast("str | None", self._home[6])

    @property
    def status(self) -> str:
        """active / acknowledged / snoozed"""
        return "active" if self._ack is None else self._ack[0]

    @property
    def until(self) -> str | None:
        return None if self._ack is None else self._ack[1]

    @property
    def ack_reason(self) -> str | None:
        return None if self._ack is None else self._ack[2]

    @property
    def ack_by(self) -> str | None:
        return None if self._ack is None else self._ack[3]

    @property
    def indicator(self) -> str:
        return self._shape.definition.code

    @property
    def level(self) -> str:
        return self._shape.definition.level

    @property
    def area(self) -> str:
        return self._shape.definition.area

    @property
    def subject(self) -> str:
        return self._shape.definition.subject

    @property
    def responsible_role(self) -> str:
        return self._shape.definition.responsible

    @property
    def title(self) -> dict[str, str]:
        return {"zh": self.definition.name_zh, "en": self.definition.name_en}

    @property
    def area_label(self) -> dict[str, str]:
        zh, en = AREAS[self.definition.area]
        return {"zh": zh, "en": en}

    @property
    def acknowledged(self) -> bool:
        return self._ack is not None

    @property
    def facts(self) -> dict[str, str]:
        """The explanation: {"zh": "3 名有劳动能力成员，0 人就业", "en": "..."}."""
        if self._facts is None:
            self._facts = dict(self._said()[1])
        return self._facts

    def explanation(self, lang: str = "zh") -> str:
        return self.facts["zh" if lang == "zh" else "en"]

    def to_dict(self) -> dict[str, Any]:
        # Read straight from the row, the household and the shape: this runs once for each of
        # hundreds of thousands of warnings (`relocdesk warnings --json`), and the properties
        # above cost a call each.
        shape, row, home, ack = self._shape, self._row, self._home, self._ack
        d = shape.definition
        values, facts = self._values, self._facts
        if values is None or facts is None:  # what the properties would work out and keep
            said = self._said()
            if values is None:
                values = self._values = dict(said[0])
            if facts is None:
                facts = self._facts = dict(said[1])
        zh, en = AREAS[d.area]
        staff = shape.staff
        return {
            "indicator": d.code,
            "level": d.level,
            "area": d.area,
            "area_label": {"zh": zh, "en": en},
            "title": {"zh": d.name_zh, "en": d.name_en},
            "subject": d.subject,
            "subject_id": str(row[0]),
            "household_id": row[1],
            "household_no": home[1],
            "building_id": home[2],
            "building_no": home[3],
            "unit": home[4],
            "room": home[5],
            "person_id": row[2],
            "person_name": row[3],
            "values": values,
            "facts": facts,
            "responsible": staff if staff is not None else (home[6] or NO_HEAD),
            "responsible_role": d.responsible,
            "status": "active" if ack is None else ack[0],
            "acknowledged": ack is not None,
            "until": None if ack is None else ack[1],
            "ack_reason": None if ack is None else ack[2],
            "ack_by": None if ack is None else ack[3],
        }


def render(ind: Indicator, params: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    return _render(ind, _with_plurals(params), values)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _with_plurals(params: dict[str, Any]) -> _Safe:
    """The thresholds with their plural endings: the same for every warning of an indicator."""
    shown = _Safe(params)
    for key, value in params.items():
        if _number(value):
            shown[key + PLURAL] = "" if value == 1 else "s"
    return shown


def _render(ind: Indicator, base: _Safe, values: dict[str, Any]) -> dict[str, str]:
    shown = _Safe(base)
    shown.update(values)
    for key, value in values.items():
        if _number(value):
            shown[key + PLURAL] = "" if value == 1 else "s"
        elif key + PLURAL in base:  # a fact that is no number hides the threshold's ending
            del shown[key + PLURAL]
    for key, labels in EVALUATORS[ind.evaluator].labels.items():
        code = values.get(key)
        shown[f"{key}_zh"] = enums.label(labels, code, "zh")
        shown[f"{key}_en"] = enums.label(labels, code, "en")
    return {"zh": ind.explain_zh.format_map(shown), "en": ind.explain_en.format_map(shown)}


def _households(
    conn: sqlite3.Connection, home_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None
) -> dict[str, tuple[Any, ...]]:
    """Every household still living here, with its address and building head (or what
    ``home_of`` makes of that row); read from the evaluation's temporary table."""
    cur = conn.cursor()
    cur.row_factory = None
    cur.execute(f"SELECT {evaluators.HOME_COLUMNS} FROM monitoring_household")
    if home_of is None:
        return {r[0]: r for r in cur}
    return {r[0]: home_of(r) for r in cur}


class _Safe(dict[str, Any]):
    """Facts for a template: a missing value prints as a dash, never as 'None'."""

    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        if value is None and key.endswith(PLURAL):
            return "s"
        return "—" if value is None else value


# indicator -> (building, acknowledged) -> warnings: what the dashboard is left
Tallies = dict[str, Counter[tuple[str | None, bool]]]
GetHome = Callable[[Any, tuple[Any, ...]], tuple[Any, ...]]
_T = TypeVar("_T")


def evaluate(
    source: Any,
    today: datetime.date | str | None = None,
    *,
    catalogue: Catalogue | None = None,
    codes: set[str] | None = None,
) -> list[Warning]:
    """Every warning in the community on ``today``: active ones first (red, then yellow,
    by area), then the acknowledged and snoozed ones, flagged."""
    return list(stream(source, today, catalogue=catalogue, codes=codes))


def stream(
    source: Any,
    today: datetime.date | str | None = None,
    *,
    catalogue: Catalogue | None = None,
    codes: set[str] | None = None,
) -> Iterator[Warning]:
    """The warnings of ``evaluate``, in its order, one indicator's at a time: what a caller
    writes out as it goes is never all held at once. Only the acknowledged ones, which come
    last, are kept until the end. The dashboard's tallies are remembered when the stream has
    been read to its end."""
    return walk(source, today, lambda shape: partial(Warning, shape), catalogue, codes)


# what a walk makes of each row of an indicator: (row, its household's row, its ack or None)
Make = Callable[[tuple[Any, ...], tuple[Any, ...], tuple[str, str, str, str] | None], _T]


def walk(
    source: Any,
    today: datetime.date | str | None,
    make: Callable[[Shape], Make[_T]],
    catalogue: Catalogue | None = None,
    codes: set[str] | None = None,
    *,
    acknowledged: bool = True,
    home_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None,
) -> Iterator[_T]:
    """What ``make(shape)`` makes of each warning of each indicator, in the order of
    ``evaluate``: the active warnings of each indicator, then the acknowledged ones (left
    out if not ``acknowledged``). ``make`` is given each household as its row
    (``HOME_COLUMNS``), or what ``home_of`` makes of that row once (its [2] still the live
    building, which the tallies count by); ``_NO_HOME`` for a warning of no household."""
    conn = connection(source)
    today = as_date(today)
    cat = catalogue or load()
    acks = live_acks(conn, today, cat.ack_days)
    acked: list[_T] = []
    tallies: Tallies = {}
    for shape, rows, get_home in _runs(conn, today, cat, codes, tallies, home_of):
        one = make(shape)
        code = shape.definition.code
        if any(key[0] == code for key in acks):
            keep = acked if acknowledged else None
            yield from _sorted_out(code, one, rows, get_home, (acks, keep), tallies)
            continue
        # the buildings, to be counted once the indicator's rows are all out
        buildings: list[str | None] = []
        add = buildings.append
        for row in rows:
            home = get_home(row[1], _NO_HOME)
            add(home[2])
            yield one(row, home, None)
        tallies[code] = active_tally(buildings)
    yield from acked


def _runs(
    conn: sqlite3.Connection,
    today: datetime.date,
    cat: Catalogue,
    codes: set[str] | None,
    tallies: Tallies,
    home_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None,
) -> Iterator[tuple[Shape, sqlite3.Cursor, GetHome]]:
    """Each indicator's shape and its rows under way, in the order warnings are listed,
    with the lookup of a household's row (``HOME_COLUMNS``) by id; ``tallies``, filled by
    the caller as the rows pass, are remembered for the dashboard once every indicator of
    the catalogue has been read."""
    settings = settings_of(conn)
    ages = labour_ages(cat)  # what the temporary tables count labour by
    with prepared(conn, today, cat), collector.paused():
        get_home = _households(conn, home_of).get
        for ind in ordered(cat, codes):
            shape, rows = _run(conn, ind, settings, today, ages)
            try:
                yield shape, rows, get_home
            finally:
                rows.close()  # a stream left unread frees its query now
        if codes is None:
            remember(conn, cat, tallies)


def active_tally(buildings: Iterable[str | None]) -> Counter[tuple[str | None, bool]]:
    """An indicator's active warnings per building, from the building of each: counted on
    the ids (a tuple made and hashed per warning cost three times as much)."""
    return Counter({(b, False): n for b, n in Counter(buildings).items()})


def _sorted_out(
    code: str,
    one: Make[_T],
    rows: Iterable[tuple[Any, ...]],
    get_home: GetHome,
    acks: tuple[dict[tuple[str, str], tuple[str, str, str, str]], list[_T] | None],
    tallies: Tallies,
) -> Iterator[_T]:
    """An indicator some of whose warnings are acknowledged: those are kept in ``acks[1]``
    (they come after every active one; None: left out), the others given out."""
    live, acked = acks
    tally = tallies[code] = Counter()
    for row in rows:
        home = get_home(row[1], _NO_HOME)
        ack = live.get((code, row[0]))
        tally[home[2], ack is not None] += 1
        if ack is None:
            yield one(row, home, None)
        elif acked is not None:
            acked.append(one(row, home, ack))


def _run(
    conn: sqlite3.Connection,
    ind: Indicator,
    settings: dict[str, str],
    today: datetime.date,
    ages: tuple[int, int],
) -> tuple[Shape, sqlite3.Cursor]:
    """The indicator's shape and its query under way: its rows are read one at a time as
    they are written out, never all held (84,000 warnings of one indicator at 100,000
    households, and a combined scan of people that held 270,000 rows, 170 MB)."""
    ev = EVALUATORS[ind.evaluator]
    params = effective_params(ind, settings)
    rows = ev.rows(conn, params, today, ages)
    names = tuple(d[0] for d in rows.description[4:])
    role, staff = ind.responsible, None
    if role in STAFF_SETTINGS:
        staff = settings.get(STAFF_SETTINGS[role]) or RESPONSIBLE[role][0]
    elif role != "building_head":
        staff = ""
    shape = Shape(ind, names, params, ev.finish, staff, _with_plurals(params), {})
    return shape, rows


_NO_HOME: tuple[Any, ...] = (None,) * 7


def acknowledge(
    desk: AckBook,
    indicator: str,
    subject_id: str,
    reason: str,
    until: str | datetime.date | None = None,
    by: str = "",
    *,
    today: datetime.date | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    """Acknowledge a warning (``until`` None: being handled) or snooze it until a date.

    Written through the façade, so it syncs like every other record.
    """
    today = today or datetime.date.today()
    cat = catalogue or load()
    if cat.get(indicator) is None:
        raise validation.ValidationError(
            "indicator",
            "unknown",
            f"没有编码为 {indicator} 的指标",
            f"no indicator with code {indicator}",
        )
    if isinstance(until, datetime.date):
        until = until.isoformat()
    if until:
        try:
            end = datetime.date.fromisoformat(until)
        except ValueError as e:
            raise validation.ValidationError(
                "until", "bad_date", "日期格式应为 YYYY-MM-DD", "a date must be YYYY-MM-DD"
            ) from e
        if end < today:
            raise validation.ValidationError(
                "until", "in_past", "暂缓截止日期不能早于今天", "a snooze cannot end before today"
            )
    return desk.warning_acks.create(
        indicator=indicator,
        subject_id=subject_id,
        acked_by=by,
        acked_date=today.isoformat(),
        reason=reason,
        until=until or None,
    )


def level_label(level: str, lang: str = "zh") -> str:
    return LEVELS[level][0 if lang == "zh" else 1]
