"""The household file's tables: the cells of each tab's rows (the table widget, ``DataTable``,
lives in ui.widgets.data_table; the trainings tab's in ui.dialogs.training_panel).

Rows come from the core (``desk.household_file``); these only say how a person reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from relocdesk import enums
from relocdesk.validation import mask_id_number
from ui.i18n import enum_label
from ui.models.people import age
from ui.widgets.data_table import DataTable
from ui.widgets.field_titles import title

if TYPE_CHECKING:
    from relocdesk.queries.household_file import (
        HistoryEntry,
        NeedLine,
        ReferralLine,
        VisitLine,
    )

__all__ = ["DataTable"]  # imported from here by the household file

Row = dict[str, Any]
T = QCoreApplication.translate
INCOME = ("income_wages", "income_business", "income_transfers", "income_property")
INSURANCE = ("ins_medical", "ins_critical", "ins_pension", "ins_employment", "ins_residence")
GROUPS = ("left_behind_child", "elderly_alone", "severe_disability")


def H(text: str) -> tuple[str, str]:
    return ("HouseholdDetail", text)


def per_capita(household: Row, members: int) -> float:
    total = sum(float(household.get(k) or 0) for k in INCOME)
    return total / members if members else total


def money(value: Any) -> str:
    return f"{float(value or 0):,.0f}"


# -- the tabs' headers (declarative) ------------------------------------------------------
MEMBER_HEADERS = [
    H("Name"),
    H("Relation"),
    H("Gender"),
    H("Age"),
    H("ID number"),
    H("Employment"),
    H("Employer"),
    H("Schooling"),
    H("Insurance"),
    H("Special groups"),
    H("Phone"),
]
REFERRAL_HEADERS = [
    H("Date"),
    H("Person"),
    H("Employer"),
    H("Position"),
    H("Kind"),
    H("Wage offered"),
    H("Outcome"),
]
VISIT_HEADERS = [H("Date"), H("Visitor"), H("Kind"), H("Met"), H("Notes")]
NEED_HEADERS = [
    H("Raised"),
    H("Category"),
    H("Description"),
    H("Status"),
    H("Assignee"),
    H("Due"),
    H("Resolution"),
]
HISTORY_HEADERS = [H("When"), H("Record"), H("Changed fields"), H("State")]
EMPLOYMENT_HEADERS = [
    H("Date"),
    H("Person"),
    H("Change"),
    H("Employer"),
    H("Job"),
    H("Place of work"),
    H("Source"),
]


# -- the cells of each tab's rows -----------------------------------------------------------
def member_cells(m: Row) -> list[Any]:
    years = age(m.get("birth_date"))
    insurance = ", ".join(title(k) for k in INSURANCE if m.get(k))
    groups = [title(k) for k in GROUPS if m.get(k)]
    if m.get("serious_illness"):
        groups.append(title("serious_illness"))
    return [
        m["name"],
        enum_label(enums.RELATION, m.get("relation")),
        enum_label(enums.GENDER, m.get("gender")),
        "" if years is None else years,
        mask_id_number(m.get("id_number")),  # the full number: "Show full ID number", audited
        enum_label(enums.EMPLOYMENT_STATUS, m["employment_status"]),
        m.get("employer") or "",
        enum_label(enums.SCHOOL_STATUS, m["school_status"]),
        insurance,
        ", ".join(groups),
        m.get("phone") or "",
    ]


def referral_cells(r: ReferralLine) -> list[Any]:
    return [
        r.date,
        r.person_name,
        r.employer,
        r.position,
        enum_label(enums.REFERRAL_KIND, r.kind),
        money(r.wage_offered) if r.wage_offered else "",
        enum_label(enums.REFERRAL_OUTCOME, r.outcome),
    ]


def visit_cells(v: VisitLine) -> list[Any]:
    return [v.date, v.visitor, enum_label(enums.VISIT_KIND, v.kind), v.met, v.notes]


def need_cells(n: NeedLine) -> list[Any]:
    return [
        n.raised_date,
        enum_label(enums.NEED_CATEGORY, n.category),
        n.description,
        enum_label(enums.NEED_STATUS, n.status),
        n.assignee,
        n.due_date,
        n.resolution,
    ]


def history_cells(entry: HistoryEntry, members: dict[str, Row]) -> list[Any]:
    if entry.table == "household":
        record = T("HouseholdDetail", "Household")
    else:
        person = members.get(entry.row_id)
        record = person["name"] if person else T("HouseholdDetail", "Member")
    if entry.created:
        names = T("HouseholdDetail", "created")
    else:
        names = ", ".join(title(k) for k in entry.fields)
    when = entry.made_at.strftime("%Y-%m-%d %H:%M") if entry.made_at else entry.stamp
    return [when, record, names, T("HouseholdDetail", "not yet sent")]


def employment_cells(e: Row) -> list[Any]:
    """One step of a person's work: status from -> to (the same when verified), where."""

    def status(code: Any) -> str:
        return enum_label(enums.EMPLOYMENT_STATUS, code) if code else "—"

    if e.get("source") == "verified":
        change = status(e.get("to_status")) + " ✓"
    else:
        change = f"{status(e.get('from_status'))} → {status(e.get('to_status'))}"

    def moved(before: str, after: str, labels: Any = None) -> str:
        old, new = e.get(before) or "", e.get(after) or ""
        if labels is not None:
            old, new = (enum_label(labels, v) if v else "" for v in (old, new))
        return new if old == new else f"{old or '—'} → {new or '—'}"

    return [
        e.get("date"),
        e.get("person_name"),
        change,
        moved("from_employer", "to_employer"),
        moved("from_job", "to_job"),
        moved("from_place", "to_place", enums.WORK_PLACE),
        enum_label(enums.EMPLOYMENT_SOURCE, e.get("source")),
    ]
