"""ID numbers as a role may see them: in full for office staff (``roles.SEES_ID_NUMBERS``),
masked for a building head — a resident volunteer — on every screen, list, printed form
and command of the device. The device's role is the one its enrollment stored
(``sync_role``); a device never enrolled belongs to the office that set it up.

The full number stays in the database: sync, duplicate checks and search by number work as
before; what is masked is what is shown.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3
from typing import Any, TypeVar

from relocdesk import roles
from relocdesk.validation import mask_id_number

T = TypeVar("T")
# The fields of the forms' models and the queries' rows that hold ID numbers.
ID_FIELDS = frozenset({"id_number", "head_id_number"})


def device_role(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = 'sync_role'").fetchone()
    return str(row[0]) if row and row[0] else ""


def masks_ids(role: str) -> bool:
    """Whether ``role`` sees ID numbers masked ("" — not enrolled — sees them)."""
    return bool(role) and role not in roles.SEES_ID_NUMBERS


def shown(value: str | None, role: str) -> str:
    if not value:
        return value or ""
    return mask_id_number(value) if masks_ids(role) else value


def masked(item: T) -> T:
    """A dataclass (a form's model) with every ID number in it masked, nested members and
    lists of them included."""
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        return item
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if f.name in ID_FIELDS and isinstance(value, str) and value:
            changes[f.name] = mask_id_number(value)
        elif dataclasses.is_dataclass(value):
            changes[f.name] = masked(value)
        elif isinstance(value, tuple | list) and value and dataclasses.is_dataclass(value[0]):
            changes[f.name] = type(value)(masked(v) for v in value)
    return dataclasses.replace(item, **changes) if changes else item  # type: ignore[type-var]


# An ID number (18 characters, or an old 15-digit one) or a phone number (a mobile's eleven
# digits, or a landline with its area code) standing on its own in free text: a command line,
# an error's message, a traceback. Letters and digits on either side make it part of
# something else (a record's hexadecimal id, a longer number).
_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d(?:[- ]?\d{4}){2}|0\d{2,3}-\d{7,8})"
    r"(?![0-9A-Za-z])"
)


def scrubbed(text: str) -> str:
    """``text`` with every ID number and phone number in it masked, as a list shows an ID
    number: what goes to a log file or a crash report, which anyone at the laptop (or the
    person it is sent to for support) may read."""
    return _IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)


class ScrubbedLog(logging.Formatter):
    """A log line, its traceback included, with the ID and phone numbers in it masked: an
    error's message may quote a cell or a command line, and the log is not the place for a
    family's numbers."""

    def format(self, record: logging.LogRecord) -> str:
        return scrubbed(super().format(record))
