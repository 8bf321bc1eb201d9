"""The roster page's value types: the fields a roster column can go into, and what a read
file, a checked plan and an import's result look like. The work itself is ``desk.roster``.

Importing this module loads the roster package (about 50 ms): screens import it when the
roster page first needs it, not at start-up.
"""

from __future__ import annotations

from relocdesk.roster.apply import ImportResult, Mode
from relocdesk.roster.columns import BY_FIELD, GROUPING, REQUIRED, TARGETS, Target
from relocdesk.roster.plan import CellError, Duplicates, ImportCancelled, ImportPlan, ReportRow
from relocdesk.roster.raw import RawTable, RosterReadError
from relocdesk.roster.reasons import reason_label, skipped_label
from relocdesk.roster.values import Unrecognised, ValueMap, known_values

__all__ = [
    "BY_FIELD",
    "GROUPING",
    "REQUIRED",
    "TARGETS",
    "CellError",
    "Duplicates",
    "ImportCancelled",
    "ImportPlan",
    "ImportResult",
    "Mode",
    "RawTable",
    "ReportRow",
    "RosterReadError",
    "Target",
    "Unrecognised",
    "ValueMap",
    "known_values",
    "reason_label",
    "skipped_label",
]
