"""Evaluators added with the monitoring loop (issue 14), kept beside the first set so that
module stays within its size: registered into ``EVALUATORS`` when the catalogue loads."""

from __future__ import annotations

from relocdesk.monitoring.evaluators import (
    EVALUATORS,
    PERSON_FROM,
    PERSON_SUBJECT,
    Evaluator,
    _bind_days,
)

# The day a person's employment was last known to hold: their latest employment event, else
# the day their employment status was last set (its field clock, or the row's creation),
# read from the clock's milliseconds.
_LAST_KNOWN = """coalesce(
    (SELECT max(e.date) FROM employment_event e WHERE e.person_id = p.id AND e.deleted = 0),
    (SELECT date(CAST(substr(coalesce(json_extract(s.clocks, '$.employment_status'),
                                      s.created_at), 1, 16) AS INTEGER) / 1000, 'unixepoch')
     FROM person s WHERE s.id = p.id))"""

MORE = [
    Evaluator(
        "employment_not_verified",
        "person",
        f"""SELECT * FROM (
            {PERSON_SUBJECT}, p.employer, {_LAST_KNOWN} AS verified {PERSON_FROM}
            AND p.employed = 1)
        WHERE verified <= :cut""",
        params=("days",),
        facts=("employer", "verified"),
        bind=_bind_days,
    ),
]
EVALUATORS.update((e.name, e) for e in MORE)
