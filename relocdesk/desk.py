"""The façade: every read the screens need and every write, for one community database.

``Desk(path)`` opens and migrates the file; ``desk.households``, ``desk.people`` and the
other record sets validate, write the row and its outbox op in one transaction, and keep
the search index right. Nothing else writes to the database.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from relocdesk import forms, hlc, places, records, training
from relocdesk.audit import Audit
from relocdesk.desk_lists import ListReads
from relocdesk.encryption import Encryption
from relocdesk.masking import ScrubbedLog
from relocdesk.store import (
    closed_on_error,
    migrate,
    open_database,
    search,
    search_query,
    stored_clock,
)
from relocdesk.store.rows import RowWriter, new_id
from relocdesk.validation import ValidationError, ValidationErrors

if TYPE_CHECKING:
    from relocdesk.backups import Backups
    from relocdesk.conflicts import Conflicts
    from relocdesk.employment import Employment
    from relocdesk.facilities import Facilities
    from relocdesk.queries.audit import AuditChoices, AuditEntry
    from relocdesk.queries.figures import Reports
    from relocdesk.queries.household_file import HouseholdFile, HouseholdSummary
    from relocdesk.queries.my_buildings import MyBuildings
    from relocdesk.queries.printing import PendingForms
    from relocdesk.queries.settings import DeskFacts
    from relocdesk.queries.status import SyncStatus
    from relocdesk.queries.thresholds import CountyThreshold
    from relocdesk.queries.today import TodayCounts, TodayKind, TodayList
    from relocdesk.queries.warnings import Warnings
    from relocdesk.reports.list_export import ListExport
    from relocdesk.roster.service import RosterService
    from relocdesk.staff import Staff
    from relocdesk.store.backup import BackupFile
    from relocdesk.sync.service import SyncService
    from relocdesk.undo import Undo, Written


class Desk(ListReads):
    # The database key and the first encryption of a plain file, asked before a Desk opens
    # (the app's passphrase dialog): the screens reach them through the façade.
    encryption: ClassVar[type[Encryption]] = Encryption
    # The app's log lines, with ID and phone numbers masked (relocdesk.masking).
    log_format: ClassVar[type[ScrubbedLog]] = ScrubbedLog

    def __init__(
        self, path: str | Path, *, check_same_thread: bool = True, encrypted: bool = True
    ) -> None:
        """``encrypted=False`` only for the county server's working copies of its communities
        (``relocdesk.county_copy``): they never leave the server, whose own database is not
        encrypted either, and the server holds no device's key."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = open_database(
            self.path,
            check_same_thread=check_same_thread,
            convert_plain=encrypted,
            plain=not encrypted,
        )
        with closed_on_error(self.conn):  # a damaged file fails here (ui.damaged_start)
            self.applied_migrations = migrate(self.conn, self.path)
            self.device_id = self.setting("device_id") or self._new_device()
            self.clock = hlc.Clock(self.device_id, stored_clock.load(self.conn))
            self.community_id = self.setting("community_id") or ""
        self._touched: dict[str, set[str]] = {}
        # Who is signed in (relocdesk.staff): the name audit rows and prints are recorded under.
        self.actor = ""
        self.buildings = records.Buildings(self, "building")
        self.building_heads = records.BuildingHeads(self, "building_head")
        self.households = records.Households(self, "household")
        self.people = records.People(self, "person")
        self.referrals = records.Referrals(self, "referral")
        self.visits = records.Visits(self, "visit")
        self.needs = records.Needs(self, "need")
        self.trainings = training.Trainings(self, "training")
        self.warning_acks = records.WarningAcks(self, "warning_ack")
        self.audit = Audit(self, "audit")
        self.forms = records.Forms(self, self.audit, self.people)
        # What the save running now wrote, while ``undo.record`` listens (None otherwise).
        self.edits: list[Written] | None = None

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
            stored_clock.save(self.conn, self.clock.last)
            self.conn.execute("COMMIT")
        except BaseException:
            # A full disk (SQLITE_FULL) rolls back by itself; a second ROLLBACK would raise
            # "no transaction is active" and hide why the write failed.
            if self.conn.in_transaction:
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

    # What a community is set up with on its first day; the longest is an address.
    COMMUNITY_FIELDS: ClassVar[dict[str, tuple[str, str, int, bool]]] = {
        "name": ("社区名称", "community name", 60, True),
        "county": ("所属县（市、区）", "county", 60, True),
        "township": ("乡镇（街道）", "township", 60, False),
        "address": ("地址", "address", 200, False),
    }

    @classmethod
    def community_fields(cls, **typed: str | None) -> dict[str, str]:
        """The fields of a new community as typed, checked: ``ValidationErrors`` naming each
        field with its problem, in both languages (a form shows them all at once)."""
        fields, errors = {}, []
        for key, (zh, en, longest, required) in cls.COMMUNITY_FIELDS.items():
            value = " ".join((typed.get(key) or "").split())
            if required and not value:
                errors.append(
                    ValidationError(key, "required", f"{zh}不能为空", f"{en} is required")
                )
            elif len(value) > longest:
                errors.append(
                    ValidationError(
                        key,
                        "too_long",
                        f"{zh}最多 {longest} 个字，现在 {len(value)} 个",
                        f"{en} may have at most {longest} characters, not {len(value)}",
                    )
                )
            elif value:
                fields[key] = value
        if errors:
            raise ValidationErrors(errors)
        return fields

    def found_community(self, **typed: str | None) -> dict[str, Any]:
        """Start a community from nothing (no demo, no server): an empty community with its
        name, county, township and address; households come from a roster or by hand."""
        fields = self.community_fields(**typed)
        if self.community_id:
            raise ValidationError(
                "community",
                "exists",
                "这个数据库已经有社区，不能再创建",
                "this database already holds a community; a second cannot be created in it",
            )
        return self.create_community(fields.pop("name"), **fields)

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

    @staticmethod
    def hidden_fields(role: str, table: str) -> frozenset[str]:
        """The fields of ``table`` the county server keeps from a device enrolled with
        ``role``: never sent to it, its writes to them not applied. Policy, not data: asks no
        database, so a dialog may call it as it opens."""
        from relocdesk import roles

        return roles.hidden(role, table)

    # == reads ==============================================================================
    # The screens read through these, never through ``conn``: each returns plain typed rows
    # from a module of ``relocdesk.queries``, imported when first used so start-up stays
    # fast (docs/layers.md).

    # -- reads: Today, warnings and the dashboard (queries.today, queries.figures) ----------
    def today(self, on: datetime.date) -> TodayList:
        """Today's lists on ``on``: visits due, referrals waiting for an answer, open needs."""
        from relocdesk.queries import today

        return today.today_list(self.conn, on)

    def today_counts(self, on: datetime.date) -> TodayCounts:
        """How long each of Today's lists is; ``today_window``: one list's rows on screen."""
        from relocdesk.queries.today import today_counts

        return today_counts(self.conn, on)

    def today_window(self, on: datetime.date, which: TodayKind, at: int, n: int) -> list[Any]:
        from relocdesk.queries.today import today_window

        return today_window(self.conn, on, which, at, n)

    @cached_property
    def facilities(self) -> Facilities:
        """The site's public facilities: the register the facilities indicators read."""
        from relocdesk.facilities import Facilities

        return Facilities(self, "facility")

    @cached_property
    def employment(self) -> Employment:
        """Employment history: timelines, verification, the month's jobs found and lost."""
        from relocdesk.employment import Employment

        return Employment(self)

    @cached_property
    def warnings(self) -> Warnings:
        """Monitoring's warnings on a day and their acknowledgement."""
        from relocdesk.queries.warnings import Warnings

        return Warnings(self)

    @cached_property
    def reports(self) -> Reports:
        """The dashboard's figures and the monthly workbook."""
        from relocdesk.queries.figures import Reports

        return Reports(self)

    # -- reads: the audit trail (queries.audit) ---------------------------------------------
    def audit_trail(self, **filters: Any) -> list[AuditEntry]:
        """Who viewed, printed or exported whose data, newest first (``desk.audit`` writes);
        filtered by day, actor, action, household or person as ``queries.audit`` says."""
        from relocdesk.queries.audit import audit_trail

        return audit_trail(self.conn, **filters)

    # -- looks at personal data, each one audit row under whoever is signed in -------------
    def opened_household(self, household_id: str) -> None:
        """A person opened a household's file: one "view" row (not on a refresh)."""
        self.audit.looked("view", "household", household_id)

    def reveal_id_number(self, person_id: str, detail: str | None = None) -> str:
        """The full ID number of one person, asked for explicitly: one "reveal" row."""
        person = self.people.get(person_id)
        if person is None:
            raise ValidationError("person", "unknown", "找不到此人", "no such person")
        if self.masks_id_numbers:  # a building head's device: the full number is the office's
            raise ValidationError(
                "id_number",
                "not_allowed",
                "楼栋长账号不能查看完整身份证号码",
                "a building head's account may not see full ID numbers",
            )
        self.audit.looked("reveal", "person", person_id, detail)
        return str(person["id_number"] or "")

    def export_audit(self, path: str | Path, title: str, **filters: Any) -> int:
        """The audit trail (filtered as ``audit_trail``) to an .xlsx, itself audited."""
        from relocdesk.reports.audit_book import write_audit

        entries = self.audit_trail(**{"limit": 1_000_000, **filters})
        count = write_audit(entries, path, title)
        person = filters.get("person_id")  # the trail of one household or person names it
        self.audit.create(
            action="export",
            household_id=filters.get("household_id"),
            person_id=person if isinstance(person, str) else None,
            detail=f"audit trail: {count} rows -> {Path(path).name}",
        )
        return count

    def people_called(self, typed: str) -> list[str]:
        """The people whose name or ID number is ``typed``: the Audit page's person filter."""
        from relocdesk.queries.audit import people_called

        return people_called(self.conn, typed)

    def audit_choices(self) -> AuditChoices:
        """The people and kinds the audit trail holds, for the Audit page's filters."""
        from relocdesk.queries.audit import audit_choices

        return audit_choices(self.conn)

    # -- ID numbers as this device's role may see them (relocdesk.masking) ----------------
    @property
    def masks_id_numbers(self) -> bool:
        """A building head's device shows ID numbers masked everywhere, forms included."""
        return self.role_masks_id_numbers(self.setting("sync_role") or "")

    @staticmethod
    def role_masks_id_numbers(role: str) -> bool:
        from relocdesk import masking

        return masking.masks_ids(role)

    def shown_id_number(self, value: str | None) -> str:
        from relocdesk import masking

        return masking.shown(value, self.setting("sync_role") or "")

    def my_buildings(self) -> MyBuildings | None:
        """A building head's buildings with their households (None on an office device)."""
        from relocdesk.queries.my_buildings import my_buildings

        return my_buildings(self.conn)

    # -- reads: the household file and conflicts (queries.household_file, queries.conflicts) -
    def household_file(self, household_id: str) -> HouseholdFile:
        """Everything the household file shows, in one read."""
        from relocdesk.queries import household_file as q

        household = self.households.get(household_id)
        members = self.households.members(household_id) if household else []
        if self.masks_id_numbers:
            members = [{**m, "id_number": self.shown_id_number(m["id_number"])} for m in members]
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

    @cached_property
    def staff(self) -> Staff:
        """The people who sign in on this laptop: accounts, PINs, who is signed in."""
        from relocdesk.staff import Staff

        return Staff(self)

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

    # -- reads: printing, sync status, roster and settings (queries.printing, ...) ----------

    # The app shell: where the data lives, the demo on a first start, the tests' statement
    # guard. Static where the GUI thread asks before any desk is open.
    @staticmethod
    def database_in(folder: str | Path | None = None) -> Path:
        """The community database file of a data folder (default: the user's data folder)."""
        return Path(folder or places.default_data_dir()) / places.DB_NAME

    def make_demo(
        self, households: int, progress: Callable[[int, int], None] | None = None
    ) -> bool:
        """Fill an empty database with the demo community; False when this build has no demo."""
        try:
            from relocdesk import demo
        except ModuleNotFoundError as e:
            if e.name != "relocdesk.demo":  # a broken demo is an error, not a missing one
                raise
            return False
        demo.build(self, households, progress=progress)
        return True

    def trace_statements(self, callback: Callable[[str], None] | None) -> None:
        """Call ``callback(sql)`` for every statement this desk runs (None: stop)."""
        self.conn.set_trace_callback(callback)

    # Printing: the count beside "All pending", the warm-up and the copy a person saves.
    def pending_forms(self, kind: str, on: datetime.date) -> PendingForms:
        from relocdesk.queries.printing import pending_forms

        return pending_forms(self.conn, kind, on)

    warm_up_printing = staticmethod(forms.warm_up)
    copy_out = staticmethod(places.copy_out)

    # The status bar and the settings page.
    def sync_status(self) -> SyncStatus:
        from relocdesk.queries.status import sync_status

        return sync_status(self.conn)

    def add_household(self, **typed: Any) -> dict[str, Any]:
        """A household and its head added by hand, in one transaction (relocdesk.intake)."""
        from relocdesk.intake import NewHousehold, add_household

        return add_household(self, NewHousehold(**typed))

    def desk_facts(self) -> DeskFacts:
        from relocdesk.queries.settings import desk_facts

        return desk_facts(self.conn, self.path, self.device_id)

    def county_thresholds(self) -> list[CountyThreshold]:
        """The thresholds the county published, which apply over this desk's own."""
        from relocdesk.queries.thresholds import county_thresholds

        return county_thresholds(self.conn)

    def set_income_line(self, text: str) -> str:
        """The income monitoring line from what was typed ("": the county's default)."""
        from relocdesk.queries.settings import INCOME_LINE, income_line_of

        self.set_setting(INCOME_LINE, stored := income_line_of(text))
        return stored or ""

    # Undo of the last save made in a dialog (relocdesk.undo).
    @cached_property
    def undo(self) -> Undo:
        from relocdesk.undo import Undo

        return Undo(self)

    # Backups: rolling copies in the data folder, taken and restored (relocdesk.backups).
    @cached_property
    def backups(self) -> Backups:
        from relocdesk.backups import Backups

        return Backups(self)

    # A database file that no longer opens, at the app's start: the newest backup offered.
    is_damaged = staticmethod(places.is_damaged)

    @staticmethod
    def newest_backup(path: str | Path) -> BackupFile | None:
        from relocdesk.store.backup import folder_of, listing

        return next(iter(listing(folder_of(Path(path)))), None)

    @staticmethod
    def open_from_backup(path: str | Path, source: Path) -> Desk:
        """Put ``source`` in place of the damaged file (kept aside) and open it."""
        from relocdesk.store.backup import replace_damaged

        aside = replace_damaged(Path(path), source)
        desk = Desk(path)
        desk.backups.after_replacing(source, aside)
        return desk

    # Any list on screen to Excel, masked and audited (relocdesk.reports.list_export).
    @cached_property
    def lists(self) -> ListExport:
        from relocdesk.reports.list_export import ListExport

        return ListExport(self)

    # The roster page: import and export through one service, loaded when first used.
    @property
    def roster(self) -> RosterService:
        from relocdesk.roster.service import RosterService

        return RosterService(self)

    # -- search ----------------------------------------------------------------------------
    def search(self, text: str, limit: int = 50) -> list[search.SearchHit]:
        return search_query.query(self.conn, text, limit)

    def rebuild_search(self) -> None:
        with self.transaction():
            search.rebuild(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
