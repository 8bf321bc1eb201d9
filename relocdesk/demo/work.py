"""Work in a demo household: who has a job and which, and the referrals building heads
made for those without one."""

from __future__ import annotations

from relocdesk.demo.draws import (
    JOB_KIND,
    LATE_OUTCOME,
    OUTCOME_NOTES,
    REFERRAL_COUNT,
    REFERRAL_KIND,
    Member,
    Row,
)
from relocdesk.demo.state import HomeState


class Work(HomeState):
    """Jobs at the shares the sources give, and a zero-employment household now and then."""

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
