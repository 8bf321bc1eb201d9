"""Roster import and export: .xlsx, .xls, .ods and .csv (UTF-8 or GBK) in, formatted .xlsx out.

``read_table`` reads cells as text, ``suggest_mapping`` maps headers to fields (the app's
mapping step edits it), ``plan_import`` checks every row without writing, ``apply_import``
writes the plan in one transaction, ``export_roster`` writes what the import reads back.
"""

from __future__ import annotations

from relocdesk.roster.apply import ImportResult, apply_import, write_rejects
from relocdesk.roster.columns import BY_FIELD, TARGETS, Target, normalize_header, suggest_mapping
from relocdesk.roster.export import export_roster
from relocdesk.roster.plan import plan_import
from relocdesk.roster.planned import CellError, ImportCancelled, ImportPlan, ReportRow
from relocdesk.roster.raw import RawTable, RosterReadError
from relocdesk.roster.read import read_table

__all__ = [
    "BY_FIELD",
    "TARGETS",
    "CellError",
    "ImportCancelled",
    "ImportPlan",
    "ImportResult",
    "RawTable",
    "ReportRow",
    "RosterReadError",
    "Target",
    "apply_import",
    "export_roster",
    "normalize_header",
    "plan_import",
    "read_table",
    "suggest_mapping",
    "write_rejects",
]
