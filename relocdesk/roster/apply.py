"""Writing a checked plan in one transaction: the whole file, or its valid rows and a rejects file.

Everything goes through the transaction's ``RowWriter`` so every new or changed row has its
outbox op; the search index is refreshed for the touched rows before the same commit.
Any failure, a cancel, or a database changed since the plan rolls the whole import back.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from relocdesk import employment, household_facts, household_head
from relocdesk.cell_text import csv_field, keep_as_text, sheet_value
from relocdesk.collector import pausing
from relocdesk.employment import WATCHED
from relocdesk.roster.plan import CHECK_EVERY, Cancel, Progress, database_stamp
from relocdesk.roster.planned import HouseholdPlan, ImportCancelled, ImportPlan, PersonPlan
from relocdesk.roster.reasons import counted, reason_label, skipped_label
from relocdesk.store import search
from relocdesk.store.rows import RowWriter, get, new_id
from relocdesk.validation import ValidationError

if TYPE_CHECKING:
    from relocdesk.desk import Desk

Mode = Literal["all_or_nothing", "valid_only"]
ERROR_COLUMN = "错误原因 / errors"
ROW_COLUMN = "原行号 / row"
SHEET_COLUMN = "原工作表 / sheet"


@dataclass
class ImportResult:
    applied: bool
    mode: Mode
    buildings_created: int = 0
    households_created: int = 0
    households_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0  # updated from the file, which said what they already held
    people_skipped: int = 0
    trainings_created: int = 0
    trainings_updated: int = 0
    rejected: int = 0
    rejects_path: str | None = None
    # the plan's counts: rows read, rows that are not people, repeats, corrected values,
    # rejected rows by reason, columns not imported (ImportPlan.counts)
    counts: dict[str, Any] = field(default_factory=dict)
    code: str = "ok"
    message_zh: str = ""
    message_en: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _Stale(Exception):
    pass


@pausing
def apply_import(
    desk: Desk,
    plan: ImportPlan,
    *,
    mode: Mode = "all_or_nothing",
    rejects_path: str | Path | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """Write the plan, or nothing. Raises ImportCancelled when cancelled (nothing written)."""
    started = time.perf_counter()
    result = ImportResult(
        False,
        mode,
        rejected=plan.error_count,
        people_skipped=plan.count("skip"),
        counts=plan.counts(),
    )
    if plan.problems:
        return _refused(
            result,
            "problems",
            "文件缺少必需的列，未导入任何数据",
            "required columns are missing; nothing was imported",
        )
    if mode == "all_or_nothing" and plan.error_count:
        return _refused(
            result,
            "errors",
            f"有 {plan.error_count} 行数据有错误，未导入任何数据（全部正确才导入）",
            f"{plan.error_count} rows have errors; nothing was imported (all or nothing)",
        )
    try:
        with (
            _cache_for(desk.conn, len(plan.people) + len(plan.households)),
            desk.transaction() as w,
        ):
            if database_stamp(desk) != plan.stamp:
                raise _Stale
            _write(desk, w, plan, result, progress, cancel)
            if mode == "valid_only" and plan.error_count and rejects_path is not None:
                write_rejects(plan, rejects_path)
                result.rejects_path = str(rejects_path)
    except _Stale:
        return _refused(
            result,
            "stale",
            "检查之后数据库已有变化，请重新检查后再导入",
            "the database changed after the check; check the file again",
        )
    except ValidationError as e:  # a head moved out before another member heads the household
        return _refused(result, e.code, e.message_zh, e.message_en)
    except sqlite3.IntegrityError as e:
        return _refused(
            result,
            "integrity",
            f"数据冲突，未导入任何数据：{e}",
            f"conflicting data, nothing was imported: {e}",
        )
    except OSError as e:
        return _refused(
            result,
            "rejects_unwritable",
            f"无法写入错误行文件，未导入任何数据：{e.strerror or e}",
            f"cannot write the rejects file, nothing was imported: {e}",
        )
    result.applied = True
    _say_done(result)
    result.seconds = time.perf_counter() - started
    return result


def _say_done(result: ImportResult) -> None:
    rejected = result.rejected if result.mode == "valid_only" else 0
    same = result.people_unchanged
    result.message_zh = (
        f"已导入：新增 {result.people_created} 人、{result.households_created} 户，"
        f"更新 {result.people_updated} 人{f'（另 {same} 人无变化）' if same else ''}，"
        f"跳过 {result.people_skipped} 人，拒绝 {rejected} 行"
    )
    result.message_en = (
        f"imported: {result.people_created} people and {result.households_created} households "
        f"added, {result.people_updated} people updated"
        f"{f' ({same} more had nothing to change)' if same else ''}, "
        f"{result.people_skipped} skipped, {rejected} rows rejected"
    )
    if result.trainings_created or result.trainings_updated:
        result.message_zh += (
            f"；培训记录新增 {result.trainings_created} 条、更新 {result.trainings_updated} 条"
        )
        result.message_en += (
            f"; trainings: {result.trainings_created} added, {result.trainings_updated} updated"
        )


# What one imported row dirties: its row, its outbox op, its search entries and the index
# entries of each (about 2.5 KiB a person, measured on a 40,000-row roster).
_KIB_PER_ROW = 3
_MOST_KIB = 1 << 20  # a GiB: past that the pages spill to the WAL as they always did


@contextmanager
def _cache_for(conn: sqlite3.Connection, rows: int) -> Iterator[None]:
    """A page cache that holds the whole import's dirty pages until the commit, given back
    after. With the connection's usual 32 MB a large roster makes SQLite stop in the middle
    of inserts to spill pages to the WAL (encrypting and writing them) and read back what it
    spilled for the next index entry: at 40,000 rows the writing took about 8% more CPU and
    15% more time so (on a shared machine; docs/roster.md, "Speed")."""
    usual = conn.execute("PRAGMA cache_size").fetchone()[0]
    # negative sizes are KiB, positive ones pages; either way more than usual, never less
    want = min(rows * _KIB_PER_ROW, _MOST_KIB)
    if usual >= 0 or want <= -usual:
        yield
        return
    conn.execute(f"PRAGMA cache_size = {-want}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {usual}")


def _refused(result: ImportResult, code: str, zh: str, en: str) -> ImportResult:
    result.applied, result.code, result.message_zh, result.message_en = False, code, zh, en
    result.people_skipped = 0
    return result


def _write(
    desk: Desk,
    w: RowWriter,
    plan: ImportPlan,
    result: ImportResult,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    writing = _Writing(desk, w, plan, result, progress, cancel)
    writing.buildings()
    writing.households()
    writing.people()
    writing.trainings()
    writing.tick()
    writing.index()


class _Writing:
    """One plan being written: buildings, then households, then people, counting rows done
    for the progress bar and asking after a cancel every ``CHECK_EVERY`` rows."""

    def __init__(
        self,
        desk: Desk,
        w: RowWriter,
        plan: ImportPlan,
        result: ImportResult,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> None:
        self.desk, self.w, self.plan, self.result = desk, w, plan, result
        self.progress, self.cancel = progress, cancel
        self.total = len(plan.people) + len(plan.households)
        self.done = 0
        self.building_ids: dict[str, str] = {}
        # search entries: new rows from memory (they have none yet), changed ones refreshed
        self.new_people: list[tuple[Any, ...]] = []
        self.new_households: list[tuple[Any, ...]] = []
        self.touched_people: list[str] = []
        self.touched_households: list[str] = []

    def index(self) -> None:
        """The search entries of every row written, before the same commit."""
        people, households = self._shown()
        search.add(self.desk.conn, "person", self.new_people, people)
        search.add(self.desk.conn, "household", self.new_households, households)
        for pid in self.touched_people:
            self.desk.touched("person", pid)
        for hid in self.touched_households:
            self.desk.touched("household", hid)

    def _shown(self) -> tuple[dict[str, search.Shown], dict[str, search.Shown]]:
        """What the hits of new households and of their new people show, from the plan
        (what was just written), so the index need not read the rows back; a person of a
        household already there, or a household whose head was there, is read back."""
        names = {p.id: p.values.get("name") for p in self.plan.people if not p.existing}
        households: dict[str, search.Shown] = {}
        rooms: dict[str, tuple[str, str]] = {}  # household key -> (id, room)
        for hh in self.plan.households.values():
            if hh.existing or (hh.head_person_id and hh.head_person_id not in names):
                continue
            v = hh.values
            room = search.room_key(hh.building, v.get("unit"), v.get("room"))
            rooms[hh.key] = (hh.id, room)
            head = names.get(hh.head_person_id or "")
            households[hh.id] = search.household_shown(hh.id, hh.household_no, room, head)
        people: dict[str, search.Shown] = {}
        shown = search.person_shown
        for p in self.plan.people:
            if p.existing or (found := rooms.get(p.household_key)) is None:
                continue
            people[p.id] = shown(
                found[0], p.values.get("name"), p.values.get("id_number"), found[1]
            )
        return people, households

    def tick(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ImportCancelled("导入已取消 / import cancelled")
        if self.progress is not None:
            self.progress(self.done, self.total)

    def buildings(self) -> None:
        """Building number -> id, the newest building of a number first; new numbers added."""
        desk = self.desk
        ids = self.building_ids = {
            r[0]: r[1]
            for r in desk.conn.execute(
                "SELECT number, id FROM building WHERE deleted = 0 AND community_id = ?"
                " ORDER BY created_at DESC",
                (desk.community_id,),
            )
        }
        new_buildings: list[dict[str, Any]] = []
        for hh in self.plan.households.values():
            if hh.building and hh.building not in ids:
                ids[hh.building] = new_id()
                new_buildings.append({"id": ids[hh.building], "number": hh.building})
        self.result.buildings_created = self.w.insert_many("building", new_buildings)

    def households(self) -> None:
        result = self.result
        result.households_created = _insert_chunked(self.w, "household", self._new_households())
        for hh in self.plan.households.values():
            if not hh.existing:
                continue
            changes = self._household_changes(hh)
            if changes:
                _, changed = self.w.update("household", hh.id, changes)
                if changed:
                    result.households_updated += 1
                    self.touched_households.append(hh.id)
            self.done += 1

    def _new_households(self) -> Iterator[dict[str, Any]]:
        for hh in self.plan.households.values():
            if hh.existing:
                continue
            self.done += 1
            if self.done % CHECK_EVERY == 0:
                self.tick()
            values = hh.values
            self.new_households.append(
                (
                    hh.id,
                    hh.household_no,
                    values.get("phone"),
                    values.get("unit"),
                    values.get("room"),
                    0,
                    hh.building,
                )
            )
            row = {
                **values,
                "id": hh.id,
                "household_no": hh.household_no,
                "building_id": self.building_ids.get(hh.building or ""),
                "head_person_id": hh.head_person_id,
            }
            yield household_facts.complete(row, None)  # 监测户 and 监测对象类型 in step

    def _household_changes(self, hh: HouseholdPlan) -> dict[str, Any]:
        """An existing household's fields from the file only when duplicates update; its
        head also when it has none yet."""
        update = self.plan.duplicates == "update"
        changes: dict[str, Any] = {}
        if update:
            changes.update((k, v) for k, v in hh.values.items() if k != "household_no")
            if hh.building:
                changes["building_id"] = self.building_ids[hh.building]
        if hh.head_person_id and (update or not hh.existing_head):
            changes["head_person_id"] = hh.head_person_id
        if changes.keys() & {"monitored", "monitor_type"}:
            household_facts.complete(changes, get(self.w.conn, "household", hh.id))
        return changes

    def people(self) -> None:
        result, households = self.result, self.plan.households
        result.people_created = _insert_chunked(self.w, "person", self._new_people())
        for p in self._heads_last([p for p in self.plan.people if p.existing]):
            self.done += 1
            if self.done % CHECK_EVERY == 0:
                self.tick()
            # a roster that changes someone's work adds to their employment history
            old = get(self.w.conn, "person", p.id) if WATCHED.keys() & p.values.keys() else None
            home = households[p.household_key].id
            self._leaving(p, home)
            new, changed = self.w.update("person", p.id, {**p.values, "household_id": home})
            if old is not None and changed:
                employment.record(self.w, old, new, changed, source="import")
            if changed:
                self.touched_people.append(p.id)
                result.people_updated += 1
            else:
                result.people_unchanged += 1

    def _heads_last(self, existing: list[PersonPlan]) -> list[PersonPlan]:
        """``existing`` with those who head a household after them, in their order: a family
        the roster moves together leaves its household before its head, who then leaves it
        as its last member, whichever row the file puts first."""
        homes = sorted({p.home for p in existing if p.home})
        heads: set[str] = set()
        for start in range(0, len(homes), 500):
            chunk = homes[start : start + 500]
            heads.update(
                r[0]
                for r in self.w.conn.execute(
                    "SELECT head_person_id FROM household"
                    f" WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                if r[0]
            )
        return sorted(existing, key=lambda p: p.id in heads)

    def _leaving(self, p: PersonPlan, home: str) -> None:
        """A person the roster moves out of the household they head: as in the app
        (``household_head``), only once another member heads it (the roster's own 户主 of
        that household, written before the people), or as its last member, when it is left
        naming none. ValidationError refuses the import otherwise."""
        if not p.home or p.home == home:
            return
        person = {"id": p.id, "household_id": p.home, "name": p.values.get("name")}
        try:
            last = household_head.last_to_leave(self.w.conn, person, home)
        except ValidationError as e:
            raise _head_moved(self.w.conn, p, e) from None
        if last:
            self.w.update("household", p.home, {"head_person_id": None})
            self.touched_households.append(p.home)

    def trainings(self) -> None:
        """Each row's training: the person's training of that course changed to the file's
        values (a roster read again), or a new one."""
        result, conn = self.result, self.w.conn
        new: list[dict[str, Any]] = []
        for p in self.plan.people:
            if not p.training:
                continue
            found = None
            if p.existing:
                found = conn.execute(
                    "SELECT id FROM training WHERE person_id = ? AND course = ? AND deleted = 0"
                    " ORDER BY created_at DESC LIMIT 1",
                    (p.id, p.training["course"]),
                ).fetchone()
            if found is None:
                new.append({**p.training, "id": new_id(), "person_id": p.id})
                continue
            _, changed = self.w.update("training", found[0], p.training)
            result.trainings_updated += bool(changed)
        result.trainings_created = self.w.insert_many("training", new)

    def _new_people(self) -> Iterator[dict[str, Any]]:
        households = self.plan.households
        for p in self.plan.people:
            if p.existing:
                continue
            self.done += 1
            if self.done % CHECK_EVERY == 0:
                self.tick()
            values = p.values
            self.new_people.append(
                (p.id, values.get("name"), values.get("id_number"), values.get("phone"), 0)
            )
            yield {**values, "id": p.id, "household_id": households[p.household_key].id}


def _head_moved(conn: sqlite3.Connection, p: PersonPlan, e: ValidationError) -> ValidationError:
    """``e`` (the app's words for a head leaving) as a roster's clerk can act on it."""
    found = conn.execute("SELECT household_no FROM household WHERE id = ?", (p.home,)).fetchone()
    no = found[0] if found else ""
    name = p.values.get("name") or ""
    return ValidationError(
        e.field,
        e.code,
        f"{name}是户 {no} 的户主，花名册把其移到了另一户：请在花名册中写明户 {no} 新的户主"
        "（与户主关系为“户主”），或先在“编辑住户”中指定新的户主，再导入；未导入任何数据",
        f"{name} heads household {no} and the roster moves them to another: name household"
        f" {no}'s new head in the roster (relation 户主), or make another member its head"
        " (Edit household) first, then import again; nothing was imported",
    )


def _insert_chunked(w: RowWriter, table: str, rows: Iterator[dict[str, Any]]) -> int:
    """insert_many a few thousand rows at a time: it holds each batch and its ops in memory."""
    done = 0
    while chunk := list(itertools.islice(rows, 5000)):
        done += w.insert_many(table, chunk)
    return done


def summary_rows(plan: ImportPlan) -> list[list[str]]:
    """The report's counts under the rejected rows, as notes (注：) the import skips when the
    fixed file comes back."""
    c = plan.counts()
    lines = [
        f"注：读取 {c['rows_read']} 行 / rows read: {c['rows_read']}",
        f"注：非人员行已跳过 {c['skipped_total']} 行 / rows that are not people, skipped: "
        + counted(c["skipped_rows"], skipped_label),
        f"注：重复的同一人 {c['repeats']} 行 / repeats of a person: {c['repeats']}",
        f"注：已更正的值 {c['corrected']} 个 / values corrected: {c['corrected']}",
        f"注：拒绝 {plan.error_count} 行 / rows rejected: {plan.error_count} — "
        + counted(c["rejected_by_reason"], reason_label),
    ]
    lines += [
        f"注：未导入的列 / column not imported: {i['column']} — {i['zh']} / {i['en']}"
        for i in c["ignored_columns"]
    ]
    return [[], *([line] for line in lines)]


def write_rejects(plan: ImportPlan, path: str | Path) -> None:
    """The rejected rows with their original columns, the sheet row and the reasons."""
    raw = plan.raw
    several = bool(raw.row_sheets)  # a sheet column first when the roster had several
    header = [*([SHEET_COLUMN] if several else []), ROW_COLUMN, *raw.headers, ERROR_COLUMN]
    rows: list[list[str]] = []
    for r in plan.report:
        if r.action != "error":
            continue
        reasons = "；".join(f"{e.where}：{e.message_zh} / {e.message_en}" for e in r.errors)
        place = [r.sheet, str(r.row_number)] if several else [str(r.row_number)]
        rows.append([*place, *raw.rows[r.index], reasons])
    rows.extend(summary_rows(plan))
    p = Path(path)
    if p.suffix.lower() == ".csv":
        import csv

        with p.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows([list(map(csv_field, row)) for row in rows])
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("错误行")
    sheet.append(list(map(sheet_value, header)))
    for row in rows:
        cells = []
        for value in row:
            cell = keep_as_text(WriteOnlyCell(sheet, value=sheet_value(value)))
            cell.number_format = "@"  # ID numbers stay text when the clerk edits and re-saves
            cells.append(cell)
        sheet.append(cells)
    book.save(str(p))
