"""Families for the roster corpus, and what an import of them must count.

People get valid GB 11643 numbers with real county codes (relocdesk.regions) and the birth
date and gender the number says. A household is a head and members; a member may carry a
defect (the error code the import must give) or be repeated. The expected counts follow
from the families by the import's rules, computed here independently of the importer:
a rejected head holds back the whole household, two people sharing a number are both
rejected, the same person twice is one person and a repeat.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from relocdesk.regions import COUNTIES
from relocdesk.validation import make_id_number

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林龙吴石潘韦蒙莫"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰春梅"


@dataclass
class Person:
    name: str
    id_number: str
    gender: str  # 男 / 女
    birth: datetime.date
    relation: str  # the word the file writes
    county: Any
    values: dict[str, Any] = field(default_factory=dict)  # further cells by column key
    defect: str | None = None  # the error code the import must report for this row
    corrected: bool = False  # the import corrects one of its values and says so


@dataclass
class Household:
    no: str
    building: str
    unit: int
    room: str
    people: list[Person]


@dataclass
class Expected:
    """What importing one corpus file must count."""

    data_rows: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    repeats: int = 0
    corrected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    ignored: set[str] = field(default_factory=set)
    people: int = 0  # imported in valid-rows-only mode
    households: int = 0  # created in valid-rows-only mode


class Maker:
    """Deterministic people: unique numbers, names and birth dates from a counter."""

    def __init__(self, seed: int) -> None:
        self.n = seed * 1000

    def person(
        self, relation: str, *, male: bool, age: int, county: int = 0, **values: Any
    ) -> Person:
        self.n += 1
        n = self.n
        c = COUNTIES[(county + n // 7) % len(COUNTIES)]
        birth = datetime.date(2025 - age, 1 + n % 12, 1 + n % 27)
        seq = (n * 2 + (1 if male else 0)) % 1000
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
        if n % 3:
            name += GIVEN[(n * 11) % len(GIVEN)]
        return Person(
            name,
            make_id_number(c.code, birth, seq),
            "男" if male else "女",
            birth,
            relation,
            c,
            dict(values),
        )

    def family(self, no: int, words: tuple[str, str, str, str], size: int, **kw: Any) -> Household:
        """A head, a spouse and children: ``words`` are how the file writes head, spouse,
        son and daughter (户主/妻/长子/长女, 01/10/20/30, 本人/配偶/子女/子女 ...)."""
        head_male = no % 5 != 0
        people = [self.person(words[0], male=head_male, age=40 + no % 20, **kw)]
        if size > 1:
            people.append(self.person(words[1], male=not head_male, age=38 + no % 20, **kw))
        for k in range(size - 2):
            male = (no + k) % 2 == 0
            people.append(
                self.person(words[2] if male else words[3], male=male, age=8 + k * 4, **kw)
            )
        return Household(
            f"HH{no:05d}", str(1 + no % 6), 1 + no % 3, f"{1 + no % 9}0{1 + no % 4}", people
        )


def expect(households: list[Household], repeats: list[Person]) -> Expected:
    """The counts an import of these households (and the repeated rows) must give."""
    out = Expected()
    shared = Counter(p.id_number for h in households for p in h.people)
    for h in households:
        head_bad = h.people[0].defect is not None or shared[h.people[0].id_number] > 1
        created = False
        for k, p in enumerate(h.people):
            out.data_rows += 1
            code = p.defect or ("id_shared" if shared[p.id_number] > 1 else None)
            if code is None and head_bad and k > 0:
                code = "head_rejected"
            if code is not None:
                out.rejected += 1
                out.reasons[code] += 1
                continue
            out.people += 1
            out.corrected += p.corrected
            created = True
        out.households += created
    out.data_rows += len(repeats)
    out.repeats = len(repeats)
    return out
