"""A community of three buildings and two building heads, made by a secretary's device the
way the office makes it: head A keeps buildings 1 and 2, head B building 3; every household
has people, a visit, needs (one medical), a referral with its outcome, a training and an
acknowledged warning."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
from relocdesk.validation import make_id_number
from tests.sync.harness import County

# Tables whose rows belong to a household; the check below follows each to its household.
HOUSEHOLD_OF = {
    "household": "SELECT id FROM household",
    "person": "SELECT household_id FROM person",
    "visit": "SELECT household_id FROM visit",
    "need": "SELECT household_id FROM need",
    "need_event": "SELECT n.household_id FROM need_event e JOIN need n ON n.id = e.need_id",
    "referral": "SELECT p.household_id FROM referral r JOIN person p ON p.id = r.person_id",
    "referral_event": "SELECT p.household_id FROM referral_event e"
    " JOIN referral r ON r.id = e.referral_id JOIN person p ON p.id = r.person_id",
    "training": "SELECT p.household_id FROM training t JOIN person p ON p.id = t.person_id",
    "employment_event": "SELECT p.household_id FROM employment_event t"
    " JOIN person p ON p.id = t.person_id",
    "warning_closeout": "SELECT household_id FROM warning_closeout",
}


@dataclass
class World:
    secretary: SyncEngine
    heads: dict[str, str]  # A/B -> building_head row id
    buildings: dict[str, str]  # number -> building id
    households: dict[str, list[str]] = field(default_factory=dict)  # building number -> ids
    people: dict[str, list[str]] = field(default_factory=dict)  # household -> person ids


def build(county: County, per_building: int = 3) -> World:
    sec = county.device()
    d = sec.desk
    head_a = d.building_heads.create(name="王楼长", phone="13800000001")["id"]
    head_b = d.building_heads.create(name="赵楼长", phone="13800000002")["id"]
    buildings = {
        n: d.buildings.create(number=n, units=2, floors=6, building_head_id=h)["id"]
        for n, h in (("1", head_a), ("2", head_a), ("3", head_b))
    }
    world = World(sec, {"A": head_a, "B": head_b}, buildings)
    seq = 1
    for number, bid in buildings.items():
        for i in range(per_building):
            hh = d.households.create(
                household_no=f"HH{number}{i:02d}", building_id=bid, unit=1, room=f"{i + 1}01"
            )["id"]
            world.households.setdefault(number, []).append(hh)
            people = []
            given = "一二三四五六七八九十"
            for k, name in enumerate(("张", "李")):
                seq += 1
                pid = d.people.create(
                    household_id=hh,
                    name=f"{name}{given[int(number)]}{given[i]}",
                    id_number=make_id_number("522731", datetime.date(1980 + k, 3, 4), seq),
                    relation="head" if k == 0 else "spouse",
                )["id"]
                people.append(pid)
            world.people[hh] = people
            d.visits.create(household_id=hh, visitor="书记", notes="走访")
            need = d.needs.create(household_id=hh, category="employment", description="找工作")
            d.needs.set_status(need["id"], "in_progress", note="已联系")
            d.needs.create(household_id=hh, category="medical", description="慢性病")
            ref = d.referrals.create(person_id=people[0], employer="扶贫车间", kind="workshop")
            d.referrals.record_outcome(ref["id"], "hired")
            d.trainings.create(person_id=people[1], course="电工")
            d.warning_acks.create(
                indicator="no_employment", subject_id=hh, acked_by="书记", reason="已安排"
            )
    sec.run()
    return world


def head_account(county: County, world: World, letter: str = "A") -> str:
    user = f"head{letter}{id(world) % 10000}"
    county.storage.create_user(user, county.password, "building_head", county.community_id)
    county.storage.set_building_head(user, world.heads[letter])
    return user


def households_by_table(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """For each household-bound table, the households its rows belong to (by SQL on the
    device's file)."""
    return {t: {r[0] for r in conn.execute(q)} for t, q in HOUSEHOLD_OF.items()}


def rows(conn: sqlite3.Connection, table: str, where: str = "1", *args: Any) -> list[Any]:
    return list(conn.execute(f"SELECT * FROM {table} WHERE {where}", args))


def device_db(engine: SyncEngine) -> sqlite3.Connection:
    """The device's database file opened on its own (as anyone holding the laptop could)."""
    desk: Desk = engine.desk
    conn: sqlite3.Connection = desk.conn
    return conn


def cover_all_buildings(county: County, secretary: SyncEngine, user: str) -> str:
    """Make ``user`` (a building-head account) the head of every building the secretary's
    device has, as the office would record it, and bind the account to that head: the
    older building-head tests, written before scopes, keep their whole small community."""
    d = secretary.desk
    head = d.building_heads.create(name="楼栋长")["id"]
    for b in scope_rows(d, "building"):
        d.buildings.update(b, building_head_id=head)
    secretary.run()
    county.storage.set_building_head(user, head)
    return str(head)


def scope_rows(desk: Desk, table: str) -> list[str]:
    return [r[0] for r in desk.conn.execute(f"SELECT id FROM {table} WHERE deleted = 0")]
