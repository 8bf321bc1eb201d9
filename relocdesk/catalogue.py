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
)
# Rows written once and never changed: no field of them can ever conflict.
APPEND_ONLY = frozenset({"referral_event", "visit", "need_event", "audit"})

# Fields of a person that are health data: who may see them is the role policy's business
# (relocdesk.roles).
HEALTH_FIELDS = frozenset({"disability_grade", "serious_illness", "severe_disability"})
