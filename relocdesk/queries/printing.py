"""What the print page shows before anything is printed: the kinds of form, and what "all
pending" would print on a given day.

Pending is decided in ``relocdesk.forms.subjects`` (what was never printed, or for a
household card changed since its last print; visits only of the last
``RECENT_VISIT_DAYS`` days): the same rule the print itself uses, so the count beside
"All pending" is the number of forms the next batch holds.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

from relocdesk.forms.printing import KINDS as FORM_KINDS
from relocdesk.forms.subjects import RECENT_DAYS as RECENT_VISIT_DAYS

__all__ = ["FORM_KINDS", "ON_DEMAND", "RECENT_VISIT_DAYS", "PendingForms", "pending_forms"]

# Printed for one household to take to the door: never "pending".
ON_DEMAND = frozenset({"visit_form"})


@dataclass(frozen=True)
class PendingForms:
    """The subjects (people, households, referrals or visits) a batch of one kind prints."""

    kind: str
    on: datetime.date
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


def pending_forms(conn: sqlite3.Connection, kind: str, on: datetime.date) -> PendingForms:
    """What "all pending" of ``kind`` would print on ``on``, in the order it prints them."""
    from relocdesk.forms import printing

    return PendingForms(kind, on, tuple(printing.pending(conn, kind, today=on)))
