"""A demo community that looks like the real thing, for first start, training and benchmarks.

Everything is drawn from one ``random.Random(seed)`` and dated relative to ``today``, so a
seed and a date give the same households, names, ID numbers and rooms on every machine
(row clocks and outbox op ids still come from the device). The shares follow the sources:
most households have someone in work, a few percent of those with labour capacity have
nobody, unemployed people get referrals from their building head, a few school-age
children are out of school, a few percent lack medical insurance.

Rows are generated a few thousand households at a time and written with
``RowWriter.insert_many`` in one transaction, so a 100,000-household county fits in memory.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from relocdesk import demo_names as names
from relocdesk import regions, validation
from relocdesk.desk import Desk
from relocdesk.enums import EMPLOYED
from relocdesk.store import search

Row = dict[str, Any]
Batch = dict[str, list[Row]]
T = TypeVar("T")

# fmt: off
# Parents before children: foreign keys are checked as each row goes in.
TABLES = (
    "building_head", "building", "household", "person", "referral", "referral_event",
    "visit", "need", "need_event", "training",
)
CHUNK_HOUSEHOLDS = 2000
Y = 365  # days in a year, near enough for drawing ages
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "138", "139", "150", "151", "152", "153", "155",
    "157", "158", "159", "173", "177", "178", "180", "182", "183", "185", "187", "188", "199",
)
GRADES = (
    "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级",
    "高一", "高二", "高三",
)
# fmt: on


@dataclass(frozen=True)
class DemoSummary:
    community: str
    county: str
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = ", ".join(f"{t} {n:,}" for t, n in self.counts.items())
        return f"{self.county} {self.community}: {parts}"


class Weighted:
    """``rng.choices`` with the cumulative weights computed once."""

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.keys = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.keys, cum_weights=self.cum)[0]


# fmt: off
SIZES = Weighted({1: 6, 2: 12, 3: 16, 4: 22, 5: 20, 6: 12, 7: 8, 8: 4})
REGISTRATION = Weighted({"transferred": 55, "residence_permit": 30, "pending": 15})
DISABILITY = Weighted({"1": 15, "2": 25, "3": 30, "4": 30})
JOB_KIND = Weighted({
    "outside_county": 33, "local_firm": 27, "workshop": 14, "public_welfare": 8,
    "self_employed": 6, "flexible": 12,
})
REFERRAL_COUNT = Weighted({0: 10, 1: 12, 2: 18, 3: 30, 4: 18, 5: 12})
REFERRAL_KIND = Weighted({
    "local_firm": 35, "workshop": 25, "public_welfare": 15, "labour_export": 15, "training": 10,
})
LATE_OUTCOME = Weighted({"not_hired": 45, "declined": 35, "pending": 20})
NEED_COUNT = Weighted({0: 50, 1: 30, 2: 13, 3: 7})
NEED_CATEGORY = Weighted({
    "employment": 28, "schooling": 10, "medical": 16, "housing": 20, "benefits": 16, "other": 10,
})
OLD_NEED = Weighted({"confirmed": 62, "resolved": 28, "in_progress": 6, "open": 4})
NEW_NEED = Weighted({"open": 35, "in_progress": 35, "resolved": 20, "confirmed": 10})
NEED_SOURCE = Weighted({"visit": 60, "phone": 25, "walk_in": 15})
VISIT_KIND = Weighted({"routine": 72, "follow_up": 18, "on_request": 10})
OUTCOME_NOTES = {
    "hired": ("已入职", "已上岗"),
    "not_hired": ("企业未录用：年龄偏大", "企业未录用：岗位已满", "试岗后未录用"),
    "declined": ("离家太远，本人放弃", "工资偏低，本人放弃", "需照顾家人，暂不就业"),
}
# fmt: on


def _eras(table: Mapping[tuple[int, int], T], year: int) -> T:
    for (lo, hi), value in table.items():
        if lo <= year <= hi:
            return value
    values = list(table.values())
    return values[0] if year < 1930 else values[-1]


def _minority_share(county: regions.County) -> float:
    """Share of minority families: high in the autonomous prefectures and counties."""
    if "自治" in county.name or county.code[:4] == "5226":
        return 0.8
    if county.code[:4] in ("5227", "5223"):
        return 0.6
    return 0.35


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Member:
    __slots__ = ("age", "born", "gender", "relation", "row", "surname")

    def __init__(
        self, row: Row, born: int, gender: str, relation: str, surname: str, age: int
    ) -> None:
        self.row, self.born, self.gender = row, born, gender
        self.relation, self.surname, self.age = relation, surname, age

    @property
    def employed(self) -> bool:
        return self.row["employment_status"] in EMPLOYED


class Generator:
    """Draws the rows of one demo community; ``batches()`` yields them chunk by chunk."""

    def __init__(self, households: int, seed: int = 1, today: datetime.date | None = None) -> None:
        if not 1 <= households <= 1_000_000:
            raise validation.ValidationError(
                "households",
                "out_of_range",
                "户数应在 1 到 1,000,000 之间",
                "households must be 1-1,000,000",
            )
        self.households = households
        self.rng = rng = random.Random(seed)
        self.today = today or datetime.date.today()
        self.t0 = self.today.toordinal()
        # The name and surname tables are Guizhou's, so the community is in a Guizhou county.
        self.county = rng.choice([c for c in regions.COUNTIES if c.code.startswith("52")])
        self.community_name = rng.choice(names.COMMUNITY_NAMES)
        seats = [t for t in self.county.townships if t.endswith("街道")]
        self.subdistrict = rng.choice(seats or list(self.county.townships))
        nearby = [c for c in regions.COUNTIES if c.prefecture == self.county.prefecture]
        # Most families moved from the remote townships of the same county, the rest from
        # neighbouring counties of the prefecture (cross-county relocation).
        self.origins = Weighted({c: (8.0 if c is self.county else 1.0) for c in nearby})
        self.born_elsewhere = [c for c in regions.COUNTIES if c.province == self.county.province]
        self.han = Weighted(names.HAN_SURNAMES)
        self.minority_surnames = Weighted(names.MINORITY_SURNAMES)
        self.minorities = Weighted(names.MINORITIES)
        self.used_ids: set[int] = set()
        self.staff = [
            self.surname(False)
            + self.given(rng.randint(1975, 1998), rng.choice(("male", "female")))
            for _ in range(max(4, min(60, households // 400)))
        ]
        c = self.county
        self.address = f"{c.province}{c.prefecture}{c.name}{self.subdistrict}{self.community_name}"
        self.primary = [f"{c.name}{s}" for s in names.SCHOOLS_PRIMARY]
        self.junior = [f"{c.name}{s}" for s in names.SCHOOLS_JUNIOR]
        fmt = {"county": c.name, "community": self.community_name}
        self.jobs = {
            kind: [(e.format(**fmt), j) for e, j in table]
            for kind, table in (
                ("local_firm", names.LOCAL_FIRMS),
                ("workshop", names.WORKSHOPS),
                ("public_welfare", names.PUBLIC_WELFARE),
                ("labour_export", names.LABOUR_EXPORT),
                ("self_employed", names.SELF_EMPLOYED),
                ("flexible", names.FLEXIBLE),
            )
        }
        self.jobs["outside_county"] = self.jobs["labour_export"]
        self.jobs["training"] = [
            (f"{c.name}人力资源和社会保障局", course) for course in names.COURSES
        ]
        self.household_seq = 0

    def community(self) -> Row:
        return {
            "name": self.community_name,
            "county": self.county.name,
            "subdistrict": self.subdistrict,
            "township": self.subdistrict,
            "address": self.address,
        }

    def batches(self, chunk: int = CHUNK_HOUSEHOLDS) -> Iterator[Batch]:
        """Rows per table, whole building groups at a time, at least ``chunk`` households."""
        batch: Batch = {t: [] for t in TABLES}
        for group in self._building_groups():
            self._group(group, batch)
            if len(batch["household"]) >= chunk:
                yield batch
                batch = {t: [] for t in TABLES}
        if batch["household"]:
            yield batch

    # -- small draws ---------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, days_ago: int) -> str:
        return datetime.date.fromordinal(self.t0 - max(0, days_ago)).isoformat()

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"

    def money(self, lo: int, hi: int, step: int = 100) -> int:
        return self.rng.randrange(lo // step, hi // step + 1) * step

    def given(self, year: int, gender: str) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            return rng.choice(
                _eras(names.MALE_NAMES if gender == "male" else names.FEMALE_NAMES, year)
            )
        first, second = _eras(names.MALE_CHARS if gender == "male" else names.FEMALE_CHARS, year)
        single = 0.2 if year < 1960 else 0.3 if year < 1980 else 0.35 if year < 2000 else 0.1
        if rng.random() < single:
            return rng.choice(second)
        a, b = rng.choice(first), rng.choice(second)
        return a + b if a != b else a + rng.choice(first)

    def surname(self, minority: bool) -> str:
        return str((self.minority_surnames if minority else self.han).pick(self.rng))

    def id_number(self, region_code: str, birth: datetime.date, gender: str) -> str:
        base = int(region_code) * 100_000_000 + birth.year * 10_000 + birth.month * 100 + birth.day
        rng = self.rng
        for _ in range(500):
            seq = rng.randrange(1, 1000, 2) if gender == "male" else rng.randrange(2, 1000, 2)
            key = base * 1000 + seq
            if key not in self.used_ids:
                self.used_ids.add(key)
                return validation.make_id_number(region_code, birth, seq)
        raise RuntimeError("no free ID sequence left for one birth date")

    # -- layout --------------------------------------------------------------------------
    def _building_groups(self) -> Iterator[list[tuple[Row, list[tuple[int, str]]]]]:
        """Buildings with their occupied flats, grouped one to three per building head."""
        rng = self.rng
        shapes: list[tuple[int, int, int]] = []
        capacity, target = 0, math.ceil(self.households / 0.93)
        while capacity < target:
            shape = (rng.randint(2, 4), rng.randint(6, 18), rng.choice((2, 2, 3, 4)))
            shapes.append(shape)
            capacity += shape[0] * shape[1] * shape[2]
        starts = list(itertools.accumulate((u * f * p for u, f, p in shapes), initial=0))
        flats: list[list[tuple[int, str]]] = [[] for _ in shapes]
        b = 0
        for flat in sorted(rng.sample(range(capacity), self.households)):
            while flat >= starts[b + 1]:
                b += 1
            _, floors, per_floor = shapes[b]
            unit, rest = divmod(flat - starts[b], floors * per_floor)
            floor, door = divmod(rest, per_floor)
            flats[b].append((unit + 1, f"{floor + 1}{door + 1:02d}"))
        first = 0
        while first < len(shapes):
            last = min(first + rng.choice((1, 2, 2, 3)), len(shapes))
            yield [
                (
                    {
                        "id": self.uid(),
                        "number": str(i + 1),
                        "name": f"{i + 1}栋",
                        "units": shapes[i][0],
                        "floors": shapes[i][1],
                    },
                    flats[i],
                )
                for i in range(first, last)
            ]
            first = last

    def _group(self, group: list[tuple[Row, list[tuple[int, str]]]], out: Batch) -> None:
        head_id = self.uid()
        visitor = self.rng.choice(self.staff)
        homes = []
        for building, flats in group:
            building["building_head_id"] = head_id
            for unit, room in flats:
                self.household_seq += 1
                homes.append(Home(self, building, unit, room, visitor))
        # A building head is a resident who is at home and reachable: not working away.
        at_home = [
            p
            for h in homes
            for p in h.members
            if 30 <= p.age <= 65
            and p.row.get("phone")
            and p.row["employment_status"] != "outside_county"
        ]
        numbers = "、".join(b["number"] for b, _ in group)
        head: Row = {
            "id": head_id,
            "since": self.day(self.rng.randint(200, 1500)),
            "notes": f"负责{numbers}栋",
        }
        if at_home:
            chosen = self.rng.choice(at_home).row
            head.update(person_id=chosen["id"], name=chosen["name"], phone=chosen["phone"])
        else:
            head.update(name=self.surname(False) + self.given(1975, "male"), phone=self.phone())
        out["building_head"].append(head)
        out["building"].extend(b for b, _ in group)
        for home in homes:
            home.referrals(head)
            home.write(out)


class Home:
    """One household: its members, work, money, visits, needs and referrals."""

    def __init__(self, gen: Generator, building: Row, unit: int, room: str, visitor: str) -> None:
        self.gen, self.rng, self.visitor = gen, gen.rng, visitor
        rng = self.rng
        self.origin = gen.origins.pick(rng)
        self.township = rng.choice(self.origin.townships)
        self.village = rng.choice(self.origin.villages) if self.origin.villages else "新寨村"
        self.minority = rng.random() < _minority_share(self.origin)
        self.ethnicity = gen.minorities.pick(rng) if self.minority else "汉族"
        self.registration = REGISTRATION.pick(rng)
        self.members: list[Member] = []
        self.rows: Batch = {t: [] for t in TABLES if t not in ("building_head", "building")}
        self._compose(SIZES.pick(rng))
        for m in self.members:
            self._person(m)
        self._employment()
        self.household = self._household(building, unit, room)
        self._visits_and_needs()
        self._trainings()

    # -- who lives here ------------------------------------------------------------------
    def _born(self, lo: int, hi: int) -> int:
        return self.gen.t0 - self.rng.randint(lo * Y + 1, hi * Y + 300)

    def _child_born(self, parents: Sequence[Member], min_age: int = 0) -> int | None:
        lo = max(p.born for p in parents) + 18 * Y + 10
        hi = min(min(p.born for p in parents) + 40 * Y - 10, self.gen.t0 - min_age * Y - 300)
        return self.rng.randint(lo, hi) if lo <= hi else None

    def _add(self, relation: str, gender: str, born: int, surname: str) -> Member:
        birth = datetime.date.fromordinal(born)
        taken = {m.row["name"] for m in self.members}
        for _ in range(10):
            name = surname + self.gen.given(birth.year, gender)
            if name not in taken:
                break
        m = Member({"name": name}, born, gender, relation, surname, age_on(birth, self.gen.today))
        self.members.append(m)
        return m

    def _other(self, gender: str) -> str:
        return "male" if gender == "female" else "female"

    def _adult(self, born: int) -> int:
        """A spouse is at least 20; spread those pushed back so birthdays do not pile up."""
        limit = self.gen.t0 - 20 * Y - 300
        return born if born <= limit else limit - self.rng.randint(0, 2 * Y)

    def _spouse(self, head: Member) -> Member:
        shift = self.rng.randint(-2 * Y, 6 * Y)  # husbands a little older, as a rule
        born = head.born + shift if head.gender == "male" else head.born - shift
        born = self._adult(born)
        return self._add("spouse", self._other(head.gender), born, self.gen.surname(self.minority))

    def _compose(self, size: int) -> None:
        rng, gen = self.rng, self.gen
        if size == 1:
            elderly = rng.random() < 0.55
            gender = "female" if rng.random() < (0.6 if elderly else 0.35) else "male"
            self._add(
                "head",
                gender,
                self._born(60, 88) if elderly else self._born(22, 59),
                gen.surname(self.minority),
            )
            return
        if size >= 4 and rng.random() < 0.4:
            self._three_generations(size)
            return
        gender = "male" if rng.random() < 0.82 else "female"
        head = self._add(
            "head", gender, self._born(25, 80 if size <= 2 else 58), gen.surname(self.minority)
        )
        parents = [head]
        if rng.random() < 0.88:
            parents.append(self._spouse(head))
        family = next(
            (p.surname for p in parents if p.gender == "male"), gen.surname(self.minority)
        )
        if size - len(self.members) >= 2 and head.age <= 50 and rng.random() < 0.3:
            lo, hi = head.born - 40 * Y + 10, head.born - 18 * Y - 10
            first: int | None = None
            for relation, g in rng.sample(
                (("father", "male"), ("mother", "female")), rng.randint(1, 2)
            ):
                # A couple: the second parent within a few years of the first.
                near = (lo, hi) if first is None else (first - 6 * Y, first + 6 * Y)
                born = rng.randint(max(lo, near[0], gen.t0 - 92 * Y), min(hi, near[1]))
                first = born if first is None else first
                surname = head.surname if relation == "father" else gen.surname(self.minority)
                self._add(relation, g, born, surname)
        self._children(parents, family, size)

    def _children(self, parents: list[Member], family: str, size: int) -> None:
        while len(self.members) < size:
            born = self._child_born(parents)
            if born is None:
                return
            gender = self.rng.choice(("male", "female"))
            self._add("son" if gender == "male" else "daughter", gender, born, family)

    def _three_generations(self, size: int) -> None:
        rng, gen = self.rng, self.gen
        gender = "male" if rng.random() < 0.85 else "female"
        head = self._add("head", gender, self._born(48, 74), gen.surname(self.minority))
        parents = [head]
        if rng.random() < 0.85:
            parents.append(self._spouse(head))
        family = next(
            (p.surname for p in parents if p.gender == "male"), gen.surname(self.minority)
        )
        born = self._child_born(parents, min_age=20)
        if born is None:
            self._children(parents, family, size)
            return
        # Usually a son brings his wife home; in Miao and Buyi villages a son-in-law too.
        son = rng.random() < 0.8
        child = self._add("son" if son else "daughter", "male" if son else "female", born, family)
        in_law_born = self._adult(born + rng.randint(-3 * Y, 4 * Y if son else -Y))
        in_law = self._add(
            "daughter_in_law" if son else "son_in_law",
            "female" if son else "male",
            in_law_born,
            gen.surname(self.minority),
        )
        grand_family = child.surname if son else in_law.surname
        while len(self.members) < size:
            born2 = self._child_born([child, in_law])
            if born2 is None or rng.random() < 0.15:
                break
            g = rng.choice(("male", "female"))
            self._add("grandson" if g == "male" else "granddaughter", g, born2, grand_family)
        self._children(parents, family, size)

    # -- a person's record ----------------------------------------------------------------
    def _person(self, m: Member) -> None:
        rng, gen, age = self.rng, self.gen, m.age
        birth = datetime.date.fromordinal(m.born)
        married_in = m.relation in ("spouse", "daughter_in_law", "son_in_law")
        county = self.origin
        if married_in and rng.random() < 0.25:
            county = rng.choice(gen.born_elsewhere)
        ethnicity = self.ethnicity
        if married_in and rng.random() < 0.2:
            ethnicity = "汉族" if self.minority else gen.minorities.pick(rng)
        row = m.row
        row.update(
            id=gen.uid(),
            household_id=None,
            gender=m.gender,
            birth_date=birth.isoformat(),
            relation=m.relation,
            ethnicity=ethnicity,
            id_number=gen.id_number(county.code, birth, m.gender),
            phone=gen.phone()
            if age >= 18 and rng.random() < (0.92 if age < 65 else 0.55)
            else None,
            education=self._education(birth.year, age),
        )
        in_school = self._school(row, age)
        grade = None
        if rng.random() < (0.012 if age < 60 else 0.05):
            grade = DISABILITY.pick(rng)
            row["disability_grade"] = grade
            row["severe_disability"] = int(grade in ("1", "2"))
        if rng.random() < (0.006 if age < 45 else 0.02 if age < 65 else 0.045):
            row["serious_illness"] = rng.choice(names.ILLNESSES)
        ill = grade in ("1", "2") or bool(row.get("serious_illness"))
        if in_school or age < 16:
            capacity = "none"
        elif age < 60:
            capacity = (
                "none"
                if grade in ("1", "2")
                else "weak"
                if ill or grade or rng.random() < 0.05
                else "full"
            )
        elif age < 70:
            capacity = (
                "none"
                if ill
                else "full"
                if rng.random() < 0.2
                else "weak"
                if rng.random() < 0.6
                else "none"
            )
        else:
            capacity = "weak" if not ill and rng.random() < 0.15 else "none"
        row["labour_capacity"] = capacity
        row["employment_status"] = "in_school" if in_school else "not_applicable"
        insured = rng.random() >= 0.03
        row["ins_medical"] = int(insured)
        row["ins_critical"] = int(insured and rng.random() < 0.97)
        if age >= 16 and not in_school:
            row["ins_pension"] = int(rng.random() < (0.88 if age < 60 else 0.95))

    def _education(self, year: int, age: int) -> str | None:
        if age < 3:
            return None
        if age < 6:
            return "preschool"
        if age < 12:
            return "primary"
        if age < 16:
            return "junior"
        if year < 1960:
            table = {"none": 45, "primary": 45, "junior": 10}
        elif year < 1980:
            table = {"none": 15, "primary": 45, "junior": 35, "senior": 5}
        elif year < 2000:
            table = {"primary": 20, "junior": 55, "senior": 10, "vocational": 10, "college": 5}
        else:
            table = {"junior": 35, "senior": 20, "vocational": 30, "college": 15}
        return str(Weighted(table).pick(self.rng))

    def _school(self, row: Row, age: int) -> bool:
        """School-age children (6-15) and some older pupils; returns whether in school."""
        rng, gen = self.rng, self.gen
        if 6 <= age <= 15:
            if rng.random() < 0.012:
                row["school_status"] = "not_enrolled"
                return False
            birth = datetime.date.fromisoformat(row["birth_date"])
            year_start = datetime.date(gen.today.year - (gen.today.month < 9), 8, 31)
            grade = min(max(age_on(birth, year_start) - 5, 1), 12)
            school = gen.primary if grade <= 6 else gen.junior
            row.update(school_status="enrolled", school=rng.choice(school), grade=GRADES[grade - 1])
            return True
        if 16 <= age <= 18 and rng.random() < 0.7:
            row.update(
                school_status="enrolled",
                school=f"{gen.county.name}中等职业学校"
                if row["education"] == "vocational"
                else rng.choice(gen.junior),
                grade=GRADES[min(age - 6, 11)],
            )
            return True
        if 19 <= age <= 22 and rng.random() < 0.2:
            row.update(school_status="enrolled", school="贵州职业技术学院", education="college")
            return True
        return False

    # -- work ------------------------------------------------------------------------------
    def _employment(self) -> None:
        rng = self.rng
        able = [
            m
            for m in self.members
            if 16 <= m.age <= 64
            and m.row["labour_capacity"] != "none"
            and m.row["employment_status"] != "in_school"
        ]
        older = [m for m in self.members if m.age >= 65 and m.row["labour_capacity"] == "weak"]
        for m in older:
            m.row["employment_status"] = "not_seeking"
        if not able:
            # Public-welfare posts (cleaning, road and forest care) go to such older people.
            for m in older:
                if rng.random() < 0.35:
                    self._job(m, "public_welfare" if rng.random() < 0.7 else "flexible")
            return
        if rng.random() < 0.04:  # a zero-employment household
            for m in able:
                m.row["employment_status"] = (
                    "unemployed_willing" if rng.random() < 0.7 else "not_seeking"
                )
            return
        for m in able:
            p = (
                0.55
                if m.row["labour_capacity"] == "weak" or m.age >= 55
                else (0.82 if m.gender == "male" else 0.7)
            )
            if rng.random() < p:
                self._job(m)
            else:
                m.row["employment_status"] = (
                    "unemployed_willing" if rng.random() < 0.35 else "not_seeking"
                )
        if not any(m.employed for m in able):
            self._job(max(able, key=lambda m: (m.row["labour_capacity"] == "full", -m.age)))

    def _job(self, m: Member, kind: str = "") -> None:
        rng, gen, row = self.rng, self.gen, m.row
        if not kind:
            weak = row["labour_capacity"] == "weak"
            kind = "public_welfare" if weak and rng.random() < 0.4 else str(JOB_KIND.pick(rng))
        employer, job = rng.choice(gen.jobs[kind])
        status, place, wage = {
            "outside_county": ("outside_county", "outside_county", (3800, 7500)),
            "local_firm": ("local_job", "in_county", (2200, 4500)),
            "workshop": ("local_job", "local", (1800, 3200)),
            "public_welfare": ("public_welfare", "local", (800, 2000)),
            "self_employed": ("self_employed", rng.choice(("local", "in_county")), (2500, 6000)),
            "flexible": ("flexible", rng.choice(("local", "in_county")), (1200, 3500)),
        }[kind]
        row.update(
            employment_status=status,
            employer=employer,
            job=job,
            work_place=place,
            monthly_wage=gen.money(*wage),
            ins_employment=int(rng.random() < 0.35),
        )
        if rng.random() < 0.12:
            row["skills"] = rng.choice(("电工", "焊工", "缝纫", "厨师", "驾驶", "刺绣", "泥瓦工"))

    def referrals(self, head: Row) -> None:
        """Referrals from the building head: every unemployed person gets some, a few got jobs."""
        rng, gen = self.rng, self.gen
        for m in self.members:
            status = m.row["employment_status"]
            if status == "unemployed_willing":
                for _ in range(REFERRAL_COUNT.pick(rng)):
                    ago = rng.randint(1, 360)
                    outcome = "pending" if ago < 14 else str(LATE_OUTCOME.pick(rng))
                    kind = str(REFERRAL_KIND.pick(rng))
                    self._referral(m, head, ago, kind, *rng.choice(gen.jobs[kind]), outcome)
            elif status in ("local_job", "public_welfare") and rng.random() < 0.2:
                kind = (
                    "public_welfare"
                    if status == "public_welfare"
                    else ("workshop" if m.row["work_place"] == "local" else "local_firm")
                )
                self._referral(
                    m, head, rng.randint(30, 360), kind, m.row["employer"], m.row["job"], "hired"
                )

    def _referral(
        self, m: Member, head: Row, ago: int, kind: str, employer: str, position: str, outcome: str
    ) -> None:
        rng, gen = self.rng, self.gen
        by_head = rng.random() < 0.85
        referrer = head["name"] if by_head else rng.choice(gen.staff)
        row: Row = {
            "id": gen.uid(),
            "person_id": m.row["id"],
            "date": gen.day(ago),
            "referred_by": referrer,
            "building_head_id": head["id"] if by_head else None,
            "employer": employer,
            "position": position,
            "kind": kind,
            "wage_offered": None if kind == "training" else gen.money(1500, 6000),
            "outcome": outcome,
        }
        if outcome != "pending":
            when = gen.day(ago - rng.randint(3, min(20, ago)))
            note = rng.choice(OUTCOME_NOTES[outcome])
            row.update(outcome_date=when, outcome_note=note)
            self.rows["referral_event"].append(
                {
                    "id": gen.uid(),
                    "referral_id": row["id"],
                    "date": when,
                    "outcome": outcome,
                    "note": note,
                    "recorded_by": referrer,
                }
            )
        self.rows["referral"].append(row)

    # -- the household row -------------------------------------------------------------------
    def _household(self, building: Row, unit: int, room: str) -> Row:
        rng, gen, members = self.rng, self.gen, self.members
        head = members[0]
        hid = gen.uid()
        registration = self.registration
        home_address = regions.registration_address(self.origin, self.township, self.village)
        for m in members:
            row = m.row
            row["household_id"] = hid
            if registration == "transferred":
                row["registration_address"] = (
                    f"{gen.address}{building['number']}栋{unit}单元{room}室"
                )
            else:
                row["registration_address"] = home_address
                if registration == "residence_permit":
                    issued = rng.random() < 0.85
                    row["permit_status"] = "issued" if issued else "applied"
                    if issued:
                        row["permit_number"] = f"{gen.county.code}{rng.randrange(10**9):09d}"
                else:
                    row["permit_status"] = "printed" if rng.random() < 0.2 else "to_apply"
        alone = len(members) == 1 and head.age >= 60
        head.row["elderly_alone"] = int(alone)
        insured_home = rng.random() < 0.7
        for m in members:
            m.row["ins_residence"] = int(insured_home)
        self._left_behind()
        able = any(m.row["labour_capacity"] != "none" and 16 <= m.age <= 64 for m in members)
        employed = any(m.employed for m in members)
        frail = any(m.row.get("serious_illness") or m.row.get("severe_disability") for m in members)
        at_risk = (able and not employed) or frail or not able
        monitored = rng.random() < (0.3 if at_risk else 0.02)
        dibao_p = 0.35 if at_risk else 0.06
        dibao = "none"
        if rng.random() < dibao_p:
            urban = registration == "transferred" and rng.random() < 0.5
            dibao = "urban" if urban else "rural"
        extreme = alone and head.row["labour_capacity"] == "none" and rng.random() < 0.35
        wages = business = 0
        for m in members:
            wage = m.row.get("monthly_wage")
            if not wage:
                continue
            months = rng.randint(8, 12) if m.row["employment_status"] == "outside_county" else 12
            if m.row["employment_status"] == "self_employed":
                business += wage * months
            else:
                wages += wage * months
        if rng.random() < 0.2:
            business += gen.money(800, 3000)
        transfers = gen.money(300, 1500) + 1600 * sum(m.age >= 60 for m in members)
        if dibao != "none":
            transfers += (8400 if dibao == "urban" else 5400) * len(members)
        if extreme:
            transfers += 9600
        prop = gen.money(500, 5000) if rng.random() < 0.35 else 0
        total = wages + business + transfers + prop
        last_year = None
        if monitored:
            drop = rng.uniform(0.32, 0.6) if rng.random() < 0.4 else rng.uniform(-0.15, 0.15)
            last_year = round(total / (1 - drop), -1)
        self.monitored = monitored
        return {
            "id": hid,
            "building_id": building["id"],
            "unit": unit,
            "room": room,
            "household_no": f"{gen.county.code}{gen.household_seq:06d}",
            "head_person_id": head.row["id"],
            "origin_county": self.origin.name,
            "origin_township": self.township,
            "origin_village": self.village,
            "origin_region_code": self.origin.code,
            "move_in_date": gen.day(rng.randint(int(5.5 * Y), 9 * Y)),
            "registration_status": registration,
            "formerly_poor": int(rng.random() < 0.85),
            "monitored": int(monitored),
            "dibao": dibao,
            "extreme_poverty": int(extreme),
            "income_year": gen.today.year - 1,
            "income_wages": wages,
            "income_business": business,
            "income_transfers": transfers,
            "income_property": prop,
            "income_last_year": last_year,
            "phone": next((m.row["phone"] for m in members if m.row.get("phone")), None),
        }

    def _left_behind(self) -> None:
        """A child whose parents in the household all work outside the county."""
        by_relation: dict[str, list[Member]] = {}
        for m in self.members:
            by_relation.setdefault(m.relation, []).append(m)
        for m in self.members:
            if m.age >= 16:
                continue
            if m.relation in ("son", "daughter"):
                parents = by_relation.get("head", []) + by_relation.get("spouse", [])
            elif m.relation in ("grandson", "granddaughter"):
                parents = [
                    p
                    for r in ("son", "daughter", "daughter_in_law", "son_in_law")
                    for p in by_relation.get(r, [])
                    if p.age >= 20
                ]
            else:
                continue
            away = [p.row["employment_status"] == "outside_county" for p in parents]
            m.row["left_behind_child"] = int(bool(away) and all(away))

    # -- visits, needs, trainings ----------------------------------------------------------------
    def _visits_and_needs(self) -> None:
        rng, gen, hid = self.rng, self.gen, self.household["id"]
        monitored = self.monitored
        count = rng.randint(8, 14) if monitored else rng.randint(2, 5)
        at_home = [
            m
            for m in self.members
            if m.age >= 16 and m.row["employment_status"] != "outside_county"
        ] or self.members[:1]
        worker = next((m for m in self.members if m.employed), None)
        pupil = next((m for m in self.members if m.row.get("school")), None)
        visits: list[Row] = []
        for ago in sorted(rng.sample(range(1, 365), count), reverse=True):
            kind = "follow_up" if monitored and rng.random() < 0.6 else str(VISIT_KIND.pick(rng))
            if monitored and rng.random() < 0.5:
                note = rng.choice(names.MONITORED_NOTES)
            else:
                note = rng.choice(names.VISIT_NOTES)
                if ("{job}" in note and worker is None) or ("{school}" in note and pupil is None):
                    note = names.VISIT_NOTES[2]
                note = note.format(
                    job=f"{worker.row['name']}在{worker.row['employer']}{worker.row['job']}岗位"
                    if worker
                    else "",
                    school=pupil.row["school"] if pupil else "",
                )
            met = "、".join(
                m.row["name"] for m in rng.sample(at_home, min(len(at_home), rng.randint(1, 2)))
            )
            visits.append(
                {
                    "id": gen.uid(),
                    "household_id": hid,
                    "date": gen.day(ago),
                    "visitor": self.visitor if rng.random() < 0.85 else rng.choice(gen.staff),
                    "kind": kind,
                    "met": met,
                    "notes": note,
                    "_ago": ago,
                }
            )
        needs = NEED_COUNT.pick(rng) + (1 if monitored else 0)
        for _ in range(needs):
            self._need(visits, rng.choice(visits) if visits else None)
        for v in visits:
            del v["_ago"]
        self.rows["visit"].extend(visits)

    def _need(self, visits: list[Row], visit: Row | None) -> None:
        rng, gen = self.rng, self.gen
        source = str(NEED_SOURCE.pick(rng))
        if source == "visit" and visit is not None:
            ago = int(visit["_ago"])
        else:
            source, visit, ago = (
                ("phone" if source == "visit" else source),
                None,
                rng.randint(1, 364),
            )
        category = str(NEED_CATEGORY.pick(rng))
        description, resolution = rng.choice(names.NEEDS[category])
        person = None
        if category == "employment":
            person = next(
                (m for m in self.members if m.row["employment_status"] == "unemployed_willing"),
                None,
            )
        elif category == "medical":
            person = next((m for m in self.members if m.row.get("serious_illness")), None)
        status = str((OLD_NEED if ago > 60 else NEW_NEED).pick(rng))
        assignee = gen.staff[1] if category == "benefits" else self.visitor
        need: Row = {
            "id": gen.uid(),
            "household_id": self.household["id"],
            "person_id": person.row["id"] if person else None,
            "visit_id": visit["id"] if visit else None,
            "source": source,
            "raised_date": gen.day(ago),
            "category": category,
            "description": description,
            "status": status,
            "assignee": assignee,
            # due dates may lie ahead; old open needs are overdue, as in a real office
            "due_date": datetime.date.fromordinal(gen.t0 - ago + rng.randint(7, 30)).isoformat(),
        }
        steps = ("in_progress", "resolved", "confirmed")
        when = ago
        for step in steps[: steps.index(status) + 1] if status != "open" else ():
            when = max(0, when - rng.randint(1, 12))
            self.rows["need_event"].append(
                {
                    "id": gen.uid(),
                    "need_id": need["id"],
                    "date": gen.day(when),
                    "status": step,
                    "note": resolution if step == "resolved" else None,
                    "recorded_by": assignee,
                }
            )
        if status in ("resolved", "confirmed"):
            need.update(resolution=resolution, closed_date=gen.day(when))
        self.rows["need"].append(need)

    def _trainings(self) -> None:
        rng, gen = self.rng, self.gen
        for m in self.members:
            if 18 <= m.age <= 55 and m.row["labour_capacity"] != "none" and rng.random() < 0.07:
                ago = rng.randint(20, 700)
                end = ago - rng.randint(5, 30)
                self.rows["training"].append(
                    {
                        "id": gen.uid(),
                        "person_id": m.row["id"],
                        "course": rng.choice(names.COURSES),
                        "start_date": gen.day(ago),
                        "end_date": gen.day(end),
                        "certificate": rng.choice(names.CERTIFICATES)
                        if rng.random() < 0.6
                        else None,
                    }
                )

    def write(self, out: Batch) -> None:
        out["household"].append(self.household)
        out["person"].extend(m.row for m in self.members)
        for table, rows in self.rows.items():
            out[table].extend(rows)


def build(
    desk: Desk,
    households: int,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo community; returns the rows written per table."""
    if desk.community_id:
        raise validation.ValidationError(
            "community",
            "exists",
            "此数据库已有社区数据，不能再生成演示社区",
            "this database already holds a community; no demo was made",
        )
    gen = Generator(households, seed, today)
    community = gen.community()
    counts = dict.fromkeys(("community", *TABLES), 0)
    desk.create_community(community.pop("name"), **community)
    counts["community"] = 1
    done = 0
    with desk.transaction() as w:
        for batch in gen.batches():
            for table in TABLES:
                counts[table] += w.insert_many(table, batch[table])
            done += len(batch["household"])
            if progress is not None:
                progress(done, households)
        search.rebuild(desk.conn)
    return DemoSummary(gen.community_name, gen.county.name, counts)


def ensure_demo(path: str | Path, households: int = 2000) -> Desk:
    """The desk at ``path``, with a demo community made first if it has none yet."""
    desk = Desk(path)
    try:
        if not desk.community_id:
            build(desk, households)
    except BaseException:
        desk.close()
        raise
    return desk
