"""The dashboard: the community's figures on a day, and the monthly workbook.

``Desk.reports`` is a ``Reports`` for one desk. ``relocdesk.reports`` (and through it
monitoring, pandas and openpyxl) is imported on first use, not when a screen imports this
module; the figures' types are its dataclasses.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from relocdesk.audit import Audit

    # the figures' types, for the screens (which may import only from relocdesk.queries)
    from relocdesk.reports import BuildingFigures as BuildingFigures
    from relocdesk.reports import Dashboard as Dashboard
    from relocdesk.reports import MonthPoint as MonthPoint
    from relocdesk.reports.income import IncomeFigures as IncomeFigures


def report_month(on: datetime.date) -> str:
    """The month a report made on ``on`` is about: the last whole month, as YYYY-MM."""
    return (on.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


class Source(Protocol):
    """What Reports needs of the façade. Named here rather than imported as ``Desk``, which
    reaches this module through ``desk.reports``: the two would import each other."""

    conn: sqlite3.Connection
    audit: Audit


class Reports:
    """The dashboard's figures and the monthly workbook, for one desk."""

    def __init__(self, desk: Source) -> None:
        self._desk = desk

    def dashboard(self, on: datetime.date, building_id: str | None = None) -> Dashboard:
        """The figures on ``on``, for the community or one building (``building_id``)."""
        from relocdesk import reports

        return reports.dashboard(self._desk.conn, on, building_id=building_id)

    def income(self) -> tuple[IncomeFigures, list[IncomeFigures]]:
        """The income view: the community's figures and each building's (the monthly
        workbook's 收入情况 sheet is written from the same function)."""
        from relocdesk.reports.income import income_view

        return income_view(self._desk.conn)

    def income_line(self) -> tuple[float, float]:
        """The monitoring line (yuan per person a year) and INC-03's margin (percent) the
        income view counts with."""
        from relocdesk.reports.income import thresholds

        return thresholds(self._desk.conn)

    def write_monthly(self, month: str, path: str | Path, actor: str = "") -> Path:
        """The monthly workbook to ``path``; it holds personal data, so the export is audited."""
        from relocdesk import reports

        written = reports.write_monthly_xlsx(self._desk.conn, month, path)
        self._desk.audit.record("export", "report", [f"monthly:{month}"], actor=actor)
        return written
