"""The head of a household leaving it: removed (a death, a move away) or moved to another.

The household card, the residence-permit forms and ``relocdesk show`` name the head. Removing
the head left the household naming a person no longer in it, and the card printed the removed
person as its head. Household registration names the new head first (户主变更), and so does
this: while others still live in the household, its head is neither removed nor moved out
until another member is made head. The last member may leave; the household then names none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from relocdesk.validation import ValidationError


def last_to_leave(
    conn: sqlite3.Connection, person: Mapping[str, Any], to_household: str | None
) -> bool:
    """Whether ``person``, leaving their household (removed, or ``to_household``), is its head
    and its last member. ValidationError when they are its head and others remain."""
    home = person.get("household_id")
    if not home or to_household == home:
        return False
    found = conn.execute("SELECT head_person_id FROM household WHERE id = ?", (home,)).fetchone()
    if found is None or found[0] != person["id"]:
        return False
    others = conn.execute(
        "SELECT count(*) FROM person WHERE household_id = ? AND deleted = 0 AND id <> ?",
        (home, person["id"]),
    ).fetchone()[0]
    if others:
        raise ValidationError(
            "head_person_id",
            "head_leaves",
            f"{person.get('name') or '此人'}是本户户主：请先在“编辑住户”中指定新的户主，"
            "再移除或迁出此人",
            f"{person.get('name') or 'this person'} is the household's head: make another"
            " member the head (Edit household) first, then remove or move them",
        )
    return True
