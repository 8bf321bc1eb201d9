"""A list as it is on screen, to an .xlsx: the screen's columns, order, filter and language.

Every list page (households, people, referrals, needs, warnings) exports through here. The
page says what it shows: its headers in the interface language and its rows already read
the way the screen reads them, in the screen's order and under its filter (they are built
on the DB worker, never on the GUI thread). What stays the core's: ID numbers are masked
when the device's role may not see them (``relocdesk.masking``) — the page hands the full
value in the columns it names as ID columns — the workbook is written to a side file first
so a failed export leaves no half workbook, and the export is audited: who, which list,
under which filter and sort, how many rows, which file. The rows themselves never go into
the audit trail.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from relocdesk import masking, places, xlsx


class Desk(Protocol):
    """What of the façade an export uses (named here: the façade builds on reports)."""

    @property
    def conn(self) -> sqlite3.Connection: ...
    @property
    def audit(self) -> Any: ...


# The lists that export, as the audit trail names them.
LISTS: Mapping[str, tuple[str, str]] = {
    "households": ("住户", "households"),
    "people": ("人员", "people"),
    "referrals": ("推荐就业", "referrals"),
    "needs": ("诉求", "needs"),
    "visits": ("走访", "visits"),
    "warnings": ("预警", "warnings"),
    "warned_households": ("预警住户", "warned households"),
    "audit": ("审计记录", "audit trail"),
}
REPORT_EVERY = 500  # rows between progress reports and looks at the Cancel button
WIDTH_SAMPLE = xlsx.WIDTH_SAMPLE
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})

Cell = xlsx.Cell


class ExportCancelled(Exception):
    """The person pressed Cancel: nothing was written."""


text_width = xlsx.text_width
widths = xlsx.fitted_widths


def describe(filters: Mapping[str, Any], sort: str = "") -> str:
    """The filter and sort for the audit trail: "楼栋=3号楼; 标志=监测户; sort 人均收入 desc"."""
    parts = [f"{k}={v}" for k, v in filters.items() if v not in (None, "", False)]
    if sort:
        parts.append(f"sort {sort}")
    return "; ".join(parts) or "-"


def sheet_name(title: str) -> str:
    return (title.translate(_BAD_SHEET_CHARS).strip() or "list")[:31]


class ListExport:
    """``desk.lists``: lists on screen to Excel, masked as the role requires, audited."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def export(
        self,
        kind: str,
        path: str | Path,
        *,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        total: int = 0,
        id_columns: Iterable[int] = (),
        filters: Mapping[str, Any] | None = None,
        sort: str = "",
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        household_id: str | None = None,
        person_id: str | None = None,
    ) -> int:
        """Write ``rows`` under ``headers`` to ``path``; return how many rows were written.
        ``household_id``/``person_id``: whose list it is, when it is one household's or one
        person's (its audit row names them; a list of many names none, only its filter).

        A file that cannot be written raises ``OSError`` with the plain bilingual reason
        (``places.file_problem``); Cancel raises ``ExportCancelled``; neither leaves a file
        or an audit row."""
        if kind not in LISTS:
            raise ValueError(f"导出的列表类别未知：{kind} / unknown list kind: {kind}")
        target = Path(path)
        role = masking.device_role(self.desk.conn)
        masked = frozenset(id_columns) if masking.masks_ids(role) else frozenset()
        written = [0]

        def lines() -> Iterator[Sequence[Cell]]:
            for n, row in enumerate(rows, 1):
                if n % REPORT_EVERY == 0:
                    if cancel is not None and cancel():
                        raise ExportCancelled("导出已取消 / export cancelled")
                    if progress is not None:
                        progress(n, total)
                if masked:
                    row = [
                        masking.shown(str(v), role) if i in masked and v else v
                        for i, v in enumerate(row)
                    ]
                written[0] = n
                yield row

        body = lines()
        sample = list(itertools.islice(body, WIDTH_SAMPLE))
        sheet = xlsx.Sheet(
            sheet_name(title),
            itertools.chain([list(headers)], sample, body),
            widths=widths(headers, sample),
            frozen_rows=1,
            row_styles={0: xlsx.HEADER},
        )
        _write(target, sheet)
        detail = f"{LISTS[kind][0]} {LISTS[kind][1]}: {written[0]} rows;"
        self.desk.audit.create(
            action="export",
            household_id=household_id,
            person_id=person_id,
            detail=f"{detail} {describe(filters or {}, sort)} -> {target.name}",
        )
        if progress is not None:
            progress(written[0], max(total, written[0]))
        return written[0]


def _write(target: Path, sheet: xlsx.Sheet) -> None:
    try:
        with places.side_file(target) as side:
            xlsx.write(side, [sheet])
    except OSError as e:
        raise OSError(places.file_problem(e, target)) from e
