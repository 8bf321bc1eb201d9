"""One demo household, drawn part by part in a fixed order (the order keeps a seed's
community the same on every machine)."""

from __future__ import annotations

from relocdesk.demo.community import Community
from relocdesk.demo.draws import REGISTRATION, SIZES, TABLES, Batch, Row, minority_share
from relocdesk.demo.household import HouseholdRow
from relocdesk.demo.people import People
from relocdesk.demo.records import Records
from relocdesk.demo.work import Work


class Home(People, Work, HouseholdRow, Records):
    """One household: its members, work, money, visits, needs and referrals."""

    def __init__(self, gen: Community, building: Row, unit: int, room: str, visitor: str) -> None:
        self.gen, self.rng, self.visitor = gen, gen.rng, visitor
        rng = self.rng
        self.origin = gen.origins.pick(rng)
        self.township = rng.choice(self.origin.townships)
        self.village = rng.choice(self.origin.villages) if self.origin.villages else "新寨村"
        self.minority = rng.random() < minority_share(self.origin)
        self.ethnicity = gen.minorities.pick(rng) if self.minority else "汉族"
        self.registration = REGISTRATION.pick(rng)
        self.members = []
        self.rows = {t: [] for t in TABLES if t not in ("building_head", "building")}
        self._compose(SIZES.pick(rng))
        for m in self.members:
            self._person(m)
        self._employment()
        self.household = self._household(building, unit, room)
        self._visits_and_needs()
        self._trainings()

    def write(self, out: Batch) -> None:
        out["household"].append(self.household)
        out["person"].extend(m.row for m in self.members)
        for table, rows in self.rows.items():
            out[table].extend(rows)
