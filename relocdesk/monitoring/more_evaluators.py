"""Evaluators added with the monitoring loop (issue 14), kept beside the first set so that
module stays within its size: registered into ``EVALUATORS`` when the catalogue loads."""

from __future__ import annotations

import datetime
from typing import Any

from relocdesk import enums
from relocdesk.monitoring.evaluators import (
    EVALUATORS,
    LIVE_PERSON,
    PERSON_FROM,
    PERSON_SUBJECT,
    Evaluator,
    Params,
    _bind_days,
)

FACILITY_SUBJECT = (
    "SELECT f.id AS subject_id, NULL AS household_id, NULL AS person_id, NULL AS person_name,"
    " f.name, f.kind"
)
FACILITY_FROM = "FROM facility f WHERE f.deleted = 0"


def _bind_ahead(params: Params, today: datetime.date) -> dict[str, Any]:
    return {"until": (today + datetime.timedelta(days=int(params["days"]))).isoformat()}


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
    Evaluator(
        "employed_without_employment_insurance",
        "person",
        # every employed worker, not only those outside the county (EMP-06 has those)
        f"{PERSON_SUBJECT}, p.employer {PERSON_FROM} AND p.employed = 1"
        " AND p.employment_status <> 'outside_county' AND p.ins_employment = 0",
        facts=("employer",),
    ),
    Evaluator(
        "permit_expiring",
        "person",
        f"""SELECT p.id AS subject_id, p.household_id, p.id AS person_id, p.name AS person_name,
               p.permit_expiry AS expiry,
               CAST(julianday(p.permit_expiry) - julianday(:today) AS INTEGER) AS days_left
        FROM monitoring_person m {LIVE_PERSON.format("m.id")}
        WHERE p.permit_status = 'issued' AND p.permit_expiry IS NOT NULL
          AND p.permit_expiry <= :until""",
        params=("days",),
        facts=("expiry", "days_left"),
        bind=_bind_ahead,
    ),
    Evaluator(
        "facility_not_in_service",
        "facility",
        f"{FACILITY_SUBJECT}, f.status {FACILITY_FROM} AND f.status <> 'in_service'",
        facts=("name", "kind", "status"),
        labels={"kind": enums.FACILITY_KIND, "status": enums.FACILITY_STATUS},
    ),
    Evaluator(
        "facility_over_capacity",
        "facility",
        f"""{FACILITY_SUBJECT}, f.served, f.capacity,
               CAST(round(f.served * 100.0 / f.capacity) AS INTEGER) AS load
        {FACILITY_FROM} AND f.capacity > 0 AND f.served * 100 > f.capacity * :percent""",
        params=("percent",),
        facts=("name", "kind", "served", "capacity", "load"),
        labels={"kind": enums.FACILITY_KIND},
    ),
]
EVALUATORS.update((e.name, e) for e in MORE)
