"""What the device and the county server agree the community's data is made of: the synced
tables, which of them are append-only, the columns every synced row carries and which fields
are health data.

Kept apart from the store (the device's SQLite writer) and the server (SQLAlchemy) so both
ends of sync, and the sync protocol between them, read the same lists without importing
each other. Plain values only: importing this costs nothing.
"""

from __future__ import annotations

# The columns sync itself keeps on every synced row; the others are the row's data.
SYNC_COLUMNS = ("id", "community_id", "created_at", "updated_at", "updated_by", "deleted", "clocks")
SYNCED_TABLES = (
    "community",
    "building_head",
    "building",
    "household",
    "person",
    "referral",
    "referral_event",
    "visit",
    "need",
    "need_event",
    "training",
    "warning_ack",
    "conflict",
    "audit",
    "warning_closeout",
    "employment_event",
    "facility",
)
# Rows written once and never changed: no field of them can ever conflict.
APPEND_ONLY = frozenset(
    {"referral_event", "visit", "need_event", "audit", "warning_closeout", "employment_event"}
)

# Fields of a person that are health data: who may see them is the role policy's business
# (relocdesk.roles).
HEALTH_FIELDS = frozenset({"disability_grade", "serious_illness", "severe_disability"})

# The data fields of each synced table and the kind of scalar each holds, as the device's
# schema (store/schema_v1.sql and its migrations) declares them; a test holds the two equal.
# The server checks every op against this before it takes a community's lock: a field it
# does not name, or a value of another kind (a nested object, a list), is refused there,
# because once stored it would fail every device that pulls it.
TEXT, INTEGER, REAL = "text", "integer", "real"


def _kinds(text: str = "", integer: str = "", real: str = "") -> dict[str, str]:
    out = dict.fromkeys(text.split(), TEXT)
    out.update(dict.fromkeys(integer.split(), INTEGER))
    out.update(dict.fromkeys(real.split(), REAL))
    return out


FIELDS: dict[str, dict[str, str]] = {
    "community": _kinds("name county subdistrict township address"),
    "building_head": _kinds("person_id name phone since notes"),
    "building": _kinds("number name building_head_id", "units floors"),
    "household": _kinds(
        "building_id room household_no head_person_id origin_county origin_township"
        " origin_village origin_region_code move_in_date registration_status dibao phone"
        " notes status monitor_type monitor_risk housing_safety water_safety guarantees_checked",
        "unit formerly_poor monitored extreme_poverty income_year",
        "income_wages income_business income_transfers income_property income_last_year",
    ),
    "person": _kinds(
        "household_id name gender id_number birth_date relation ethnicity phone education"
        " school grade school_status labour_capacity employment_status employer job"
        " work_place skills disability_grade serious_illness registration_address"
        " permit_number permit_status permit_issued permit_expiry residence_registered",
        "ins_medical ins_critical ins_pension ins_employment ins_residence left_behind_child"
        " elderly_alone severe_disability child_in_difficulty elderly_in_difficulty",
        "monthly_wage",
    ),
    "referral": _kinds(
        "person_id date referred_by building_head_id employer position kind outcome"
        " outcome_date outcome_note",
        real="wage_offered",
    ),
    "referral_event": _kinds("referral_id date outcome note recorded_by"),
    "visit": _kinds("household_id date visitor kind met notes"),
    "need": _kinds(
        "household_id person_id visit_id source raised_date category description status"
        " assignee due_date resolution closed_date indicator subject_id"
    ),
    "need_event": _kinds("need_id date status note recorded_by"),
    "training": _kinds("person_id course provider start_date end_date certificate result"),
    "warning_ack": _kinds("indicator subject_id acked_by acked_date reason until"),
    "conflict": _kinds(
        "tbl row_id field lost_value won_value lost_clock won_clock lost_device won_device"
        " resolution resolved_by resolved_at"
    ),
    "audit": _kinds("action subject_table subject_id actor at detail household_id person_id"),
    "warning_closeout": _kinds(
        "indicator subject_id household_id person_id raised_date closed_date need_id facts_zh"
        " facts_en cleared_by recorded_by"
    ),
    "employment_event": _kinds(
        "person_id date source from_status to_status from_employer to_employer from_job"
        " to_job from_place to_place referral_id recorded_by"
    ),
    "facility": _kinds("name kind status address contact notes", "capacity served"),
}
# Sync columns an op may carry besides the data fields: the row's community (checked to be the
# device's own) and its tombstone.
OP_COLUMNS = {"community_id": TEXT, "deleted": INTEGER}

# What a row of a table hangs off: (the table of its parent, the field naming it). Scoping (a
# building head receives the rows of its buildings' households) follows these links up to a
# household; tables not named hang off nothing but the community.
PARENTS: dict[str, tuple[str, str]] = {
    "person": ("household", "household_id"),
    "visit": ("household", "household_id"),
    "need": ("household", "household_id"),
    "need_event": ("need", "need_id"),
    "referral": ("person", "person_id"),
    "training": ("person", "person_id"),
    "referral_event": ("referral", "referral_id"),
    "warning_closeout": ("household", "household_id"),
    "employment_event": ("person", "person_id"),
}
