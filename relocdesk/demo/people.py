"""Who lives in a demo household, and each person's record: age, schooling, health,
labour capacity and insurance."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from relocdesk.demo import names
from relocdesk.demo.draws import DISABILITY, GRADES, Member, Row, Weighted, Y, age_on
from relocdesk.demo.state import HomeState


class People(HomeState):
    """The members: a single elder, a couple with children, or three generations."""

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
