"""The roster as the desk offers it (``desk.roster``): read a file, check it against this
database, import the checked plan, export the community, and write the rejected rows.

Each call runs where the desk lives (the app's database worker) and may take a progress
callback and a cancel test; nothing here holds state between calls but the desk.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from relocdesk.roster.apply import ImportResult, Mode, apply_import, write_rejects
from relocdesk.roster.columns import suggest_mapping
from relocdesk.roster.export import export_roster
from relocdesk.roster.plan import Cancel, Duplicates, ImportPlan, Progress, plan_import
from relocdesk.roster.raw import RawTable
from relocdesk.roster.read import read_table
from relocdesk.roster.values import ValueMap, ValueMapError, merged, parse_value_map

# the desk setting (local, never synced) holding the clerks' value map as JSON
VALUE_MAP_SETTING = "roster_value_map"

if TYPE_CHECKING:
    from relocdesk.desk import Desk


class RosterService:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @staticmethod
    def read(path: str | Path) -> RawTable:
        """The file's cells as text, from its first sheet with a roster header."""
        return read_table(path)

    @staticmethod
    def suggest_mapping(table: RawTable) -> dict[int, str | None]:
        """The field each column of a read file seems to be, by its header."""
        return suggest_mapping(list(table.headers))

    def check(
        self,
        table: RawTable,
        mapping: Mapping[int, str | None],
        duplicates: Duplicates = "skip",
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        values: Mapping[str, Mapping[str, str]] | None = None,
    ) -> ImportPlan:
        """Every row judged against the fields and this database; nothing is written.
        ``values`` maps words no vocabulary knows to known values (roster.values)."""
        return plan_import(
            self.desk,
            table,
            mapping,
            duplicates=duplicates,
            progress=progress,
            cancel=cancel,
            values=values,
        )

    def value_map(self) -> ValueMap:
        """The words this community's clerks mapped on earlier imports, by field.

        Kept in the desk's local settings, not synced: the words are those of this office's
        spreadsheets, and a wrong mapping should not travel to other devices unseen."""
        text = self.desk.setting(VALUE_MAP_SETTING)
        if not text:
            return {}
        try:
            return parse_value_map(json.loads(text))
        except (ValueError, ValueMapError):  # a value since dropped from a list: start over
            return {}

    def remember_values(self, values: Mapping[str, Mapping[str, str]]) -> ValueMap:
        """Add the words mapped on this import to those remembered; returns the whole map."""
        whole = merged(self.value_map(), parse_value_map(values))
        # one statement on an autocommit connection: the whole map or the old one
        self.desk.set_setting(VALUE_MAP_SETTING, json.dumps(whole, ensure_ascii=False))
        return whole

    def apply(
        self,
        plan: ImportPlan,
        mode: Mode = "all_or_nothing",
        rejects_path: str | Path | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Write a checked plan in one transaction (a cancel or a failure leaves nothing)."""
        return apply_import(
            self.desk,
            plan,
            mode=mode,
            rejects_path=rejects_path,
            progress=progress,
            cancel=cancel,
        )

    def export(
        self, path: str | Path, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> int:
        """Every household and person of the community to .xlsx; returns the people written."""
        return export_roster(self.desk, path, progress, cancel)

    @staticmethod
    def write_rejects(plan: ImportPlan, path: str | Path) -> None:
        """The rows with errors, their cells and the reasons, to .xlsx or .csv."""
        write_rejects(plan, path)
