"""What the settings page shows about this desk: its community, where its data lives, the
device, and the income monitoring line set here."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# The desk setting the income indicators read (resources/indicators.json): yuan per person
# per year under which a household's income raises a warning. Unset: the county's default.
INCOME_LINE = "income_line"


@dataclass(frozen=True)
class DeskFacts:
    database: str  # the community database file
    folder: str  # the data folder holding it, its logs and printed PDFs
    community: str  # the community's name, '' before one is set up
    device: str
    income_line: str  # as stored, '' when the county's default applies


def desk_facts(conn: sqlite3.Connection, database: Path, device: str) -> DeskFacts:
    community, income_line = conn.execute(
        "SELECT (SELECT c.name FROM community c JOIN settings s ON s.value = c.id"
        "         WHERE s.key = 'community_id'),"
        " (SELECT value FROM settings WHERE key = ?)",
        (INCOME_LINE,),
    ).fetchone()
    return DeskFacts(
        str(database), str(database.parent), community or "", device, income_line or ""
    )


def income_line_of(text: str) -> str | None:
    """The income monitoring line (yuan per person per year) as stored, from what was typed;
    None for nothing typed (the county's default applies)."""
    from relocdesk.validation import money

    return f"{money(text, INCOME_LINE):g}" if text.strip() else None
