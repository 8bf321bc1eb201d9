"""The warnings of the day as the screens list them, and their acknowledgement.

``Desk.warnings`` is a ``Warnings`` for one desk. ``relocdesk.monitoring`` (the catalogue
and its evaluation) is imported on first use, not when a screen imports this module.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, cast

if TYPE_CHECKING:
    from relocdesk.monitoring import Warning as Warning  # for the screens that draw one
    from relocdesk.monitoring.handover import Link
    from relocdesk.monitoring.households import HouseholdWarnings as HouseholdWarnings
    from relocdesk.queries.triage import Totals, TriageRow
    from relocdesk.records import WarningAcks


class WarningRow(TypedDict):
    """One warning in a list: the warning, and what filtering the list needs.

    Everything else (title, facts, address, who follows it up) is read from ``w`` when the
    row is drawn: 10,000 households give tens of thousands of warnings.
    """

    w: Warning
    level: str  # red / yellow
    acked: bool  # acknowledged or snoozed
    area_code: str
    building_id: str | None
    household_id: str | None
    handling: Link | None  # the need it was handed over as, if it was


def warning_rows(
    warnings: Iterable[Warning],
    *,
    active_only: bool = False,
    links: Mapping[tuple[str, str], Link] | None = None,
) -> list[WarningRow]:
    """Monitoring's warnings as rows, in monitoring's order (worst first), each with the
    need it was handed over as (``links``, by indicator and subject)."""
    found = links or {}
    return [
        WarningRow(
            w=w,
            level=w.level,
            acked=w.acknowledged,
            area_code=w.area,
            building_id=w.building_id,
            household_id=w.household_id,
            handling=found.get((w.indicator, w.subject_id)),
        )
        for w in warnings
        if not (active_only and w.acknowledged)
    ]


class HouseholdRow(TypedDict):
    """One household of the triage list: its warnings (``g``) and what filtering needs."""

    g: HouseholdWarnings
    level: str  # the worst of its warnings
    household_id: str | None
    building_id: str | None
    building_head: str | None
    red: int
    count: int
    handling: int  # of its warnings, how many are handed over and being handled


def grouped(warnings: Iterable[Warning]) -> list[HouseholdWarnings]:
    """Warnings already chosen (filtered by a screen) grouped by household, red first."""
    from relocdesk.monitoring.households import by_household

    return by_household(warnings, include_acknowledged=True)


def household_rows(
    groups: Iterable[HouseholdWarnings], links: Mapping[tuple[str, str], Link] | None = None
) -> list[HouseholdRow]:
    """Triage groups as rows for a table, in their order (red households first), with how
    many of each household's warnings are in handling (``links``, by indicator and subject)."""
    found = links or {}

    def handling(g: HouseholdWarnings) -> int:
        if not found:
            return 0
        keys = ((w.indicator, w.subject_id) for w in g.warnings)
        return sum(1 for k in keys if (link := found.get(k)) is not None and link.in_handling)

    return [
        HouseholdRow(
            g=g,
            level=g.level,
            household_id=g.household_id,
            building_id=g.building_id,
            building_head=g.building_head,
            red=g.red,
            count=g.count,
            handling=handling(g),
        )
        for g in groups
    ]


def _no_warning(indicator: str, subject_id: str) -> Exception:
    from relocdesk.validation import ValidationError

    return ValidationError(
        "subject_id",
        "no_warning",
        f"今天没有这条预警（{indicator or '住户'} {subject_id}），无需交办",
        f"there is no such warning today ({indicator or 'household'} {subject_id});"
        " nothing to hand over",
    )


def areas() -> dict[str, tuple[str, str]]:
    """The monitoring areas by code: (Chinese, English), in the catalogue's order."""
    from relocdesk.monitoring import AREAS

    return AREAS


def roles() -> dict[str, tuple[str, str]]:
    """Who follows a warning up, by role code: (Chinese, English)."""
    from relocdesk.monitoring import RESPONSIBLE

    return RESPONSIBLE


class Source(Protocol):
    """What Warnings needs of the façade. Named here rather than imported as ``Desk``, which
    reaches this module through ``desk.warnings``: the two would import each other."""

    conn: sqlite3.Connection
    warning_acks: WarningAcks


class Warnings:
    """The evaluation of the indicator catalogue on one desk, and acknowledging a warning."""

    def __init__(self, desk: Source) -> None:
        self._desk = desk

    def evaluate(self, on: datetime.date) -> list[Warning]:
        """Every warning on ``on``: active ones first (red, then yellow), then acknowledged."""
        from relocdesk import monitoring

        return monitoring.evaluate(self._desk.conn, on)

    def rows(self, on: datetime.date, *, active_only: bool = False) -> list[WarningRow]:
        from relocdesk.monitoring.handover import links

        found = links(self._desk.conn)
        return warning_rows(self.evaluate(on), active_only=active_only, links=found)

    def track(
        self, on: datetime.date, *, by: str = ""
    ) -> tuple[list[Warning], list[dict[str, Any]]]:
        """The warnings on ``on``, remembered as raised, and the close-outs (销号) of those
        whose facts stopped holding since the last run (written, synced)."""
        from relocdesk.monitoring.closeout import track

        warnings = self.evaluate(on)
        return warnings, track(cast("Any", self._desk), warnings, on, recorded_by=by)

    def closeouts(self, household_id: str | None = None) -> list[dict[str, Any]]:
        """Close-outs, the latest first (of one household when given)."""
        where, args = ("AND household_id = ?", [household_id]) if household_id else ("", [])
        cur = self._desk.conn.execute(
            f"SELECT * FROM warning_closeout WHERE deleted = 0 {where}"
            " ORDER BY closed_date DESC, indicator",
            args,
        )
        return [dict(r) for r in cur]

    def links(self) -> dict[tuple[str, str], Link]:
        """The need of every handed-over warning, by (indicator, subject id)."""
        from relocdesk.monitoring.handover import links

        return links(self._desk.conn)

    def hand_over(
        self, indicator: str, subject_id: str, on: datetime.date | None = None
    ) -> dict[str, Any]:
        """Hand one warning over as a need (交办); the need it already has while that is
        still being handled."""
        from relocdesk import monitoring
        from relocdesk.monitoring.handover import hand_over

        on = on or datetime.date.today()
        found = [
            w
            for w in monitoring.evaluate(self._desk.conn, on, codes={indicator})
            if w.subject_id == subject_id
        ]
        if not found:
            raise _no_warning(indicator, subject_id)
        return hand_over(cast("Any", self._desk), found, today=on)[0]

    def hand_over_household(
        self, household_id: str, on: datetime.date | None = None
    ) -> list[dict[str, Any]]:
        """Hand all of a household's warnings over as needs, one each, in one transaction."""
        from relocdesk.monitoring.handover import hand_over, of_household

        on = on or datetime.date.today()
        found = of_household(self.evaluate(on), household_id)
        if not found:
            raise _no_warning("", household_id)
        return hand_over(cast("Any", self._desk), found, today=on)

    def by_household(
        self,
        on: datetime.date,
        *,
        area: str | None = None,
        building_id: str | None = None,
        building_head: str | None = None,
        include_acknowledged: bool = False,
    ) -> list[HouseholdWarnings]:
        """Triage: the warnings on ``on`` grouped by household, red households first, then
        the most warnings; filtered by area, building and building head."""
        from relocdesk.monitoring.households import by_household

        return by_household(
            self.evaluate(on),
            area=area,
            building_id=building_id,
            building_head=building_head,
            include_acknowledged=include_acknowledged,
        )

    # -- Today's triage, kept on disk (monitoring.triage) -------------------------------
    def refresh_triage(self, on: datetime.date, *, by: str = "") -> list[dict[str, Any]]:
        """Evaluate once as a stream: close out (销号) what stopped holding and write the
        triage anew (on the writer); returns the close-outs written."""
        from relocdesk.monitoring.triage import refresh

        return refresh(cast("Any", self._desk), on, recorded_by=by)

    def triage_totals(self) -> Totals:
        """Red and yellow households of the last triage, and its day."""
        from relocdesk.queries.triage import totals

        return totals(self._desk.conn)

    def triage_count(self) -> int:
        from relocdesk.queries.triage import count

        return count(self._desk.conn)

    def triage_window(self, at: int, n: int) -> list[TriageRow]:
        """The households at positions ``at`` to ``at + n`` of the last triage."""
        from relocdesk.queries.triage import window

        return window(self._desk.conn, at, n)

    def acknowledge(
        self, indicator: str, subject_id: str, reason: str, until: str | None, by: str
    ) -> dict[str, Any]:
        """Acknowledge a warning (``until`` None: being handled) or snooze it until a date."""
        from relocdesk import monitoring

        return monitoring.acknowledge(self._desk, indicator, subject_id, reason, until, by)
