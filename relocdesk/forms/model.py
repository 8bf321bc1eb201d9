"""What each printed form shows: plain values, already turned into the words printed.

Loaders (``load.py``) build these from the database; renderers draw them. Codes are turned
into Chinese labels by the loaders, so a renderer never looks anything up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relocdesk import enums


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    county: str = ""
    township: str = ""
    address: str = ""


@dataclass(frozen=True)
class PermitApplication:
    """居住证申领登记表: one person who keeps the old registration."""

    person_id: str
    name: str
    gender: str
    ethnicity: str
    birth_date: str
    id_number: str
    phone: str
    education: str
    registration_address: str  # 户籍地址 (origin)
    residence_address: str  # 居住地址 in the community
    move_in_date: str
    employer: str
    reason: str
    household_no: str


@dataclass(frozen=True)
class Member:
    person_id: str
    name: str
    relation: str
    gender: str
    birth_date: str
    id_number: str
    phone: str
    education: str
    labour_capacity: str
    employment: str
    employer: str  # employer and job, as printed
    work_place: str
    monthly_wage: float | None
    insurance: str  # 医/大/养/就/安 marks
    notes: str  # school, health, special groups


@dataclass(frozen=True)
class VisitLine:
    date: str
    visitor: str
    kind: str
    met: str
    notes: str


@dataclass(frozen=True)
class NeedLine:
    raised_date: str
    category: str
    description: str
    status: str
    assignee: str
    due_date: str


@dataclass(frozen=True)
class HouseholdCard:
    """户情卡: the one-file-per-household summary."""

    household_id: str
    household_no: str
    address: str
    head_name: str
    phone: str
    origin: str
    move_in_date: str
    registration: str
    flags: str  # 脱贫户、监测户、低保 …
    status: str
    income_year: str
    income_wages: float
    income_business: float
    income_transfers: float
    income_property: float
    members: tuple[Member, ...]
    visits: tuple[VisitLine, ...] = ()
    open_needs: tuple[NeedLine, ...] = ()
    notes: str = ""

    @property
    def income_total(self) -> float:
        return (
            self.income_wages
            + self.income_business
            + self.income_transfers
            + (self.income_property)
        )

    @property
    def per_capita(self) -> float:
        return self.income_total / len(self.members) if self.members else 0.0

    @property
    def employed_count(self) -> int:
        return sum(1 for m in self.members if m.employment in EMPLOYED_LABELS)

    @property
    def labour_count(self) -> int:
        return sum(1 for m in self.members if m.labour_capacity in LABOUR_LABELS)

    def insured(self, mark: str) -> int:
        """Members holding one kind of insurance, by its mark (医, 大, 养, 就, 安)."""
        return sum(1 for m in self.members if mark in m.insurance)


# Printed labels, as the loaders print them, that the card's summary counts by.
EMPLOYED_LABELS = frozenset(enums.label(enums.EMPLOYMENT_STATUS, c) for c in enums.EMPLOYED)
LABOUR_LABELS = frozenset(enums.label(enums.LABOUR_CAPACITY, c) for c in ("full", "weak"))


@dataclass(frozen=True)
class ReferralForm:
    """就业推荐表 with its tear-off outcome slip."""

    referral_id: str
    person_id: str
    name: str
    gender: str
    birth_date: str
    id_number: str
    phone: str
    education: str
    skills: str
    address: str
    labour_capacity: str
    employment: str
    date: str
    referred_by: str
    employer: str
    position: str
    kind: str
    wage_offered: float | None
    outcome: str
    outcome_date: str
    outcome_note: str


@dataclass(frozen=True)
class VisitRecord:
    """入户走访记录表: a visit that happened, or a blank one to fill in at the door."""

    household_id: str
    visit_id: str  # "" for a blank form
    household_no: str
    address: str
    head_name: str
    head_id_number: str
    phone: str
    members: str  # "张三(户主) 李四(配偶) …"
    date: str
    visitor: str
    kind: str
    met: str
    notes: str
    needs: tuple[NeedLine, ...] = ()


@dataclass(frozen=True)
class Count:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class MonthlySummary:
    """月度工作汇总: the month's figures and the households that need attention."""

    month: str  # YYYY-MM
    sections: tuple[tuple[str, tuple[Count, ...]], ...]
    zero_employment: tuple[tuple[str, str, str, str], ...] = field(default=())
    # household no, address, head, members
    overdue_needs: tuple[tuple[str, str, str, str, str], ...] = field(default=())
    # household no, head, category, description, due date
