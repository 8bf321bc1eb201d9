"""The desk's backups: taken at start and daily, listed, and restored with the checks after.

``desk.backups`` hands this out. Restoring keeps the current file aside first, replaces the
database through the desk's own connection, checks its integrity, brings its schema up to
date, and, when the device is enrolled, makes the next sync reconcile with the county server:
the device offers every row version the server lacks, then downloads everything again, so
what the backup holds unsent goes up and what others (or this device, after the backup)
sent comes back down.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path
from typing import Protocol

from relocdesk import hlc
from relocdesk.store import backup, migrate, stored_clock
from relocdesk.store.backup import BackupFile
from relocdesk.store.cipher import remove_database
from relocdesk.validation import ValidationError

__all__ = ["BackupFile", "Backups", "Restored"]


class BackedUpDesk(Protocol):
    """What backups need of the façade (``relocdesk.desk.Desk``), which hands them out."""

    path: Path
    conn: sqlite3.Connection
    clock: hlc.Clock
    device_id: str
    community_id: str
    applied_migrations: list[str]

    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...


class Restored:
    """What a restore did, for the person: the file kept aside and whether sync reconciles."""

    def __init__(self, source: Path, kept_aside: Path, reconciles: bool, integrity: str) -> None:
        self.source = source
        self.kept_aside = kept_aside
        self.reconciles = reconciles
        self.integrity = integrity


class Backups:
    def __init__(self, desk: BackedUpDesk) -> None:
        self.desk = desk

    @property
    def folder(self) -> Path:
        return backup.folder_of(self.desk.path)

    def kept(self) -> list[BackupFile]:
        return backup.listing(self.folder)

    def take_due(self, now: datetime.datetime | None = None) -> list[Path]:
        """The rolling backups due now (run at start and then every few hours)."""
        return backup.take_due(self.desk.path, now)

    def take_now(self, target: Path | None = None) -> Path:
        """A backup by hand: into the backups folder, or to a file the person chose."""
        if target is not None:
            return backup.take(self.desk.path, target)
        return backup.take_manual(self.desk.path)

    def restore(
        self,
        source: Path,
        now: datetime.datetime | None = None,
        *,
        other_community: bool = False,
    ) -> Restored:
        """Replace the data with a backup's, read from a copy of it (``backup.working_copy``:
        the file itself is never written, on a write-protected stick or disc too; a backup
        from before the database was encrypted is encrypted in the copy). A backup of another
        community is refused unless ``other_community`` says so, and always on an enrolled
        device, whose account is its own community's."""
        desk = self.desk
        given = Path(source)
        if given.resolve() == desk.path.resolve():
            raise ValidationError(
                "backup",
                "same_file",
                "不能用正在使用的数据库恢复自身",
                "the database in use cannot be restored from itself",
            )
        now = now or datetime.datetime.now()
        source = backup.working_copy(given, self.folder, now)
        try:
            backup.check(source, given)
            self._same_community(backup.community_of(source), other_community)
            return self._replace(given, source, now)
        finally:
            if source != given:
                remove_database(source)

    def _same_community(self, theirs: tuple[str, str], other_community: bool) -> None:
        desk = self.desk
        if not desk.community_id or theirs[0] == desk.community_id:
            return
        row = desk.conn.execute(
            "SELECT name FROM community WHERE id = ?", (desk.community_id,)
        ).fetchone()
        mine = row[0] if row else desk.community_id
        said_zh = f"这份备份属于另一个社区（{theirs[1]}），不是本机的（{mine}）"
        said_en = f"this backup is of another community ({theirs[1]}), not this desk's ({mine})"
        if desk.setting("sync_enrolled"):
            raise ValidationError(
                "backup",
                "other_community",
                f"{said_zh}；本机已登记到县服务器，只能恢复本社区的备份",
                f"{said_en}; this device is enrolled with the county server for its own"
                " community, so only that community's backups restore here",
            )
        if not other_community:
            raise ValidationError(
                "backup",
                "other_community",
                f"{said_zh}；如确要把本机的数据换成那个社区的，请加 --other-community",
                f"{said_en}; to replace this desk's data with that community's, add"
                " --other-community",
            )

    def _replace(self, given: Path, source: Path, now: datetime.datetime) -> Restored:
        desk = self.desk
        aside = backup.fresh(self.folder, "before-restore", now)
        clock_before = desk.clock.last
        backup.replace_keeping_aside(desk.conn, desk.path, source, aside)
        verdict = backup.integrity(desk.conn)
        if verdict != "ok":
            backup.restore_into(desk.conn, aside)
            raise ValidationError(
                "backup",
                "damaged",
                f"恢复后的数据库未通过完整性检查（{verdict}），已还原为恢复前的数据",
                f"the restored database failed its integrity check ({verdict}); the data"
                " from before the restore is back",
            )
        desk.applied_migrations = migrate(desk.conn, desk.path)
        self._reload(clock_before)
        reconciles = self._reconcile_next_sync()
        return Restored(given, aside, reconciles, verdict)

    def after_replacing(self, source: Path, kept_aside: Path) -> Restored:
        """What a restore in place of a damaged file (``backup.replace_damaged``) still owes,
        on the desk opened on the restored file (already migrated): its integrity said, and
        the next sync's reconciliation. Its clock goes on from the computer's time; the
        damaged file's latest clock cannot be read."""
        verdict = backup.integrity(self.desk.conn)
        return Restored(source, kept_aside, self._reconcile_next_sync(), verdict)

    def _reload(self, clock_before: str | None) -> None:
        """The desk's remembered state comes from the restored file, except its clock, which
        never goes back: edits after the restore must sort after every edit made before."""
        desk = self.desk
        desk.device_id = desk.setting("device_id") or desk.device_id
        desk.community_id = desk.setting("community_id") or ""
        restored = stored_clock.load(desk.conn)
        candidates = [c for c in (clock_before, restored) if c]
        last = max(candidates, key=hlc.parse) if candidates else None
        desk.clock = hlc.Clock(desk.device_id, last)
        if last:
            desk.set_setting(stored_clock.SETTING, last)

    def _reconcile_next_sync(self) -> bool:
        from relocdesk.sync.client import SERVER_URL
        from relocdesk.sync.reconcile import EPOCH, UNKNOWN

        desk = self.desk
        if not (desk.setting(SERVER_URL) and desk.setting("sync_enrolled")):
            return False
        # An unknown epoch makes the next pull offer the server every row version it lacks,
        # then download everything again (relocdesk.sync.reconcile).
        desk.set_setting(EPOCH, UNKNOWN)
        return True
