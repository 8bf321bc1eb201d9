"""The record sets of the façade: households, people, referrals, visits, needs and the rest.

Each validates with ``fields.clean``, writes through the transaction's ``RowWriter`` and
returns the row as stored. Rules that span fields live here: identity derived from the
ID number, outcome and status changes recorded as append-only events.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from relocdesk import employment, fields, household_facts, household_head, undo, validation
from relocdesk.store import rows

Row = dict[str, Any]


class Book(Protocol):
    """What a record set needs of the façade that holds it: the connection, the one write
    transaction and the search refresh. Named here rather than imported as ``Desk``, which
    builds the record sets: the two modules would import each other."""

    conn: sqlite3.Connection
    actor: str  # who is signed in: the name audit rows are recorded under

    def transaction(self) -> AbstractContextManager[rows.RowWriter]: ...

    def touched(self, table: str, row_id: str) -> None: ...


def _today() -> str:
    return datetime.date.today().isoformat()


# Columns that point at another record, and the table it lives in. A write may only point
# at a live row: a visit for a deleted household would be lost from every screen.
REFERENCES: dict[str, str] = {
    "household_id": "household",
    "person_id": "person",
    "head_person_id": "person",
    "building_id": "building",
    "building_head_id": "building_head",
    "referral_id": "referral",
    "need_id": "need",
    "visit_id": "visit",
}
_WHAT = {
    "household": ("住户", "household"),
    "person": ("人员", "person"),
    "building": ("楼栋", "building"),
    "building_head": ("楼栋长", "building head"),
    "referral": ("就业推荐", "referral"),
    "need": ("诉求", "need"),
    "visit": ("走访记录", "visit"),
}


def not_found(table: str, field: str = "id") -> validation.ValidationError:
    zh, en = _WHAT.get(table, (table, table))
    return validation.ValidationError(
        field, "not_found", f"{zh}不存在或已删除", f"no such {en}, or it was deleted"
    )


def check_references(conn: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> None:
    """Refuse values that point at a missing or deleted row, naming the field."""
    for field, target in REFERENCES.items():
        ref = values.get(field)
        if not ref or field not in rows.columns(conn, table):
            continue
        live = conn.execute(
            f"SELECT 1 FROM {target} WHERE id = ? AND deleted = 0", (ref,)
        ).fetchone()
        if live is None:
            raise not_found(target, field)


class Records:
    searchable = False

    def __init__(self, desk: Book, table: str) -> None:
        self.desk = desk
        self.table = table

    @property
    def conn(self) -> sqlite3.Connection:
        return self.desk.conn

    def get(self, row_id: str) -> Row | None:
        row = rows.get(self.conn, self.table, row_id)
        return row if row and not row["deleted"] else None

    def find(self, **where: Any) -> list[Row]:
        """Live rows whose columns equal the given values."""
        known = set(rows.columns(self.conn, self.table))
        if set(where) - known:
            raise KeyError(f"{self.table} has no column {sorted(set(where) - known)}")
        cond = " AND ".join(["deleted = 0", *(f"{k} = ?" for k in where)])
        cur = self.conn.execute(f"SELECT * FROM {self.table} WHERE {cond}", list(where.values()))
        return [dict(r) for r in cur]

    def count(self) -> int:
        return int(
            self.conn.execute(f"SELECT count(*) FROM {self.table} WHERE deleted = 0").fetchone()[0]
        )

    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        """Validate and complete values before a write; cross-field rules go in overrides."""
        clean = fields.clean(self.table, values)
        check_references(self.conn, self.table, clean)
        return clean

    def insert(self, values: Mapping[str, Any]) -> Row:
        """Validate and insert one row; the typed ``create`` of each record set calls this."""
        clean = self.prepare(values, None)
        with self.desk.transaction() as w:
            row: Row = self._guard(lambda: w.insert(self.table, clean))
            self.after_write(w, row, list(clean))
        undo.note(self.desk, self.table, row, None)
        return row

    def update(self, row_id: str, **changes: Any) -> Row:
        old = self.get(row_id)
        if old is None:
            raise not_found(self.table)
        clean = self.prepare(changes, old)
        with self.desk.transaction() as w:
            updated: tuple[Row, list[str]] = self._guard(
                lambda: w.update(self.table, row_id, clean)
            )
            row, changed = updated
            if changed:
                self.after_write(w, row, changed)
        if changed:
            undo.note(self.desk, self.table, row, {f: old.get(f) for f in changed})
        return row

    def delete(self, row_id: str) -> None:
        if self.get(row_id) is None:
            raise not_found(self.table)
        with self.desk.transaction() as w:
            row = w.delete(self.table, row_id)
            self.after_write(w, row, ["deleted"])

    def after_write(self, w: rows.RowWriter, row: Row, changed: list[str]) -> None:
        if self.searchable:
            self.desk.touched(self.table, row["id"])

    def _guard(self, write: Any) -> Any:
        try:
            return write()
        except sqlite3.IntegrityError as e:
            if "id_number" in str(e):
                raise validation.ValidationError(
                    "id_number",
                    "duplicate",
                    "本社区已有相同身份证号码的人员",
                    "a person with this ID number is already in this community",
                ) from e
            raise validation.ValidationError(
                self.table, "integrity", f"数据不一致：{e}", f"inconsistent data: {e}"
            ) from e


class Buildings(Records):
    def create(self, *, number: str, **more: Any) -> Row:
        return self.insert({"number": number, **more})

    def after_write(self, w: rows.RowWriter, row: Row, changed: list[str]) -> None:
        if "number" in changed or "deleted" in changed:
            self.desk.touched("building", row["id"])


class BuildingHeads(Records):
    def create(self, *, name: str, phone: str | None = None, **more: Any) -> Row:
        return self.insert({"name": name, "phone": phone, **more})


# The order of a household register: head, spouse, children, their spouses, grandchildren,
# then the head's parents and siblings.
_KIN_ORDER = (
    "CASE relation WHEN 'head' THEN 0 WHEN 'spouse' THEN 1 WHEN 'son' THEN 2"
    " WHEN 'daughter' THEN 2 WHEN 'son_in_law' THEN 3 WHEN 'daughter_in_law' THEN 3"
    " WHEN 'grandson' THEN 4 WHEN 'granddaughter' THEN 4 WHEN 'father' THEN 5"
    " WHEN 'mother' THEN 5 WHEN 'sibling' THEN 6 ELSE 7 END"
)


class Households(Records):
    searchable = True

    def create(
        self,
        *,
        household_no: str,
        building_id: str | None = None,
        unit: int | None = None,
        room: str | None = None,
        **more: Any,
    ) -> Row:
        values = {"household_no": household_no, "building_id": building_id, "unit": unit}
        return self.insert({**values, "room": room, **more})

    def members(self, household_id: str) -> list[Row]:
        cur = self.conn.execute(
            "SELECT * FROM person WHERE household_id = ? AND deleted = 0"
            f" ORDER BY {_KIN_ORDER}, birth_date, name",
            (household_id,),
        )
        return [dict(r) for r in cur]

    def by_number(self, household_no: str) -> Row | None:
        found = self.find(household_no=household_no.strip())
        return found[0] if found else None

    def by_room(self, text: str) -> Row | None:
        """The live household at a room written as 3-2-501 or 3栋2单元501室."""
        from relocdesk.store.search import parse_room

        parts = parse_room(text)
        if parts is None:
            return None
        building, unit, room = parts
        found = self.conn.execute(
            "SELECT h.* FROM building b CROSS JOIN household h ON h.building_id = b.id"
            " WHERE b.number = ? AND b.deleted = 0 AND h.unit = ? AND h.room = ?"
            " AND h.deleted = 0 ORDER BY h.status = 'active' DESC LIMIT 1",
            (building, unit, room),
        ).fetchone()
        return dict(found) if found else None

    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        clean = super().prepare(values, old)
        number = clean.get("household_no")
        if number:
            taken = self.conn.execute(
                "SELECT 1 FROM household WHERE household_no = ? AND deleted = 0 AND id != ?",
                (number, old["id"] if old else ""),
            ).fetchone()
            if taken:
                # The number is how clerks, forms and `relocdesk show` name a household.
                raise validation.ValidationError(
                    "household_no",
                    "duplicate",
                    f"本社区已有户号为“{number}”的住户",
                    f"household number {number!r} is already used in this community",
                )
        head = clean.get("head_person_id")
        if head and old is not None:
            member = self.conn.execute(
                "SELECT household_id FROM person WHERE id = ?", (head,)
            ).fetchone()
            if member is None or member[0] != old["id"]:
                raise validation.ValidationError(
                    "head_person_id",
                    "head_not_member",
                    "户主必须是本户成员",
                    "the household head must be a member of this household",
                )
        return household_facts.complete(clean, old)


class People(Records):
    searchable = True

    def create(
        self, *, household_id: str, name: str, id_number: str | None = None, **more: Any
    ) -> Row:
        return self.insert(
            {"household_id": household_id, "name": name, "id_number": id_number, **more}
        )

    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        clean = super().prepare(values, old)
        merged = {**(old or {}), **clean}
        id_no = merged.get("id_number")
        if old is not None and clean.get("id_number") and clean["id_number"] != old["id_number"]:
            # A corrected ID number is the authority: gender and birth date that were not
            # typed in the same edit follow it instead of blocking the correction.
            for derived in ("gender", "birth_date"):
                if derived not in clean:
                    merged[derived] = None
        if id_no:
            info = validation.id_info(id_no)
            # Derive what the ID number says when it was not typed; check it when it was.
            if not merged.get("gender"):
                clean["gender"] = merged["gender"] = info.gender
            if not merged.get("birth_date"):
                clean["birth_date"] = merged["birth_date"] = info.birth_date.isoformat()
            validation.check_identity(id_no, merged.get("gender"), merged.get("birth_date"))
        return clean

    def by_id_number(self, id_number: str) -> Row | None:
        found = self.find(id_number=validation.id_number(id_number))
        return found[0] if found else None

    def move(self, person_id: str, household_id: str) -> Row:
        return self.update(person_id, household_id=household_id)

    def update(self, row_id: str, **changes: Any) -> Row:
        """A change of employment also writes its event, in the same transaction."""
        old = self.get(row_id)
        moved = old is not None and "household_id" in changes
        last = moved and household_head.last_to_leave(self.conn, old or {}, changes["household_id"])
        with self.desk.transaction() as w:
            row = super().update(row_id, **changes)
            if old is not None:
                employment.record(
                    w, old, row, [k for k in changes if old.get(k) != row.get(k)], source="edit"
                )
                self._headless(old, last)
        return row

    def delete(self, row_id: str) -> None:
        person = self.get(row_id) or {}
        last = household_head.last_to_leave(self.conn, person, None)
        with self.desk.transaction():
            super().delete(row_id)
            self._headless(person, last)

    def _headless(self, person: Row, last: bool) -> None:
        """The household its last member, its head, left names no head."""
        if last:
            Households(self.desk, "household").update(person["household_id"], head_person_id=None)


# The employment status a hire gives, by the referral's kind (a training that ends in a
# hire is a local job).
HIRED_AS = {
    "local_firm": "local_job",
    "workshop": "local_job",
    "public_welfare": "public_welfare",
    "labour_export": "outside_county",
    "training": "local_job",
}


class Referrals(Records):
    """A referral's outcome is a history of events; the row keeps the latest for queries."""

    def create(
        self, *, person_id: str, employer: str, kind: str, date: str | None = None, **more: Any
    ) -> Row:
        values = {"person_id": person_id, "employer": employer, "kind": kind}
        return self.insert({**values, "date": date or _today(), **more})

    def person_change(self, referral_id: str, outcome: str) -> Row:
        """What recording ``outcome`` changes of the referred person, as proposed to the
        user: hired takes the job (status from the referral's kind, its employer, position,
        place and wage); a hired referral turned into another outcome, for the person still
        working at its employer, ends the job (unemployed and willing, back on the referrals
        list). Only the fields that differ from the person as stored; nothing otherwise."""
        referral = self.get(referral_id)
        if referral is None:
            raise not_found("referral", "referral_id")
        person = People(self.desk, "person").get(referral["person_id"]) or {}
        proposed: Row = {}
        if outcome == "hired":
            proposed = {
                "employment_status": HIRED_AS.get(referral["kind"], "local_job"),
                "employer": referral["employer"],
                "job": referral.get("position") or "",
                "work_place": "outside_county" if referral["kind"] == "labour_export" else "local",
            }
            if referral.get("wage_offered"):
                proposed["monthly_wage"] = referral["wage_offered"]
        elif referral["outcome"] == "hired" and person.get("employer") == referral["employer"]:
            proposed = {"employment_status": "unemployed_willing", "employer": "", "job": ""}
        return {k: v for k, v in proposed.items() if (person.get(k) or "") != (v or "")}

    def record_outcome(
        self,
        referral_id: str,
        outcome: str,
        *,
        date: str | None = None,
        note: str = "",
        recorded_by: str = "",
        person: Mapping[str, Any] | None = None,
    ) -> Row:
        """Append the outcome event and keep the latest on the row; the referred person's
        changes (``person``: by default ``person_change``'s proposal, ``{}`` for none) are
        written in the same transaction, so the two rows and their outbox ops go together."""
        referral = self.get(referral_id)
        if referral is None:
            raise not_found("referral", "referral_id")
        people = People(self.desk, "person")
        changes = self.person_change(referral_id, outcome) if person is None else dict(person)
        old_person = people.get(referral["person_id"]) if changes else None
        clean_person = people.prepare(changes, old_person) if old_person else {}
        event = fields.clean(
            "referral_event",
            {
                "referral_id": referral_id,
                "date": date or _today(),
                "outcome": outcome,
                "note": note,
                "recorded_by": recorded_by,
            },
        )
        with self.desk.transaction() as w:
            w.insert("referral_event", event)
            row, _ = w.update(
                "referral",
                referral_id,
                {
                    "outcome": event["outcome"],
                    "outcome_date": event["date"],
                    "outcome_note": event.get("note"),
                },
            )
            if old_person and clean_person:
                changed_person, changed = w.update("person", old_person["id"], clean_person)
                if changed:
                    people.after_write(w, changed_person, changed)
                    how = {"date": event["date"], "referral_id": referral_id}
                    employment.record(
                        w, old_person, changed_person, changed, source="referral", **how
                    )
        return row

    def events(self, referral_id: str) -> list[Row]:
        cur = self.conn.execute(
            "SELECT * FROM referral_event WHERE referral_id = ? ORDER BY date, created_at",
            (referral_id,),
        )
        return [dict(r) for r in cur]

    def update(self, row_id: str, **changes: Any) -> Row:
        if set(changes) & {"outcome", "outcome_date", "outcome_note"}:
            raise validation.ValidationError(
                "outcome",
                "use_record_outcome",
                "请通过“记录结果”修改推荐结果",
                "change an outcome with record_outcome",
            )
        return super().update(row_id, **changes)


class Visits(Records):
    def create(
        self, *, household_id: str, visitor: str, date: str | None = None, **more: Any
    ) -> Row:
        values = {"household_id": household_id, "visitor": visitor, "date": date or _today()}
        return self.insert({**values, **more})

    def update(self, row_id: str, **changes: Any) -> Row:
        raise validation.ValidationError(
            "visit",
            "append_only",
            "走访记录保存后不能修改",
            "a visit note cannot be changed once saved",
        )


class Needs(Records):
    """Needs move open -> in progress -> resolved -> confirmed; each move is an event."""

    def create(
        self,
        *,
        household_id: str,
        category: str,
        description: str,
        raised_date: str | None = None,
        **more: Any,
    ) -> Row:
        values = {"household_id": household_id, "category": category, "description": description}
        return self.insert({**values, "raised_date": raised_date or _today(), **more})

    def categories(self) -> list[str]:
        """The categories this device may record, in their order: a medical need is health
        data, which a device whose role is kept from it (a building head's) may not hold."""
        from relocdesk import enums, masking, roles

        hidden = not roles.sees_everything(masking.device_role(self.conn))
        return [c for c in enums.NEED_CATEGORY if c and not (hidden and c == roles.MEDICAL_NEED)]

    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        """A category the device may not record is refused here, naming the field: the
        county server would refuse it, and the change would not reach the county."""
        clean = super().prepare(values, old)
        category = clean.get("category", (old or {}).get("category"))
        if category and category not in self.categories():
            raise validation.ValidationError(
                "category",
                "health_data",
                "本设备的账号不能登记医疗类诉求（健康信息）：请告知社区办公室，由办公室登记",
                "this device's account may not record medical needs (health data): tell the"
                " community office, which records them",
            )
        return clean

    def set_status(
        self,
        need_id: str,
        status: str,
        *,
        note: str = "",
        date: str | None = None,
        recorded_by: str = "",
        resolution: str | None = None,
    ) -> Row:
        if self.get(need_id) is None:
            raise not_found("need", "need_id")
        event = fields.clean(
            "need_event",
            {
                "need_id": need_id,
                "date": date or _today(),
                "status": status,
                "note": note,
                "recorded_by": recorded_by,
            },
        )
        changes: dict[str, Any] = {"status": event["status"]}
        if event["status"] in ("resolved", "confirmed"):
            changes["closed_date"] = event["date"]
            if resolution is not None:
                changes["resolution"] = resolution
        with self.desk.transaction() as w:
            w.insert("need_event", event)
            row, _ = w.update("need", need_id, changes)
        return row

    def history(self, need_id: str) -> list[Row]:
        cur = self.conn.execute(
            "SELECT * FROM need_event WHERE need_id = ? ORDER BY date, created_at", (need_id,)
        )
        return [dict(r) for r in cur]


class WarningAcks(Records):
    def create(
        self,
        *,
        indicator: str,
        subject_id: str,
        acked_by: str,
        reason: str,
        acked_date: str | None = None,
        until: str | None = None,
    ) -> Row:
        return self.insert(
            {
                "indicator": indicator,
                "subject_id": subject_id,
                "acked_by": acked_by,
                "reason": reason,
                "acked_date": acked_date or _today(),
                "until": until,
            }
        )


class PrintRecorder(Protocol):
    """What printing needs of the audit trail (``relocdesk.audit.Audit``)."""

    def record(
        self, action: str, subject_table: str, subject_ids: list[str], actor: str = ""
    ) -> None: ...


class Forms:
    """Printing through the façade: the PDF is read-only work; its audit rows and the
    'printed' permit status are written in one transaction once the file is complete."""

    def __init__(self, desk: Book, audit: PrintRecorder, people: People) -> None:
        self.desk = desk
        self.audit = audit
        self.people = people

    def print(self, kind: str, *, out: Any, actor: str = "", **options: Any) -> Any:
        """``print_forms`` with the recording done here. Options: person_id_number,
        household_no, all_pending, month, progress, cancel, today."""
        from relocdesk.forms.printing import print_forms

        return print_forms(self.desk.conn, kind, out=out, record=self._recorder(actor), **options)

    def _recorder(self, actor: str) -> Any:
        from relocdesk.forms.printing import SUBJECT_TABLE, kind_code

        def record(kind: str, subject_ids: list[str]) -> None:
            kind = kind_code(kind)
            with self.desk.transaction():
                self.audit.record("print", SUBJECT_TABLE[kind], subject_ids, actor=actor)
                if kind == "residence_permit":
                    for pid in subject_ids:
                        person = self.people.get(pid)
                        if person and person["permit_status"] == "to_apply":
                            self.people.update(pid, permit_status="printed")

        return record
