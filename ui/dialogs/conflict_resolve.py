"""The conflicts inbox's actions: confirm the winner, or reverse, through the task runner.

The rules live in the core (``desk.conflicts``): confirming keeps the value that won;
reversing writes the lost value back as a new edit that syncs, and marks the conflict, in
one transaction. This module only hands the choice to the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relocdesk.desk import Desk

Row = dict[str, Any]
CONFIRMED, REVERSED = "confirmed", "reversed"


def resolution_job(conflict_id: str, resolution: str, by: str) -> Callable[[Desk], Row]:
    """The job for the database worker that confirms or reverses one conflict."""
    if resolution not in (CONFIRMED, REVERSED):
        raise ValueError(resolution)

    def job(desk: Desk) -> Row:
        if resolution == CONFIRMED:
            return desk.conflicts.confirm(conflict_id, by=by)
        return desk.conflicts.reverse(conflict_id, by=by)

    return job


def resolve(
    run_db: Callable[..., Any],
    conflict_id: str,
    resolution: str,
    by: str,
    on_done: Callable[[Row], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Confirm (``"confirmed"``) or reverse (``"reversed"``) a conflict on the DB worker."""
    run_db(resolution_job(conflict_id, resolution, by), on_done, on_error)
