"""Evaluators added with the monitoring loop (issue 14), kept beside the first set so that
module stays within its size: registered into ``EVALUATORS`` when the catalogue loads."""

from __future__ import annotations

import datetime
from typing import Any

from relocdesk import enums
from relocdesk.monitoring.evaluators import (
    EVALUATORS,
    HOUSEHOLD_FROM,
    HOUSEHOLD_SUBJECT,
    PERSON_FROM,
    PERSON_SUBJECT,
    SINCE_VISIT,
    Evaluator,
    Facts,
    Params,
    _bind_days,
    _since_text,
)

FACILITY_SUBJECT = (
    "SELECT f.id AS subject_id, NULL AS household_id, NULL AS person_id, NULL AS person_name,"
    " f.name, f.kind"
)
FACILITY_FROM = "FROM facility f WHERE f.deleted = 0"


def _bind_ahead(params: Params, today: datetime.date) -> dict[str, Any]:
    return {"until": (today + datetime.timedelta(days=int(params["days"]))).isoformat()}


# The day a person's employment was last known to hold: their latest employment event, else
# the day their employment status was last set (copied with the person: ``status_set``).
_LAST_KNOWN = """coalesce(
    (SELECT max(e.date) FROM employment_event e WHERE e.person_id = p.id AND e.deleted = 0),
    p.status_set)"""


def _checked_text(f: Facts) -> None:
    day = f.get("checked")
    f["checked_zh"] = f"{day} 核查" if day else "核查日期未登记"
    f["checked_en"] = f"checked on {day}" if day else "no check date recorded"


def _group_not_visited(name: str, flag: str, members: str) -> Evaluator:
    """A household with a person of a special group (``flag``; ``members`` of it counted per
    household in monitoring's household table) whose last visit is older than the group's
    cadence; the group's members are named."""
    # The households by their count of the group's members, not by looking them up from the
    # list of those members: a scan of monitoring's 426,000 people for each of the two groups
    # at 100,000 households. The order is the households' ids, as that list gave it.
    names = (
        "(SELECT group_concat(g.name, '、') FROM person g"
        f" WHERE g.household_id = h.id AND g.deleted = 0 AND g.{flag} = 1) AS names"
    )
    return Evaluator(
        name,
        "household",
        f"{HOUSEHOLD_SUBJECT}, {names}, h.last_visit, {SINCE_VISIT} {HOUSEHOLD_FROM}"
        f" AND h.{members} > 0 AND (h.last_visit IS NULL OR h.last_visit <= :cut)"
        # the few households found, sorted (+: not the whole table read in the order of its
        # index on id)
        " ORDER BY +h.id",
        params=("days",),
        facts=("names", "last_visit", "since_days", "since_zh", "since_en"),
        bind=_bind_days,
        finish=_since_text,
    )


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
    # The expiry is copied with the person: no lookup in the person table at all.
    Evaluator(
        "permit_expiring",
        "person",
        f"""{PERSON_SUBJECT}, p.permit_expiry AS expiry,
               CAST(julianday(p.permit_expiry) - julianday(:today) AS INTEGER) AS days_left
        {PERSON_FROM} AND p.permit_status = 'issued' AND p.permit_expiry IS NOT NULL
          AND p.permit_expiry <= :until""",
        params=("days",),
        facts=("expiry", "days_left"),
        bind=_bind_ahead,
    ),
    Evaluator(
        "housing_unsafe",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.guarantees_checked AS checked"
        f" {HOUSEHOLD_FROM} AND h.housing_safety = 'unsafe'",
        facts=("checked", "checked_zh", "checked_en"),
        finish=_checked_text,
    ),
    Evaluator(
        "water_unsafe",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.guarantees_checked AS checked"
        f" {HOUSEHOLD_FROM} AND h.water_safety = 'unsafe'",
        facts=("checked", "checked_zh", "checked_en"),
        finish=_checked_text,
    ),
    Evaluator(
        "guarantees_not_checked",
        "household",
        # a check on record that has aged; a household never checked is not warned of, or
        # every household would be until the first round of checks is entered
        f"{HOUSEHOLD_SUBJECT}, h.guarantees_checked AS checked,"
        " CAST(julianday(:today) - julianday(h.guarantees_checked) AS INTEGER) AS age"
        f" {HOUSEHOLD_FROM} AND h.guarantees_checked <= :cut",
        params=("days",),
        facts=("checked", "age"),
        bind=_bind_days,
    ),
    _group_not_visited("child_not_visited", "child_in_difficulty", "children_in_difficulty"),
    _group_not_visited("elderly_not_visited", "elderly_in_difficulty", "elderly_in_difficulty"),
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
