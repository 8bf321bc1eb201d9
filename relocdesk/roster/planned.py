"""What a roster plan says: a report row for every data row with its problems, and the
households and people to add or change.

The plan's parts live below both the checking (``cells``, ``households``) and the writing
(``apply``), which all speak of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from relocdesk.roster.address import place_parts
from relocdesk.roster.ignored import IgnoredColumn
from relocdesk.roster.raw import RawTable
from relocdesk.roster.values import Unrecognised, unrecognised
from relocdesk.store.search import spoken
from relocdesk.validation import label

Duplicates = Literal["skip", "update"]
Action = Literal["insert", "update", "skip", "repeat", "error"]


class ImportCancelled(Exception):
    """The person cancelled; nothing was written."""


@dataclass(frozen=True)
class CellError:
    field: str
    column: str  # the header as written in the file
    code: str
    message_zh: str
    message_en: str
    value: str  # the raw cell text

    @property
    def where(self) -> str:
        """Where the clerk finds it: the column as the file writes it, else the field's name
        in Chinese (a member held back with a rejected head points at no cell of its own)."""
        return self.column or label(self.field)[0]


@dataclass
class ReportRow:
    index: int  # position among the data rows of the RawTable
    row_number: int  # 1-based row in the sheet, as the clerk sees it
    action: Action
    name: str = ""
    id_number: str = ""
    errors: list[CellError] = field(default_factory=list)
    notes: list[CellError] = field(default_factory=list)  # corrections and repeats: not errors
    sheet: str = ""  # its sheet, when the workbook's roster was read from several

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def place_zh(self) -> str:
        """Where the clerk finds the row: 第 5 行, or 2栋 第 5 行."""
        return f"{self.sheet} 第 {self.row_number} 行" if self.sheet else f"第 {self.row_number} 行"

    @property
    def place_en(self) -> str:
        return f"row {self.row_number} of {self.sheet}" if self.sheet else f"row {self.row_number}"

    def where(self) -> dict[str, Any]:
        """The row's place for the JSON report: its row, and its sheet when there are several."""
        return (
            {"sheet": self.sheet, "row": self.row_number}
            if self.sheet
            else {"row": self.row_number}
        )


@dataclass
class HouseholdPlan:
    key: str
    household_no: str
    id: str
    existing: bool
    building: str | None
    values: dict[str, Any] = field(default_factory=dict)  # household columns from the file
    head_person_id: str | None = None
    existing_head: str | None = None


@dataclass
class PersonPlan:
    index: int
    id: str
    existing: bool
    household_key: str
    values: dict[str, Any]  # person columns from the file, cleaned
    training: dict[str, Any] = field(default_factory=dict)  # the row's training, if any
    home: str | None = None  # the household an existing person lives in before the import


@dataclass
class ImportPlan:
    raw: RawTable
    mapping: dict[int, str | None]
    duplicates: Duplicates
    report: list[ReportRow]
    problems: list[CellError]  # file-level: missing columns and the like
    households: dict[str, HouseholdPlan]
    people: list[PersonPlan]  # rows to insert or update, file order
    stamp: tuple[Any, ...]  # the state of the database the plan was made against
    ignored: list[IgnoredColumn] = field(default_factory=list)  # columns not imported, why
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # words mapped, by field
    # the building (-unit) a sheet's name gave its rows, by sheet (households.sheet_places)
    sheet_places: dict[str, str] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.report if r.action == "error")

    @property
    def valid_count(self) -> int:
        return len(self.report) - self.error_count

    def count(self, action: Action) -> int:
        return sum(1 for r in self.report if r.action == action)

    @property
    def ok(self) -> bool:
        return not self.problems and self.error_count == 0

    def unrecognised(self) -> dict[str, list[Unrecognised]]:
        """Per coded field, the words no vocabulary knows, with how many cells hold each."""
        return unrecognised(e for r in self.report for e in r.errors)

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.raw.source,
            "sheet": self.raw.sheet,
            "sheets": [
                {"name": n, "rows": k, **_place(self.sheet_places.get(n))}
                for n, k in self.raw.sheets
            ],
            "sheets_not_read": [
                {"name": n, "zh": zh, "en": en} for n, zh, en in self.raw.skipped_sheets
            ],
            "encoding": self.raw.encoding,
            "header_row": self.raw.header_row_index + 1,
            # the file's rows, also when missing columns left them unchecked (no report)
            "rows": len(self.raw.rows),
            "valid": self.valid_count,
            "errors": self.error_count,
            "insert": self.count("insert"),
            "update": self.count("update"),
            "skip": self.count("skip"),
            "new_households": sum(1 for h in self.households.values() if not h.existing),
            "duplicates": self.duplicates,
            **self.counts(),
        }

    def counts(self) -> dict[str, Any]:
        """What the report counts besides the actions: rows read, rows that are not people,
        repeats, values corrected, rejected rows by reason and the columns not imported."""
        skipped = Counter(kind for _, kind in self.raw.skipped)
        reasons: Counter[str] = Counter()
        for r in self.report:
            if r.action == "error":
                reasons.update({e.code for e in r.errors})
        return {
            "rows_read": len(self.raw.rows) + len(self.raw.skipped),
            "skipped_rows": dict(skipped),
            "skipped_total": sum(skipped.values()),
            "repeats": self.count("repeat"),
            "corrected": sum(
                1 for r in self.report for n in r.notes if n.code.startswith("corrected_")
            ),
            "rejected_by_reason": dict(sorted(reasons.items())),
            "ignored_columns": [c.json() for c in self.ignored],
            "unrecognised_values": {
                f: [u.json() for u in found] for f, found in self.unrecognised().items()
            },
        }

    def to_json(self, max_rows: int | None = None) -> dict[str, Any]:
        bad = [r for r in self.report if r.errors]
        return {
            "summary": self.summary(),
            "mapping": {self.raw.headers[i]: f for i, f in self.mapping.items() if f},
            "problems": [error_json(e) for e in self.problems],
            "rows": [
                {
                    **r.where(),
                    "name": r.name,
                    "id_number": r.id_number,
                    "errors": [error_json(e) for e in r.errors],
                }
                for r in bad[:max_rows]
            ],
            "notes": [
                {**r.where(), "name": r.name, "notes": [error_json(n) for n in r.notes]}
                for r in self.report
                if r.notes
            ][:max_rows],
        }


def error_json(e: CellError) -> dict[str, str]:
    return {
        "field": e.field,
        "column": e.column,
        "code": e.code,
        "zh": e.message_zh,
        "en": e.message_en,
        "value": e.value,
    }


def _place(place: str | None) -> dict[str, Any]:
    """A sheet's building and unit from its name ("1-2"), and how the report says them."""
    if not place:
        return {"building": None, "unit": None, "place": None}
    building, unit = place_parts(place)
    return {"building": building, "unit": unit, "place": spoken(building, unit, None)}
