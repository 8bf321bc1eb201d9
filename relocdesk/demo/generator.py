"""The demo community's layout, building by building: buildings with their flats, a
building head for one to three buildings, and the households living in them."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

from relocdesk.demo.community import Community
from relocdesk.demo.draws import CHUNK_HOUSEHOLDS, TABLES, Batch, Row
from relocdesk.demo.home import Home


class Generator(Community):
    """Draws the rows of one demo community; ``batches()`` yields them chunk by chunk."""

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
