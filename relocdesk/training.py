"""The training archive: each person's trainings (course, provider, dates, certificate, result).

``Trainings`` (``desk.trainings``) is the record set: it checks every field with
``fields.clean`` and the rules that span fields here — a training cannot end before it
starts, and one recorded as completed (已结业) cannot end after today. ``of_person`` and
``of_household`` list a person's or a household's trainings, newest first.

What makes a person count as trained for monitoring is ``definitions.TRAINED``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from relocdesk import validation
from relocdesk.records import Records, Row

if TYPE_CHECKING:
    from relocdesk.queries.household_file import TrainingLine


def _error(field: str, code: str, zh: str, en: str) -> validation.ValidationError:
    zh_label, en_label = validation.label(field)
    return validation.ValidationError(field, code, f"{zh_label}{zh}", f"{en_label} {en}")


def check_dates(values: Mapping[str, Any], today: datetime.date | None = None) -> None:
    """The rules across a training's fields, on the row as it would be after the write."""
    start, end = values.get("start_date"), values.get("end_date")
    errors = []
    if start and end and end < start:
        errors.append(
            _error(
                "end_date",
                "before_start",
                f"（{end}）早于培训开始日期（{start}）",
                f"({end}) is before the start date ({start})",
            )
        )
    day = (today or datetime.date.today()).isoformat()
    if values.get("result") == "completed" and end and end > day:
        errors.append(
            _error(
                "result",
                "completed_in_future",
                f"为“已结业”，但培训结束日期（{end}）还未到",
                f"is 'completed' but the end date ({end}) is still to come",
            )
        )
    if errors:
        raise validation.ValidationErrors(errors)


class Trainings(Records):
    def create(self, *, person_id: str, course: str, **more: Any) -> Row:
        return self.insert({"person_id": person_id, "course": course, **more})

    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        clean = super().prepare(values, old)
        check_dates({**(old or {}), **clean})
        return clean

    def of_person(self, person_id: str) -> list[Row]:
        cur = self.conn.execute(
            "SELECT * FROM training WHERE person_id = ? AND deleted = 0"
            " ORDER BY coalesce(start_date, end_date, created_at) DESC, created_at DESC",
            (person_id,),
        )
        return [dict(r) for r in cur]

    def lines(self, person_id: str) -> tuple[TrainingLine, ...]:
        """The person's trainings as the household file shows them (the person dialog)."""
        from relocdesk.queries.household_file import trainings

        return trainings(self.conn, [person_id])
