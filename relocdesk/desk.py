"""The façade: every read the screens need and every write, for one community database.

``Desk(path)`` opens and migrates the file; ``desk.households``, ``desk.people`` and the
other record sets validate, write the row and its outbox op in one transaction, and keep
the search index right. Nothing else writes to the database.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk import hlc, records
from relocdesk.store import migrate, open_database, search
from relocdesk.store.rows import RowWriter, new_id


class Desk:
    def __init__(self, path: str | Path, *, check_same_thread: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = open_database(self.path, check_same_thread=check_same_thread)
        self.applied_migrations = migrate(self.conn, self.path)
        self.device_id = self.setting("device_id") or self._new_device()
        self.clock = hlc.Clock(self.device_id, self.setting("hlc_last"))
        self.community_id = self.setting("community_id") or ""
        self._touched: dict[str, set[str]] = {}
        self.buildings = records.Buildings(self, "building")
        self.building_heads = records.BuildingHeads(self, "building_head")
        self.households = records.Households(self, "household")
        self.people = records.People(self, "person")
        self.referrals = records.Referrals(self, "referral")
        self.visits = records.Visits(self, "visit")
        self.needs = records.Needs(self, "need")
        self.trainings = records.Trainings(self, "training")
        self.warning_acks = records.WarningAcks(self, "warning_ack")
        self.audit = records.Audit(self, "audit")
        self.forms = records.Forms(self)

    # -- settings (local, never synced) ---------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def set_setting(self, key: str, value: str | None) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _new_device(self) -> str:
        device = secrets.token_hex(8)
        self.set_setting("device_id", device)
        return device

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[RowWriter]:
        """One write transaction: rows, outbox ops, clock and search index commit together."""
        if self.conn.in_transaction:
            # Nested use joins the outer transaction: one save stays one transaction.
            yield RowWriter(self.conn, self.clock, self.community_id)
            return
        saved = self.clock.last
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield RowWriter(self.conn, self.clock, self.community_id)
            for table, ids in self._touched.items():
                search.refresh(self.conn, table, ids)
            self.set_setting("hlc_last", self.clock.last)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self.clock = hlc.Clock(self.device_id, saved)
            raise
        finally:
            self._touched = {}

    def touched(self, table: str, row_id: str) -> None:
        """Mark a row whose search entry must be refreshed when the transaction commits."""
        self._touched.setdefault(table, set()).add(row_id)

    # -- the community ---------------------------------------------------------------------
    def create_community(self, name: str, **fields: Any) -> dict[str, Any]:
        """Make this database the home of a new community (demo or first set-up)."""
        if self.community_id:
            raise RuntimeError("this database already belongs to a community")
        community_id = new_id()
        self.community_id = community_id
        try:
            with self.transaction() as w:
                row = w.insert("community", {"id": community_id, "name": name, **fields})
                self.set_setting("community_id", community_id)
        except BaseException:
            self.community_id = ""
            raise
        return row

    def adopt_community(self, community_id: str) -> None:
        """Bind an empty database to a community the server knows (enrollment)."""
        self.community_id = community_id
        self.set_setting("community_id", community_id)

    def community(self) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT * FROM community WHERE id = ?", (self.community_id,)
        ).fetchone()
        return dict(row) if row else None

    def unsent_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM outbox").fetchone()[0])

    # == reads ==============================================================================
    # The screens read through these, never through ``conn``: each returns plain typed rows
    # from a module of ``relocdesk.queries``, imported when first used so start-up stays
    # fast. One section per screen family.

    # -- reads: Today, warnings and the dashboard (queries.today, queries.figures) ----------

    # -- end: Today, warnings and the dashboard ---------------------------------------------

    # -- reads: the household file and conflicts (queries.household_file, queries.conflicts) -
    if TYPE_CHECKING:
        from relocdesk.conflicts import Conflicts
        from relocdesk.queries.household_file import HouseholdFile, HouseholdSummary
        from relocdesk.sync.service import SyncService

    def household_file(self, household_id: str) -> HouseholdFile:
        """Everything the household file shows, in one read."""
        from relocdesk.queries import household_file as q

        household = self.households.get(household_id)
        members = self.households.members(household_id) if household else []
        # The edit dialog keeps the fields the server withholds from this role read-only.
        return q.household_file(self.conn, household, members, self.setting("sync_role") or "")

    def household_summary(self, household_id: str) -> HouseholdSummary:
        """What a visitor keeps in view: members, open needs, the last visits."""
        from relocdesk.queries import household_file as q

        return q.household_summary(self.conn, household_id)

    def building_head_of(self, household_id: str) -> str | None:
        """The building head a referral for a member of the household counts for."""
        from relocdesk.queries import household_file as q

        return q.building_head_of(self.conn, household_id)

    @property
    def conflicts(self) -> Conflicts:
        """The conflicts inbox: open ones, confirm, reverse."""
        from relocdesk.conflicts import Conflicts

        return Conflicts(self)

    @property
    def sync(self) -> SyncService:
        """The sync engine as the app uses it: status, enroll, sync now."""
        from relocdesk.sync.service import SyncService

        return SyncService(self)

    # -- end: the household file and conflicts ----------------------------------------------

    # -- reads: lists and boards (queries.lists, queries.boards, queries.building_heads) ----

    # -- end: lists and boards ---------------------------------------------------------------

    # -- reads: printing, sync status, roster and settings (queries.printing, ...) ----------

    # -- end: printing, sync status, roster and settings ------------------------------------

    # -- search ----------------------------------------------------------------------------
    def search(self, text: str, limit: int = 50) -> list[search.SearchHit]:
        return search.query(self.conn, text, limit)

    def rebuild_search(self) -> None:
        with self.transaction():
            search.rebuild(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_desk(path: str | Path) -> Desk:
    try:
        return Desk(path)
    except sqlite3.DatabaseError as e:
        raise RuntimeError(f"数据库无法打开 / cannot open the database {path}: {e}") from e
