"""The community a demo is drawn for: its county, names, staff and employers, and the
small draws every household makes from them (ids, days, phones, names, ID numbers)."""

from __future__ import annotations

import datetime
import random
import uuid

from relocdesk import regions, validation
from relocdesk.demo import names
from relocdesk.demo.draws import MOBILE_PREFIXES, Row, Weighted, eras


class Community:
    """One ``random.Random(seed)`` and the community-wide facts drawn from it first."""

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
                eras(names.MALE_NAMES if gender == "male" else names.FEMALE_NAMES, year)
            )
        first, second = eras(names.MALE_CHARS if gender == "male" else names.FEMALE_CHARS, year)
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
