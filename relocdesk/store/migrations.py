"""Numbered, append-only migrations of the local database.

Never edit or reorder a migration that has shipped: add a new one at the end of
``STEPS``. Before pending migrations run, the file is copied aside
(``<name>.before-<migration>.bak``) so a failed upgrade can always be undone by hand.

The steps are applied by sqlite-utils ``Migrations``, but that library pulls in pandas and
numpy when imported (most of a second), so an up-to-date database is recognised from the
migrations table with plain SQL and sqlite-utils is only imported when there is work to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

SET_NAME = "relocdesk"
TABLE = "_sqlite_migrations"


def m0001_initial_schema(db: Database) -> None:
    sql = resources.files("relocdesk.store").joinpath("schema_v1.sql").read_text("utf-8")
    for statement in _statements(sql):
        db.execute(statement)


def m0002_search_index(db: Database) -> None:
    from relocdesk.store import search

    search.create(db.conn)
    search.rebuild(db.conn)


def m0003_search_phone_digits(db: Database) -> None:
    """Landlines are stored as 0854-8654321; index their bare digits too. The rebuild
    itself is added to this step's transaction by ``migrate``."""


def m0004_visit_live_index(db: Database) -> None:
    """Each household's latest visit and the visits of a month, read from the index alone:
    warnings and the dashboard otherwise fetch every visit row to see it is not deleted."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS visit_live_idx ON visit(household_id, date) WHERE deleted = 0"
    )


def m0005_sync_tables(db: Database) -> None:
    """Sync's own two tables: ``sync_held`` keeps server rows the local schema refuses (two
    people with one ID number registered on two devices), so they are neither lost nor stop
    the cursor; ``sync_seen`` lists the rows a full re-download received, to drop the local
    rows the server does not have. Devices that synced before this step already made them
    at run time, the same way: IF NOT EXISTS keeps what they hold."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS sync_held ("
        " tbl TEXT NOT NULL, row_id TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,"
        " PRIMARY KEY (tbl, row_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS sync_seen ("
        " tbl TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID"
    )


def m0006_staff(db: Database) -> None:
    """The people who sign in on this laptop, and their wrong PINs. Local only, never synced:
    a PIN hash has no business on the server. The failures are kept in the file, not in
    memory, so quitting and restarting the app does not reset the throttle."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS staff ("
        " id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
        " pin_hash TEXT NOT NULL, county_user TEXT, created TEXT NOT NULL, disabled TEXT)"
    )
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS staff_name_idx ON staff(name)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS staff_throttle ("
        " name TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure TEXT NOT NULL,"
        " locked_until TEXT) WITHOUT ROWID"
    )


def m0007_warning_loop(db: Database) -> None:
    """The monitoring loop (find, hand over, handle, close out). A need handed over from a
    warning names the warning it came from (``indicator``, ``subject_id``). Close-outs are
    synced and append-only: a warning whose facts stopped holding, when, and the change that
    cleared it. ``warning_open`` is this device's own list of the warnings it has seen
    raised and not yet closed out, with the day each was first seen; it is never synced (it
    is worked out again from the data on any device)."""
    db.execute("ALTER TABLE need ADD COLUMN indicator TEXT")
    db.execute("ALTER TABLE need ADD COLUMN subject_id TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS need_warning_idx ON need(indicator, subject_id)"
        " WHERE indicator IS NOT NULL"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS warning_closeout ("
        " id TEXT PRIMARY KEY, community_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
        " deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',"
        " indicator TEXT NOT NULL, subject_id TEXT NOT NULL, household_id TEXT,"
        " person_id TEXT, raised_date TEXT NOT NULL, closed_date TEXT NOT NULL,"
        " need_id TEXT, facts_zh TEXT, facts_en TEXT, cleared_by TEXT, recorded_by TEXT)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS warning_closeout_idx"
        " ON warning_closeout(indicator, subject_id, closed_date)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS warning_open ("
        " indicator TEXT NOT NULL, subject_id TEXT NOT NULL, household_id TEXT,"
        " person_id TEXT, raised_date TEXT NOT NULL, raised_clock TEXT NOT NULL,"
        " facts_zh TEXT, facts_en TEXT, PRIMARY KEY (indicator, subject_id)) WITHOUT ROWID"
    )


def m0008_employment_history(db: Database) -> None:
    """Employment history: every change of a person's employment status, employer, job or
    place of work, and every check that it still holds, as an append-only, synced event
    (date, from -> to, source: edit, referral outcome, import, verified)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS employment_event ("
        " id TEXT PRIMARY KEY, community_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
        " deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',"
        " person_id TEXT NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL,"
        " from_status TEXT, to_status TEXT, from_employer TEXT, to_employer TEXT,"
        " from_job TEXT, to_job TEXT, from_place TEXT, to_place TEXT,"
        " referral_id TEXT, recorded_by TEXT)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS employment_event_person_idx"
        " ON employment_event(person_id, date)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS employment_event_date_idx ON employment_event(date)")


def m0009_monitored_items(db: Database) -> None:
    """More monitored items: a residence permit's issue and expiry dates and the day the
    six months of residence registration started; the site's public facilities (school,
    kindergarten, clinic, the service centres of the "十个一"), each with its capacity, how
    many it serves and whether it is in service."""
    for column in ("permit_issued", "permit_expiry", "residence_registered"):
        db.execute(f"ALTER TABLE person ADD COLUMN {column} TEXT")
    db.execute(
        "CREATE TABLE IF NOT EXISTS facility ("
        " id TEXT PRIMARY KEY, community_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
        " deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL DEFAULT '{}',"
        " name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'in_service',"
        " capacity INTEGER, served INTEGER, address TEXT, contact TEXT, notes TEXT)"
    )


def m0010_county_params(db: Database) -> None:
    """The thresholds the county publishes (``relocdesk.sync.published``): received on
    sync, replaced whole, applied by monitoring over the catalogue's and this desk's own
    values. Not a synced table: the server decides them per county."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS county_param ("
        " key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
    )


def m0011_training(db: Database) -> None:
    """The training archive: who gave a training (``provider``, 培训机构) and how it ended
    (``result``, 结业情况: in training, completed, did not complete). Trainings recorded before
    this step keep an empty result; monitoring counts one of them as completed once its end
    date has passed, as it counted every training before."""
    db.execute("ALTER TABLE training ADD COLUMN provider TEXT")
    db.execute("ALTER TABLE training ADD COLUMN result TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS training_end_idx ON training(person_id, end_date)"
        " WHERE deleted = 0"
    )


def m0012_household_guarantees(db: Database) -> None:
    """Housing and drinking-water safety with the day they were last checked (the "3+1"
    guarantees); children and elderly in difficulty (困境儿童, 困难老人); the monitoring object
    type and risk type of the return-to-poverty prevention system, in place of the single
    "monitored" flag. A monitored household becomes 脱贫不稳定户 when it is formerly poor, else
    边缘易致贫户 (the one type that is not formerly poor and not a sudden event); the flag is
    kept, in step with the type, so nothing that read it is lost (relocdesk.household_facts)."""
    for column in (
        "monitor_type",
        "monitor_risk",
        "housing_safety",
        "water_safety",
        "guarantees_checked",
    ):
        db.execute(f"ALTER TABLE household ADD COLUMN {column} TEXT")
    for column in ("child_in_difficulty", "elderly_in_difficulty"):
        db.execute(f"ALTER TABLE person ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "UPDATE household SET monitor_type = CASE WHEN formerly_poor = 1 THEN 'unstable'"
        " ELSE 'marginal' END WHERE monitored = 1"
    )


def m0014_list_indexes(db: Database) -> None:
    """The indexes behind the lists' windows (relocdesk.queries.lists), so a screen reads
    what it shows and not the community: live people by name with their household (sort
    by name reads this index and stops after the window), live people per household and
    live households by id with what the people list filters and sorts on (each person's
    household is checked in an index, not the table), households by status with the
    list's filters (a household count from the index alone)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS person_list_name_idx ON person(name, household_id)"
        " WHERE deleted = 0"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS person_list_household_idx ON person(household_id)"
        " WHERE deleted = 0"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS household_list_id_idx"
        " ON household(id, status, building_id, unit, room) WHERE deleted = 0"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS household_list_status_idx"
        " ON household(status, deleted, building_id, unit)"
    )


def m0015_local_digest(db: Database) -> None:
    """The device's sync digest, kept up to date by triggers on every synced table instead of
    counted over every row at each check (``relocdesk.store.digest_log``). Starts uncounted:
    the first check counts it in full."""
    from relocdesk.store import digest_log

    digest_log.create(db.conn)


def m0016_person_household_index(db: Database) -> None:
    """One index of people by household in place of two: the first schema's full one
    (household_id), which foreign keys and queries over every row need, and 0014's partial
    one of live rows, which counts a household's live members from the index alone (a
    household list sorted by members: about 20 ms at 10,000 households, 300 ms from the
    full index and the rows). (household_id, deleted) does both: a live member count is
    still read from the index alone, and a roster import keeps one index up to date per
    person instead of two (docs/roster.md, "Speed")."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS person_household_live_idx ON person(household_id, deleted)"
    )
    db.execute("DROP INDEX IF EXISTS person_household_idx")
    db.execute("DROP INDEX IF EXISTS person_list_household_idx")


def m0017_audit_whose(db: Database) -> None:
    """Each audit row names the household and, where one person was concerned, the person
    (relocdesk.audit). Rows written before keep them empty: the readers derive them from
    the subject, and an audit row is never changed, here or on the server."""
    for column in ("household_id", "person_id"):
        db.execute(f"ALTER TABLE audit ADD COLUMN {column} TEXT")


def m0018_triage_households(db: Database) -> None:
    """Today's triage as of its last evaluation (``relocdesk.monitoring.triage``): one row per
    household with warnings not yet acknowledged, numbered in triage order (red first, then
    the most warnings), so the Today page reads a count and the window on screen instead of
    evaluating and holding every warning of the community. Local, never synced: any device
    works it out again from the data. And the indexes of Today's lists' windows."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS triage_household ("
        " position INTEGER PRIMARY KEY, household_id TEXT, household_no TEXT,"
        " building_id TEXT, building_no TEXT, unit INTEGER, room TEXT, building_head TEXT,"
        " red INTEGER NOT NULL, count INTEGER NOT NULL, handling INTEGER NOT NULL,"
        " kinds TEXT NOT NULL, evaluated_on TEXT NOT NULL)"
    )
    # Today's lists read windows: referrals waiting in date order from the index, and the
    # special-group households of the visit rule without reading every person.
    db.execute(
        "CREATE INDEX IF NOT EXISTS referral_pending_idx ON referral(date, id)"
        " WHERE deleted = 0 AND outcome = 'pending'"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS person_special_idx ON person(household_id) WHERE deleted = 0"
        " AND (coalesce(serious_illness, '') <> '' OR severe_disability = 1"
        " OR elderly_alone = 1 OR left_behind_child = 1)"
    )


def m0019_outbox_shape(db: Database) -> None:
    """The column lists of bulk-inserted ops' compact form (relocdesk.store.ops): a roster
    import's outbox op holds its values and the number of its shape, not every name."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS outbox_shape"
        " (id INTEGER PRIMARY KEY, names TEXT NOT NULL UNIQUE)"
    )


def m0020_person_name_index(db: Database) -> None:
    """One index of people by name: 0014's index of live people by (name, household) serves
    every lookup by name, all of which ask for live people; the first index by name alone
    was one more B-tree a roster import kept up to date for each person it added."""
    db.execute("DROP INDEX IF EXISTS person_name_idx")


def m0021_search_without_sizes(db: Database) -> None:
    """The full-text tables made again without their tables of token counts (``columnsize
    = 0``; relocdesk.store.search): nothing ranks by them, and each person and household
    wrote a row there. Filled again here, so the step leaves the index as it found it (an
    earlier step that needs a rebuild still gets its own)."""
    from relocdesk.store import search

    db.execute("DROP TABLE IF EXISTS search_name")
    db.execute("DROP TABLE IF EXISTS search_digits")
    search.create_text_indexes(db.conn)
    search.rebuild(db.conn)


def m0022_search_shows_hits(db: Database) -> None:
    """What a search hit shows (its household, title and detail: name, room, masked ID) kept
    in its ``search_doc`` row, so a hit list reads one compact table instead of the person,
    household, building and head rows spread over the file, each page decrypted when first
    read (docs/encryption.md). The index of people's titles answers an exact name; the index
    of households by head finds the entries that show a renamed person. Rebuilt here (as
    0021 does) rather than by ``migrate``: what the entries match is unchanged, but a
    rebuild numbers them in the order searched (people by name, households by room), so a
    query's hits lie together."""
    from relocdesk.store import search

    for column in ("household_id", "title", "detail"):
        db.execute(f"ALTER TABLE search_doc ADD COLUMN {column} TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS search_doc_title_idx ON search_doc(title) WHERE kind = 'person'"
    )
    db.execute("CREATE INDEX IF NOT EXISTS household_head_idx ON household(head_person_id)")
    search.rebuild(db.conn)


def m0025_outbox_refused(db: Database) -> None:
    """Ops set aside from the outbox (relocdesk.sync.refused): one the server refused, with
    its reason, or one this device can no longer read. Each is kept whole, so nothing a
    person wrote is lost, and the outbox behind it is sent."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS outbox_refused ("
        " op_id TEXT PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL, hlc TEXT NOT NULL,"
        " fields TEXT NOT NULL, base TEXT NOT NULL, code TEXT NOT NULL, zh TEXT NOT NULL,"
        " en TEXT NOT NULL, refused_at TEXT NOT NULL)"
    )


def m0026_outbox_without_autoincrement(db: Database) -> None:
    """The outbox made again without AUTOINCREMENT, its rows and their order kept. With it
    every save also rewrote the outbox's counter in ``sqlite_sequence``, one more page
    encrypted and authenticated per save (docs/encryption.md). Nothing outside the outbox
    remembers a ``seq``; it only orders the ops waiting, and a new op's is still above every
    waiting op's (SQLite takes the largest rowid plus one)."""
    db.execute(
        "CREATE TABLE outbox_new ("
        " seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE,"
        " tbl TEXT NOT NULL, row_id TEXT NOT NULL, hlc TEXT NOT NULL,"
        " fields TEXT NOT NULL, base TEXT NOT NULL DEFAULT '{}')"
    )
    # The index made before the rows are copied, as the saves made it: an index built after
    # is packed full, and the next saves into it would split a page each.
    db.execute("DROP INDEX outbox_row_idx")
    db.execute("CREATE INDEX outbox_row_idx ON outbox_new(tbl, row_id)")
    db.execute(
        "INSERT INTO outbox_new SELECT seq, op_id, tbl, row_id, hlc, fields, base FROM outbox"
    )
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_new RENAME TO outbox")
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'outbox'")


def m0027_search_blocks_fit_a_page(db: Database) -> None:
    """The full-text index written again in blocks that fit one encrypted page
    (``search.BLOCK_BYTES``), each table in one segment. Written at FTS5's default, every
    block spilled into an overflow page: two pages decrypted for each block a search read,
    and two written for each block a save wrote. The entries, their rowids and what they
    match are unchanged."""
    from relocdesk.store import search

    for t in search.TEXT_TABLES:
        db.execute(f"INSERT INTO {t} ({t}, rank) VALUES ('pgsz', ?)", [search.BLOCK_BYTES])
        db.execute(f"INSERT INTO {t} ({t}) VALUES ('rebuild')")
    search.optimize(db.conn)


STEPS: list[tuple[str, Callable[[Any], None]]] = [
    ("0001_initial_schema", m0001_initial_schema),
    ("0002_search_index", m0002_search_index),
    ("0003_search_phone_digits", m0003_search_phone_digits),
    ("0004_visit_live_index", m0004_visit_live_index),
    ("0005_sync_tables", m0005_sync_tables),
    ("0006_staff", m0006_staff),
    ("0007_warning_loop", m0007_warning_loop),
    ("0008_employment_history", m0008_employment_history),
    ("0009_monitored_items", m0009_monitored_items),
    ("0010_county_params", m0010_county_params),
    ("0011_training", m0011_training),
    ("0012_household_guarantees", m0012_household_guarantees),
    ("0014_list_indexes", m0014_list_indexes),
    ("0015_local_digest", m0015_local_digest),
    ("0016_person_household_index", m0016_person_household_index),
    ("0017_audit_whose", m0017_audit_whose),
    ("0018_triage_households", m0018_triage_households),
    ("0019_outbox_shape", m0019_outbox_shape),
    ("0020_person_name_index", m0020_person_name_index),
    ("0021_search_without_sizes", m0021_search_without_sizes),
    ("0022_search_shows_hits", m0022_search_shows_hits),
    ("0025_outbox_refused", m0025_outbox_refused),
    ("0026_outbox_without_autoincrement", m0026_outbox_without_autoincrement),
    ("0027_search_blocks_fit_a_page", m0027_search_blocks_fit_a_page),
]
# Steps after which the search index is already right: the first schema has no index yet,
# and 0002 builds it. Any later step may change what is indexed, so the index is rebuilt
# once, in the transaction of the last pending step that needs it. 0004 adds an index on
# visits only, 0005 sync's own tables, 0006 the staff's.
_INDEX_CURRENT_AFTER = frozenset(
    {
        "0001_initial_schema",
        "0002_search_index",
        "0004_visit_live_index",
        "0005_sync_tables",
        "0006_staff",
        "0007_warning_loop",
        "0008_employment_history",
        "0009_monitored_items",
        "0010_county_params",
        "0011_training",
        "0012_household_guarantees",
        "0014_list_indexes",
        "0015_local_digest",
        "0016_person_household_index",
        "0017_audit_whose",
        "0018_triage_households",
        "0019_outbox_shape",
        "0020_person_name_index",
        "0021_search_without_sizes",
        "0022_search_shows_hits",
        "0025_outbox_refused",
        "0026_outbox_without_autoincrement",
        "0027_search_blocks_fit_a_page",
    }
)


def _statements(sql: str) -> list[str]:
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def migration_set(reindex_after: str | None = None) -> Migrations:
    """The steps as sqlite-utils migrations; ``reindex_after`` names the step that also
    rebuilds the search index, inside its own transaction."""
    from sqlite_utils.migrations import Migrations

    found = Migrations(SET_NAME)
    for name, fn in STEPS:
        found(name=name)(_reindexing(fn) if name == reindex_after else fn)
    return found


def _reindexing(step: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(db: Database) -> None:
        from relocdesk.store import search

        step(db)
        search.rebuild(db.conn)

    return run


def applied(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", (SET_NAME,)
    )
    return [r[0] for r in rows]


def pending(conn: sqlite3.Connection) -> list[str]:
    done = set(applied(conn))
    return [name for name, _ in STEPS if name not in done]


def migrate(conn: sqlite3.Connection, path: str | Path | None = None) -> list[str]:
    """Apply pending migrations; return their names. Backs the file up first."""
    todo = pending(conn)
    if not todo:
        return []
    from sqlite_utils import Database

    if path is not None and Path(path).exists() and _has_tables(conn):
        backup = Path(path).with_name(f"{Path(path).name}.before-{todo[0]}.bak")
        # VACUUM INTO writes the copy through ``conn`` itself, so it is encrypted with the
        # database's own key (whichever key opened it), like the database, and with the
        # library's default cipher settings, which ``cipher`` sets to its own.
        backup.unlink(missing_ok=True)
        conn.execute("VACUUM INTO ?", (str(backup),))
    # Rebuild within the last step that changes what is indexed, so that step and a right
    # index commit together even if a later, unrelated step then fails.
    reindex = next((n for n in reversed(todo) if n not in _INDEX_CURRENT_AFTER), None)
    migration_set(reindex).apply(Database(conn))
    from relocdesk.store import rows

    rows.forget(conn)  # the steps may have changed tables' columns
    return todo


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(row[0])
