"""Hand-over (交办): a warning becomes a need someone has to handle.

One action turns a warning, or all of a household's, into needs: the category follows the
warning's area, the household's building head is the assignee (for medical warnings, which a
building head may not see, the indicator's responsible staff), the due date is the
indicator's (``Catalogue.days_to_handle``) and the need names the warning it came from
(``indicator``, ``subject_id``). A warning that already has a need still being handled is
not handed over twice.

While its need is open or in progress the warning is "in handling"; ``links`` reads the
need of every handed-over warning in one query, for the lists.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from relocdesk import validation
from relocdesk.monitoring.catalogue import RESPONSIBLE, Catalogue, load
from relocdesk.monitoring.tables import settings_of

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from relocdesk.monitoring.evaluate import Warning

# A warning's area -> the category of the need it becomes.
NEED_CATEGORY = {
    "housing": "housing",
    "employment": "employment",
    "schooling": "schooling",
    "medical": "medical",
    "social_security": "benefits",
    "income": "benefits",
    "integration": "other",
    "facilities": "other",
}
HANDLING = ("open", "in_progress")  # need statuses of a warning "in handling"


class NeedBook(Protocol):
    """The needs' record set, as handing over uses it (``records.Needs``)."""

    def create(
        self,
        *,
        household_id: str,
        category: str,
        description: str,
        raised_date: str | None = None,
        **more: Any,
    ) -> dict[str, Any]: ...


class Handing(Protocol):
    """What handing over needs of the façade: its connection, needs and one transaction."""

    conn: sqlite3.Connection

    @property
    def needs(self) -> NeedBook: ...

    def transaction(self) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True, slots=True)
class Link:
    """The need a warning was handed over as: its id, status and who handles it by when."""

    need_id: str
    status: str
    assignee: str | None
    due_date: str | None

    @property
    def in_handling(self) -> bool:
        return self.status in HANDLING

    def to_dict(self) -> dict[str, Any]:
        return {
            "need_id": self.need_id,
            "status": self.status,
            "assignee": self.assignee,
            "due_date": self.due_date,
            "in_handling": self.in_handling,
        }


def links(conn: sqlite3.Connection) -> dict[tuple[str, str], Link]:
    """The latest need of every handed-over warning, by (indicator, subject id)."""
    cur = conn.execute(
        "SELECT indicator, subject_id, id, status, assignee, due_date FROM need"
        " WHERE deleted = 0 AND indicator IS NOT NULL ORDER BY raised_date, created_at"
    )
    return {(r[0], r[1]): Link(r[2], r[3], r[4], r[5]) for r in cur}


def category_of(area: str) -> str:
    return NEED_CATEGORY.get(area, "other")


def assignee_of(w: Warning, secretary: str) -> str:
    """The household's building head; for medical warnings (a building head may not see
    health data) the indicator's staff, the secretary where that is the building head; the
    indicator's responsible person for a household with no building head."""
    if category_of(w.area) == "medical":
        return secretary if w.responsible_role == "building_head" else w.responsible
    return w.building_head or w.responsible


def values_for(
    w: Warning, today: datetime.date, catalogue: Catalogue, secretary: str = ""
) -> dict[str, Any]:
    """The need a warning becomes."""
    if not w.household_id:
        raise validation.ValidationError(
            "household_id",
            "no_household",
            f"预警“{w.title['zh']}”不属于任何住户，不能交办为住户诉求",
            f"the warning {w.title['en']!r} belongs to no household, so it cannot be handed"
            " over as a household's need",
        )
    due = today + datetime.timedelta(days=catalogue.days_to_handle(w.definition))
    who = f"（{w.person_name}）" if w.person_name else ""
    return {
        "household_id": w.household_id,
        "person_id": w.person_id,
        "source": "warning",
        "raised_date": today.isoformat(),
        "category": category_of(w.area),
        "description": f"【预警 {w.indicator}】{w.title['zh']}{who}：{w.facts['zh']}",
        "assignee": assignee_of(w, secretary or RESPONSIBLE["secretary"][0]),
        "due_date": due.isoformat(),
        "indicator": w.indicator,
        "subject_id": w.subject_id,
    }


def hand_over(
    desk: Handing,
    warnings: Sequence[Warning],
    *,
    today: datetime.date | None = None,
    catalogue: Catalogue | None = None,
) -> list[dict[str, Any]]:
    """Hand warnings over as needs, in one transaction; a warning whose need is still being
    handled keeps it. Returns the needs (new or already there), one per warning."""
    today = today or datetime.date.today()
    cat = catalogue or load()
    known = links(desk.conn)
    secretary = settings_of(desk.conn).get("secretary_name") or RESPONSIBLE["secretary"][0]
    out: list[dict[str, Any]] = []
    with desk.transaction():
        for w in warnings:
            link = known.get((w.indicator, w.subject_id))
            if link is not None and link.in_handling:
                out.append({"id": link.need_id, "status": link.status, "new": False})
                continue
            need = desk.needs.create(**values_for(w, today, cat, secretary))
            known[(w.indicator, w.subject_id)] = Link(
                need["id"], need["status"], need["assignee"], need["due_date"]
            )
            out.append({**need, "new": True})
    return out


def of_household(warnings: Iterable[Warning], household_id: str) -> list[Warning]:
    """The warnings of one household, to hand over together."""
    return [w for w in warnings if w.household_id == household_id]


def handling_of(
    warnings: Iterable[Warning], found: Mapping[tuple[str, str], Link]
) -> dict[tuple[str, str], Link]:
    """The links of the given warnings only."""
    return {
        key: found[key] for key in ((w.indicator, w.subject_id) for w in warnings) if key in found
    }
