"""A demo household's own row: registration, support (dibao, monitoring) and income."""

from __future__ import annotations

import random

from relocdesk import household_facts, regions
from relocdesk.demo.draws import Member, Row, Y
from relocdesk.demo.state import HomeState


class HouseholdRow(HomeState):
    """The household row, drawn once its members and their work are known."""

    def _household(self, building: Row, unit: int, room: str) -> Row:
        # The draws come in one fixed order: moving one changes every household after it.
        rng, gen, members = self.rng, self.gen, self.members
        head = members[0]
        hid = gen.uid()
        self._registration(hid, f"{gen.address}{building['number']}栋{unit}单元{room}室")
        alone = len(members) == 1 and head.age >= 60
        head.row["elderly_alone"] = int(alone)
        insured_home = rng.random() < 0.7
        for m in members:
            m.row["ins_residence"] = int(insured_home)
        self._left_behind()
        monitored, dibao = self._support()
        extreme = alone and head.row["labour_capacity"] == "none" and rng.random() < 0.35
        income = self._income(dibao, extreme, monitored)
        self.monitored = monitored
        row = {
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
            "registration_status": self.registration,
            "formerly_poor": int(rng.random() < 0.85),
            "monitored": int(monitored),
            "dibao": dibao,
            "extreme_poverty": int(extreme),
            "income_year": gen.today.year - 1,
            **income,
            "phone": next((m.row["phone"] for m in members if m.row.get("phone")), None),
        }
        if row["income_last_year"] is None:
            row["income_last_year"] = self._last_year(row)
        row["monitor_type"] = household_facts.type_from_flag(row)
        row["monitor_risk"] = self._risk() if monitored else None
        self._guarantees(row)
        return row

    @staticmethod
    def _last_year(row: Row) -> float | None:
        """Last year's total for most households not monitored (three in ten moved in too
        late to have one), mostly a little lower than this year's, some higher: the income
        view's growth then has households to compare. Drawn from a generator of the
        household's own, so every household after it draws what it drew before."""
        own = random.Random(f"{row['id']}:income")
        if own.random() < 0.3:
            return None
        total = sum(row[f"income_{k}"] for k in ("wages", "business", "transfers", "property"))
        return round(total / (1 + own.uniform(-0.12, 0.2)), -1) or None

    def _guarantees(self, row: Row) -> None:
        """The "3+1" check and the groups in difficulty, drawn from a generator of their own
        seeded by the household, so every household after it draws what it drew before."""
        own = random.Random(row["id"])
        if row["monitored"] and own.random() < 0.15:  # a sudden illness, accident or disaster
            row["monitor_type"] = "sudden_hardship"
            row["monitor_risk"] = own.choice(("illness", "accident", "disaster"))
        if own.random() < 0.9:  # most checked in the last round, some a while ago
            row["guarantees_checked"] = self.gen.day(own.randint(20, 420))
            row["housing_safety"] = "unsafe" if own.random() < 0.02 else "safe"
            row["water_safety"] = "unsafe" if own.random() < 0.01 else "safe"
        for m in self.members:
            if m.age < 18 and own.random() < (0.08 if self.monitored else 0.01):
                m.row["child_in_difficulty"] = 1
            frail = m.row.get("elderly_alone") or m.row.get("severe_disability")
            if m.age >= 70 and own.random() < (0.25 if frail else 0.05):
                m.row["elderly_in_difficulty"] = 1

    def _risk(self) -> str:
        """A monitored household's risk type, from what its members' rows say."""
        members = self.members
        if any(m.row.get("serious_illness") for m in members):
            return "illness"
        if any(m.row.get("severe_disability") for m in members):
            return "disability"
        if not any(m.row["labour_capacity"] != "none" and 16 <= m.age <= 64 for m in members):
            return "no_labour"
        return "unstable_work"

    def _registration(self, hid: str, flat: str) -> None:
        """Each member's hukou: moved to the flat, or still at home with a residence permit
        (mostly issued) or one still pending."""
        rng, gen, registration = self.rng, self.gen, self.registration
        home_address = regions.registration_address(self.origin, self.township, self.village)
        for m in self.members:
            row = m.row
            row["household_id"] = hid
            if registration == "transferred":
                row["registration_address"] = flat
            else:
                row["registration_address"] = home_address
                if registration == "residence_permit":
                    issued = rng.random() < 0.85
                    row["permit_status"] = "issued" if issued else "applied"
                    if issued:
                        row["permit_number"] = f"{gen.county.code}{rng.randrange(10**9):09d}"
                else:
                    row["permit_status"] = "printed" if rng.random() < 0.2 else "to_apply"

    def _support(self) -> tuple[bool, str]:
        """Whether the household is monitored and its dibao: far likelier for a household at
        risk (able to work but nobody in work, someone frail, or nobody able to work)."""
        rng, members = self.rng, self.members
        able = any(m.row["labour_capacity"] != "none" and 16 <= m.age <= 64 for m in members)
        employed = any(m.employed for m in members)
        frail = any(m.row.get("serious_illness") or m.row.get("severe_disability") for m in members)
        at_risk = (able and not employed) or frail or not able
        monitored = rng.random() < (0.3 if at_risk else 0.02)
        dibao_p = 0.35 if at_risk else 0.06
        dibao = "none"
        if rng.random() < dibao_p:
            urban = self.registration == "transferred" and rng.random() < 0.5
            dibao = "urban" if urban else "rural"
        return monitored, dibao

    def _income(self, dibao: str, extreme: bool, monitored: bool) -> dict[str, float | None]:
        """Last year's income by source; a monitored household also the year before's,
        four in ten of them with a steep drop."""
        rng, gen, members = self.rng, self.gen, self.members
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
        return {
            "income_wages": wages,
            "income_business": business,
            "income_transfers": transfers,
            "income_property": prop,
            "income_last_year": last_year,
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
