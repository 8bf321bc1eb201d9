"""Build the forms' values from the local database with plain SELECTs. Read only.

Which rows to print (one person, one household, all pending) is decided in ``subjects``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from relocdesk import enums, household_facts
from relocdesk.forms import model
from relocdesk.store.search import spoken

CARD_VISITS = 5  # latest visits shown on a household card

Row = sqlite3.Row | dict[str, Any]

_HOUSEHOLD_SQL = (
    "SELECT h.*, b.number AS building_number,"
    " (SELECT name FROM person p WHERE p.id = h.head_person_id) AS head_name,"
    " (SELECT id_number FROM person p WHERE p.id = h.head_person_id) AS head_id_number"
    " FROM household h LEFT JOIN building b ON b.id = h.building_id"
)


def _s(value: object) -> str:
    return "" if value is None else str(value).strip()


def _get(row: Row, key: str) -> Any:
    return row[key] if key in row.keys() else None  # noqa: SIM118 - sqlite3.Row


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _select_in(conn: sqlite3.Connection, sql: str, ids: Sequence[str]) -> list[sqlite3.Row]:
    """``sql`` holds one ``{}`` for the placeholders; long lists go in chunks."""
    out: list[sqlite3.Row] = []
    for part in _chunks(ids):
        out.extend(conn.execute(sql.format(",".join("?" * len(part))), list(part)).fetchall())
    return out


def _in_order(
    conn: sqlite3.Connection, sql: str, ids: Sequence[str], key: str = "id"
) -> list[sqlite3.Row]:
    """The rows of ``ids`` in the order asked for (a batch prints as the clerk chose it),
    leaving out ids that are no longer there."""
    found = {r[key]: r for r in _select_in(conn, sql, ids)}
    return [found[i] for i in ids if i in found]


def community(conn: sqlite3.Connection) -> model.Community:
    row = conn.execute(
        "SELECT c.* FROM community c LEFT JOIN settings s"
        " ON s.key = 'community_id' AND s.value = c.id"
        " WHERE c.deleted = 0 ORDER BY s.value IS NULL, c.created_at LIMIT 1"
    ).fetchone()
    if row is None:
        return model.Community(id="", name="")
    return model.Community(
        id=row["id"],
        name=_s(row["name"]),
        county=_s(row["county"]),
        township=_s(row["township"]) or _s(row["subdistrict"]),
        address=_s(row["address"]),
    )


def address(row: Row, place: model.Community | None = None) -> str:
    """Where a household lives: '3栋2单元501室', after the community's name when given."""
    prefix = (place.address or place.name) if place else ""
    return prefix + spoken(_get(row, "building_number"), _get(row, "unit"), _get(row, "room"))


def origin(row: Row) -> str:
    return "".join(_s(row[k]) for k in ("origin_county", "origin_township", "origin_village"))


# -- residence permits ---------------------------------------------------------------------
def permit_applications(
    conn: sqlite3.Connection, person_ids: Sequence[str], place: model.Community
) -> list[model.PermitApplication]:
    rows = _in_order(
        conn,
        "SELECT p.*, h.household_no, h.move_in_date, h.unit, h.room, b.number AS building_number,"
        " h.origin_county, h.origin_township, h.origin_village"
        " FROM person p JOIN household h ON h.id = p.household_id"
        " LEFT JOIN building b ON b.id = h.building_id WHERE p.id IN ({})",
        person_ids,
    )
    out = []
    for r in rows:
        employer = " ".join(x for x in (_s(r["employer"]), _s(r["job"])) if x)
        out.append(
            model.PermitApplication(
                person_id=r["id"],
                name=_s(r["name"]),
                gender=enums.label(enums.GENDER, r["gender"]),
                ethnicity=_s(r["ethnicity"]),
                birth_date=_s(r["birth_date"]),
                id_number=_s(r["id_number"]),
                phone=_s(r["phone"]),
                education=enums.label(enums.EDUCATION, r["education"]),
                registration_address=_s(r["registration_address"]) or origin(r),
                residence_address=address(r, place),
                move_in_date=_s(r["move_in_date"]),
                employer=employer,
                reason="易地扶贫搬迁安置" + ("、就业" if employer else ""),
                household_no=_s(r["household_no"]),
            )
        )
    return out


# -- household cards -----------------------------------------------------------------------
_FLAG_WORDS = (
    ("formerly_poor", "脱贫户"),
    ("extreme_poverty", "特困供养"),
)
_INSURANCE = (
    ("ins_medical", "医"),
    ("ins_critical", "大"),
    ("ins_pension", "养"),
    ("ins_employment", "就"),
    ("ins_residence", "安"),
)


def member(r: Row) -> model.Member:
    notes = []
    if _s(r["school"]) or r["school_status"] == "not_enrolled":
        notes.append(
            f"{_s(r['school'])}{_s(r['grade'])}"
            if r["school_status"] == "enrolled"
            else enums.label(enums.SCHOOL_STATUS, r["school_status"])
        )
    if _s(r["disability_grade"]):
        notes.append("残疾" + enums.label(enums.DISABILITY_GRADE, r["disability_grade"]))
    if _s(r["serious_illness"]):
        notes.append("大病:" + _s(r["serious_illness"]))
    for key, word in (
        ("left_behind_child", "留守儿童"),
        ("elderly_alone", "独居老人"),
        ("severe_disability", "重度残疾"),
        ("child_in_difficulty", "困境儿童"),
        ("elderly_in_difficulty", "困难老人"),
    ):
        if r[key]:
            notes.append(word)
    return model.Member(
        person_id=r["id"],
        name=_s(r["name"]),
        relation=enums.label(enums.RELATION, r["relation"]),
        gender=enums.label(enums.GENDER, r["gender"]),
        birth_date=_s(r["birth_date"]),
        id_number=_s(r["id_number"]),
        phone=_s(r["phone"]),
        education=enums.label(enums.EDUCATION, r["education"]),
        labour_capacity=enums.label(enums.LABOUR_CAPACITY, r["labour_capacity"]),
        employment=enums.label(enums.EMPLOYMENT_STATUS, r["employment_status"]),
        employer=" ".join(x for x in (_s(r["employer"]), _s(r["job"])) if x),
        work_place=enums.label(enums.WORK_PLACE, r["work_place"] or ""),
        monthly_wage=r["monthly_wage"],
        insurance="".join(mark for key, mark in _INSURANCE if r[key]),
        notes="、".join(notes),
    )


def need_line(r: Row) -> model.NeedLine:
    return model.NeedLine(
        raised_date=_s(r["raised_date"]),
        category=enums.label(enums.NEED_CATEGORY, r["category"]),
        description=_s(r["description"]),
        status=enums.label(enums.NEED_STATUS, r["status"]),
        assignee=_s(r["assignee"]),
        due_date=_s(r["due_date"]),
    )


def household_cards(
    conn: sqlite3.Connection, household_ids: Sequence[str], place: model.Community
) -> list[model.HouseholdCard]:
    households = {
        r["id"]: r for r in _select_in(conn, _HOUSEHOLD_SQL + " WHERE h.id IN ({})", household_ids)
    }
    members: dict[str, list[model.Member]] = {}
    for r in _select_in(
        conn,
        "SELECT * FROM person WHERE deleted = 0 AND household_id IN ({})"
        " ORDER BY relation = 'head' DESC, birth_date",
        household_ids,
    ):
        members.setdefault(r["household_id"], []).append(member(r))
    visits: dict[str, list[model.VisitLine]] = {}
    for r in _select_in(
        conn,
        "SELECT * FROM visit WHERE deleted = 0 AND household_id IN ({})"
        " ORDER BY date DESC, created_at DESC",
        household_ids,
    ):
        lines = visits.setdefault(r["household_id"], [])
        if len(lines) < CARD_VISITS:
            lines.append(visit_line(r))
    needs: dict[str, list[model.NeedLine]] = {}
    for r in _select_in(
        conn,
        "SELECT * FROM need WHERE deleted = 0 AND status IN ('open', 'in_progress')"
        " AND household_id IN ({}) ORDER BY raised_date",
        household_ids,
    ):
        needs.setdefault(r["household_id"], []).append(need_line(r))
    out = []
    for hid in household_ids:
        h = households.get(hid)
        if h is None:
            continue
        flags = [word for key, word in _FLAG_WORDS if h[key]]
        kind = household_facts.monitor_type(dict(h))
        if kind:  # 监测户 by its type, after 脱贫户: 监测户（边缘易致贫户）
            flags.insert(
                int(bool(h["formerly_poor"])), f"监测户（{enums.label(enums.MONITOR_TYPE, kind)}）"
            )
        if h["dibao"] != "none":
            flags.append(enums.label(enums.DIBAO, h["dibao"]))
        out.append(
            model.HouseholdCard(
                household_id=hid,
                household_no=_s(h["household_no"]),
                address=address(h, place),
                head_name=_s(h["head_name"]),
                phone=_s(h["phone"]),
                origin=origin(h),
                move_in_date=_s(h["move_in_date"]),
                registration=enums.label(enums.REGISTRATION_STATUS, h["registration_status"]),
                flags="、".join(flags) or "无",
                status=enums.label(enums.HOUSEHOLD_STATUS, h["status"]),
                income_year=_s(h["income_year"]),
                income_wages=float(h["income_wages"] or 0),
                income_business=float(h["income_business"] or 0),
                income_transfers=float(h["income_transfers"] or 0),
                income_property=float(h["income_property"] or 0),
                members=tuple(members.get(hid, ())),
                visits=tuple(visits.get(hid, ())),
                open_needs=tuple(needs.get(hid, ())),
                notes=_s(h["notes"]),
            )
        )
    return out


def visit_line(r: Row) -> model.VisitLine:
    return model.VisitLine(
        date=_s(r["date"]),
        visitor=_s(r["visitor"]),
        kind=enums.label(enums.VISIT_KIND, r["kind"]),
        met=_s(r["met"]),
        notes=_s(r["notes"]),
    )


# -- referrals -----------------------------------------------------------------------------
def referral_forms(
    conn: sqlite3.Connection, referral_ids: Sequence[str], place: model.Community
) -> list[model.ReferralForm]:
    rows = _in_order(
        conn,
        "SELECT r.id AS referral_id, r.date, r.referred_by, r.employer AS offer_employer,"
        " r.position, r.kind, r.wage_offered, r.outcome, r.outcome_date, r.outcome_note,"
        " bh.name AS head_name, p.*, h.unit, h.room, b.number AS building_number"
        " FROM referral r JOIN person p ON p.id = r.person_id"
        " JOIN household h ON h.id = p.household_id"
        " LEFT JOIN building b ON b.id = h.building_id"
        " LEFT JOIN building_head bh ON bh.id = r.building_head_id"
        " WHERE r.id IN ({})",
        referral_ids,
        key="referral_id",
    )
    out = []
    for r in rows:
        referred_by = _s(r["referred_by"]) or _s(r["head_name"])
        out.append(
            model.ReferralForm(
                referral_id=r["referral_id"],
                person_id=r["id"],
                name=_s(r["name"]),
                gender=enums.label(enums.GENDER, r["gender"]),
                birth_date=_s(r["birth_date"]),
                id_number=_s(r["id_number"]),
                phone=_s(r["phone"]),
                education=enums.label(enums.EDUCATION, r["education"]),
                skills=_s(r["skills"]),
                address=address(r, place),
                labour_capacity=enums.label(enums.LABOUR_CAPACITY, r["labour_capacity"]),
                employment=enums.label(enums.EMPLOYMENT_STATUS, r["employment_status"]),
                date=_s(r["date"]),
                referred_by=referred_by,
                employer=_s(r["offer_employer"]),
                position=_s(r["position"]),
                kind=enums.label(enums.REFERRAL_KIND, r["kind"]),
                wage_offered=r["wage_offered"],
                outcome=enums.label(enums.REFERRAL_OUTCOME, r["outcome"]),
                outcome_date=_s(r["outcome_date"]),
                outcome_note=_s(r["outcome_note"]),
            )
        )
    return out


# -- visits --------------------------------------------------------------------------------
def _household_heads(
    conn: sqlite3.Connection, household_ids: Sequence[str], place: model.Community
) -> dict[str, tuple[Row, str]]:
    households = {
        r["id"]: r for r in _select_in(conn, _HOUSEHOLD_SQL + " WHERE h.id IN ({})", household_ids)
    }
    names: dict[str, list[str]] = {}
    for r in _select_in(
        conn,
        "SELECT household_id, name, relation FROM person WHERE deleted = 0"
        " AND household_id IN ({}) ORDER BY relation = 'head' DESC, birth_date",
        household_ids,
    ):
        names.setdefault(r["household_id"], []).append(
            f"{_s(r['name'])}({enums.label(enums.RELATION, r['relation'])})"
        )
    return {hid: (h, " ".join(names.get(hid, ()))) for hid, h in households.items()}


def visit_records(
    conn: sqlite3.Connection, visit_ids: Sequence[str], place: model.Community
) -> list[model.VisitRecord]:
    visits = {
        r["id"]: r for r in _select_in(conn, "SELECT * FROM visit WHERE id IN ({})", visit_ids)
    }
    households = _household_heads(conn, sorted({v["household_id"] for v in visits.values()}), place)
    needs: dict[str, list[model.NeedLine]] = {}
    for r in _select_in(
        conn, "SELECT * FROM need WHERE deleted = 0 AND visit_id IN ({})", visit_ids
    ):
        needs.setdefault(r["visit_id"], []).append(need_line(r))
    out = []
    for vid in visit_ids:
        v = visits.get(vid)
        if v is None or v["household_id"] not in households:
            continue
        h, members = households[v["household_id"]]
        out.append(
            model.VisitRecord(
                household_id=v["household_id"],
                visit_id=vid,
                household_no=_s(h["household_no"]),
                address=address(h, place),
                head_name=_s(h["head_name"]),
                head_id_number=_s(h["head_id_number"]),
                phone=_s(h["phone"]),
                members=members,
                date=_s(v["date"]),
                visitor=_s(v["visitor"]),
                kind=enums.label(enums.VISIT_KIND, v["kind"]),
                met=_s(v["met"]),
                notes=_s(v["notes"]),
                needs=tuple(needs.get(vid, ())),
            )
        )
    return out


def blank_visit_record(
    conn: sqlite3.Connection, household_id: str, place: model.Community
) -> model.VisitRecord | None:
    """A visit form with the household filled in and the rest left to the visitor's pen."""
    found = _household_heads(conn, [household_id], place)
    if household_id not in found:
        return None
    h, members = found[household_id]
    return model.VisitRecord(
        household_id=household_id,
        visit_id="",
        household_no=_s(h["household_no"]),
        address=address(h, place),
        head_name=_s(h["head_name"]),
        head_id_number=_s(h["head_id_number"]),
        phone=_s(h["phone"]),
        members=members,
        date="",
        visitor="",
        kind="",
        met="",
        notes="",
    )
