"""The shared catalogue's field kinds are the device schema's: a migration that adds or
changes a column without the catalogue (or the reverse) fails here, before the server
starts refusing the new field from every device."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from relocdesk.catalogue import FIELDS, SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.store.migrations import migrate


def test_catalogue_field_kinds_are_the_migrated_schemas(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "device.db")
    migrate(conn)
    schema = {
        table: {
            r[1]: r[2].lower()
            for r in conn.execute(f"PRAGMA table_info({table})")
            if r[1] not in SYNC_COLUMNS
        }
        for table in SYNCED_TABLES
    }
    conn.close()
    assert set(FIELDS) == set(SYNCED_TABLES)
    assert schema == FIELDS
