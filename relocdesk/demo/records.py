"""The records of work in a demo household: visits, the needs raised in them or by phone,
and trainings."""

from __future__ import annotations

import datetime

from relocdesk.demo import names
from relocdesk.demo.draws import (
    NEED_CATEGORY,
    NEED_COUNT,
    NEED_SOURCE,
    NEW_NEED,
    OLD_NEED,
    VISIT_KIND,
    Row,
)
from relocdesk.demo.state import HomeState


class Records(HomeState):
    """A year of visits (more for monitored households), needs and trainings."""

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
                        # by position, not by a draw: the demo's other rows stay as they were
                        "provider": names.PROVIDERS[len(self.rows["training"]) % 3],
                        "result": "completed" if end > 0 else "in_training",
                    }
                )
