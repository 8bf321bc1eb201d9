"""The evaluators: one set-based query each over the whole community.

An evaluator never loops over households: it asks SQLite once for every subject in breach,
with the facts that explain the breach as extra columns. Every query selects
``subject_id, household_id, person_id, person_name`` first; the rest are its facts.
Dates and ages are worked out in Python (``bind``) so that SQLite's date arithmetic, which
rolls 29 February forward, never disagrees with a person's real age.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from relocdesk import enums
from relocdesk.definitions import (
    EMPLOYED_SQL,
    LABOUR_FORCE,
    LIVE_HOUSEHOLD,
    OVERDUE_NEED,
    SPECIAL_GROUP,
    TRAINED,
)

Params = Mapping[str, Any]
Facts = dict[str, Any]


# The day an employed person's employment status was last set: its field clock, or the row's
# creation, read from the clock's milliseconds. Copied with the person (whose row is read
# anyway) rather than looked up again by id for each of 190,000 workers (1.2 s at 100,000
# households).
STATUS_SET = """date(CAST(substr(coalesce(json_extract(p.clocks, '$.employment_status'),
                    p.created_at), 1, 16) AS INTEGER) / 1000, 'unixepoch')"""


# Evaluation first copies what the indicators read into two narrow in-memory tables, so the
# wide synced rows (clocks, notes) are read once, not once per indicator. A person counts
# where their household does: live, in a household still living here. The household table
# also carries the address a warning shows, so no second pass over households is needed.
# People are read household by household (CROSS JOIN: each household's building looked up
# once, not once for each of its members), in the order of the households' status index.
# monitoring_person has no index on id: an index over 40,000 UUIDs costs more than the few
# queries that would use it, which look people up in the person table instead.
PREPARE = (
    "DROP TABLE IF EXISTS temp.monitoring_person",
    "DROP TABLE IF EXISTS temp.monitoring_need",
    "DROP TABLE IF EXISTS temp.monitoring_members",
    "DROP TABLE IF EXISTS temp.monitoring_visit",
    "DROP TABLE IF EXISTS temp.monitoring_household",
    f"""CREATE TEMP TABLE monitoring_person AS
    SELECT p.id, p.household_id, p.name,
           CAST(substr(:today, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER)
           - (substr(:today, 6, 5) < substr(p.birth_date, 6, 5)) AS age,
           p.labour_capacity, p.employment_status,
           p.employment_status IN {EMPLOYED_SQL} AS employed,
           p.school_status, p.ins_medical, p.ins_critical, p.ins_pension, p.ins_employment,
           p.ins_residence, coalesce(p.serious_illness, '') AS serious_illness,
           p.severe_disability, coalesce(p.disability_grade, '') AS disability_grade,
           p.elderly_alone, p.left_behind_child, p.permit_status, p.employer,
           b.id AS live_building_id, h.rowid AS household_row,
           p.permit_expiry, p.child_in_difficulty, p.elderly_in_difficulty,
           CASE WHEN p.employment_status IN {EMPLOYED_SQL} THEN {STATUS_SET} END AS status_set
    FROM household h LEFT JOIN building b ON b.id = h.building_id AND b.deleted = 0
    CROSS JOIN person p ON p.household_id = h.id
    WHERE p.deleted = 0 AND {LIVE_HOUSEHOLD}""",
    # per household, keyed by the household's rowid: grouped on a whole number and joined
    # by rowid, without building an index over 10,000 UUIDs
    """CREATE TEMP TABLE monitoring_members (household_row INTEGER PRIMARY KEY, members,
        residence_insured, ill, disabled, alone, left_behind, employed, idle, labour,
        labour_employed, children_in_difficulty, elderly_in_difficulty)""",
    f"""INSERT INTO monitoring_members
    SELECT household_row, count(*), max(ins_residence), sum(serious_illness <> ''),
           sum(severe_disability), sum(elderly_alone), sum(left_behind_child), sum(employed),
           sum(employment_status = 'unemployed_willing'), sum(labour), sum(labour AND employed),
           sum(child_in_difficulty = 1), sum(elderly_in_difficulty = 1)
    FROM (SELECT *, coalesce({LABOUR_FORCE}, 0) AS labour FROM monitoring_person p)
    GROUP BY household_row""",
    # each household's last visit on or before the day: one pass over the live visits'
    # index, in its order (a lookup in it for each of 100,000 households was 0.3 s of 0.4)
    """CREATE TEMP TABLE monitoring_visit (household_id TEXT PRIMARY KEY, last_visit)
        WITHOUT ROWID""",
    """INSERT INTO monitoring_visit SELECT household_id, max(date) FROM visit
    WHERE deleted = 0 AND date <= :today AND household_id IS NOT NULL GROUP BY household_id""",
    f"""CREATE TEMP TABLE monitoring_household AS
    SELECT h.id, h.building_id, h.room, h.move_in_date, h.registration_status, h.monitored,
           h.dibao, h.extreme_poverty, h.income_year, h.income_last_year, h.housing_safety,
           h.water_safety, h.guarantees_checked,
           h.income_wages + h.income_business + h.income_transfers + h.income_property AS total,
           coalesce(m.members, 0) AS members, m.residence_insured, m.ill, m.disabled, m.alone,
           m.left_behind, m.employed, m.idle, m.labour, m.labour_employed,
           lv.last_visit, m.children_in_difficulty, m.elderly_in_difficulty,
           h.household_no, h.unit, b.id AS live_building_id, b.number AS building_no,
           bh.name AS building_head
    FROM household h LEFT JOIN monitoring_members m ON m.household_row = h.rowid
    LEFT JOIN monitoring_visit lv ON lv.household_id = h.id
    LEFT JOIN building b ON b.id = h.building_id AND b.deleted = 0
    LEFT JOIN building_head bh ON bh.id = b.building_head_id AND bh.deleted = 0
    WHERE {LIVE_HOUSEHOLD}""",
    "CREATE UNIQUE INDEX temp.monitoring_household_id ON monitoring_household(id)",
    # The needs the need indicators read, of households living here, with the name of the
    # person each is for: one pass, where six indicators each looked needs and people up
    # again. In the order of the needs' status index, which they were listed in.
    """CREATE TEMP TABLE monitoring_need AS
    SELECT n.id, n.household_id, n.person_id, p.name AS person_name, n.category, n.status,
           n.raised_date, n.due_date, n.closed_date
    FROM need n JOIN monitoring_household h ON h.id = n.household_id
    LEFT JOIN person p ON p.id = n.person_id
    WHERE n.deleted = 0 AND n.status IN ('in_progress', 'open', 'resolved')
    ORDER BY n.status, n.due_date, n.rowid""",
    "DROP TABLE temp.monitoring_members",
    "DROP TABLE temp.monitoring_visit",
)
CLEAN_UP = (
    "DROP TABLE IF EXISTS temp.monitoring_person",
    "DROP TABLE IF EXISTS temp.monitoring_need",
    "DROP TABLE IF EXISTS temp.monitoring_members",
    "DROP TABLE IF EXISTS temp.monitoring_visit",
    "DROP TABLE IF EXISTS temp.monitoring_household",
)
# Columns of monitoring_household that place a warning: the order evaluate reads them in.
HOME_COLUMNS = "id, household_no, live_building_id, building_no, unit, room, building_head"
# A live person in a household still living here, looked up by id in the person table.
LIVE_PERSON = (
    "JOIN person p ON p.id = {0} AND p.deleted = 0 JOIN monitoring_household h"
    " ON h.id = p.household_id"
)

PERSON_FROM = "FROM monitoring_person p WHERE 1"
HOUSEHOLD_FROM = "FROM monitoring_household h WHERE 1"
HOUSEHOLD_SUBJECT = (
    "SELECT h.id AS subject_id, h.id AS household_id, NULL AS person_id, NULL AS person_name"
)
PERSON_SUBJECT = (
    "SELECT p.id AS subject_id, p.household_id, p.id AS person_id, p.name AS person_name"
)
OPEN_NEED = "n.status IN ('open', 'in_progress')"
NEED_FROM = "FROM monitoring_need n WHERE 1"
NEED_SUBJECT = (
    "SELECT n.id AS subject_id, n.household_id, n.person_id, n.person_name,"
    " n.category, n.raised_date AS raised"
)
INCOME_FROM = f"{HOUSEHOLD_FROM} AND h.income_year IS NOT NULL AND h.members > 0"
INCOME_COLUMNS = (
    "h.members, h.income_year, h.total, CAST(round(h.total / h.members) AS INTEGER) AS per_capita"
)
SINCE_VISIT = "CAST(julianday(:today) - julianday(h.last_visit) AS INTEGER) AS since_days"


def days_before(today: datetime.date, days: int) -> str:
    return (today - datetime.timedelta(days=int(days))).isoformat()


def _bind_days(params: Params, today: datetime.date) -> dict[str, Any]:
    return {"cut": days_before(today, params["days"])}


def _bind_since(params: Params, today: datetime.date) -> dict[str, Any]:
    return {"since": days_before(today, params["days"])}


# -- facts finished in Python: labels and phrases the templates need ------------------------
def _age_text(f: Facts) -> None:
    age = f.get("age")
    f["age_zh"] = f"{age} 岁" if age is not None else "年龄不详"
    f["age_en"] = f"aged {age}" if age is not None else "age unknown"


def _since_text(f: Facts) -> None:
    days, last = f.get("since_days"), f.get("last_visit")
    if last is None:
        f["since_zh"], f["since_en"] = "从未走访", "never visited"
    else:
        f["since_zh"] = f"{days} 天未走访（最近一次 {last}）"
        f["since_en"] = f"not visited for {days} days (last on {last})"


GROUPS = {
    "ill": ("大病患者", "serious illness"),
    "disabled": ("重度残疾人", "severe disability"),
    "alone": ("独居老人", "elderly living alone"),
    "left_behind": ("留守儿童", "left-behind child"),
}


def _groups_text(f: Facts) -> None:
    present = [GROUPS[k] for k in GROUPS if f.get(k)]
    f["groups_zh"] = "、".join(zh for zh, _ in present)
    f["groups_en"] = ", ".join(en for _, en in present)
    _since_text(f)


def _income_year_text(f: Facts) -> None:
    year = f.get("income_year")
    f["income_year_zh"] = f"{year} 年" if year else "未登记"
    f["income_year_en"] = str(year) if year else "not recorded"


def _drop_text(f: Facts) -> None:
    last = f.get("last_year") or 0
    f["drop"] = round((1 - f["total"] / last) * 100) if last else 0
    f["total"], f["last_year"] = _whole(f["total"]), _whole(last)


def _money_text(f: Facts) -> None:
    f["total"] = _whole(f["total"])


def _whole(value: Any) -> Any:
    """Money kept as REAL prints without '.0' when it is whole yuan."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class Evaluator:
    name: str
    subject: str
    sql: str
    params: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    text_params: frozenset[str] = frozenset()
    bind: Callable[[Params, datetime.date], dict[str, Any]] | None = None
    labels: Mapping[str, enums.Labels] = field(default_factory=dict)
    finish: Callable[[Facts], None] | None = None

    @property
    def filter(self) -> tuple[str, str] | None:
        """(alias, condition) when the query is one filter over monitoring's person (p) or
        household (h) table: such indicators can be counted together in one scan."""
        for alias, subject, source in (
            ("p", PERSON_SUBJECT, PERSON_FROM),
            ("h", HOUSEHOLD_SUBJECT, HOUSEHOLD_FROM),
        ):
            head, found, condition = self.sql.partition(source)
            if found and head.startswith(subject) and " FROM " not in head.upper():
                return alias, "(1" + condition + ")"
        return None

    def run(
        self,
        conn: Any,
        params: Params,
        today: datetime.date,
        labour_ages: tuple[int, int] | None = None,
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names of the facts, and one plain tuple per breach."""
        cur = self.rows(conn, params, today, labour_ages)
        rows = cur.fetchall()
        return [d[0] for d in cur.description[4:]], rows

    def rows(
        self,
        conn: Any,
        params: Params,
        today: datetime.date,
        labour_ages: tuple[int, int] | None = None,
    ) -> Any:
        """The query under way: a cursor of plain tuples, one per breach, read as they are
        wanted (the facts' names are its ``description`` after the first four)."""
        cur = conn.cursor()
        cur.row_factory = None
        return cur.execute(self.sql, self.bound(params, today, labour_ages))

    def bound(
        self, params: Params, today: datetime.date, labour_ages: tuple[int, int] | None = None
    ) -> dict[str, Any]:
        """The query's named parameters: the thresholds, today, the working ages the
        temporary tables counted labour by (``prepare``) and what ``bind`` adds."""
        lo, hi = labour_ages or (None, None)
        bound: dict[str, Any] = {"today": today.isoformat(), "labour_lo": lo, "labour_hi": hi}
        bound.update(params)
        if self.bind is not None:
            bound.update(self.bind(params, today))
        return bound

    def all_facts(self) -> tuple[str, ...]:
        extra = [f"{k}_{lang}" for k in self.labels for lang in ("zh", "en")]
        return (*self.facts, *extra)


# GROUP BY +person_id: the referrals read in the table's order and the few that count sorted,
# not every referral looked up from the index on person_id (EMP-05 at 100,000 households:
# 0.10 -> 0.04 s); the groups come out in person_id order all the same.
_NEED_FACTS = ("category", "raised", "age")
_INCOME_FACTS = ("members", "income_year", "total", "per_capita")
_ALL: list[Evaluator] = [
    Evaluator(
        "household_without_dwelling",
        "household",
        f"{HOUSEHOLD_SUBJECT} {HOUSEHOLD_FROM}"
        " AND (h.building_id IS NULL OR coalesce(h.room, '') = '')",
    ),
    Evaluator(
        "household_move_in_missing",
        "household",
        f"{HOUSEHOLD_SUBJECT} {HOUSEHOLD_FROM} AND h.move_in_date IS NULL",
    ),
    Evaluator(
        "household_no_residence_insurance",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.members {HOUSEHOLD_FROM} AND h.residence_insured = 0",
        facts=("members",),
    ),
    Evaluator(
        "need_open_days",
        "need",
        f"{NEED_SUBJECT}, CAST(julianday(:today) - julianday(n.raised_date) AS INTEGER) AS age"
        f" {NEED_FROM} AND {OPEN_NEED} AND n.category = :category AND n.raised_date <= :cut",
        params=("category", "days"),
        text_params=frozenset({"category"}),
        facts=_NEED_FACTS,
        bind=_bind_days,
        labels={"category": enums.NEED_CATEGORY},
    ),
    Evaluator(
        "zero_employment",
        "household",
        # Households where nobody works: their labour counted once, when the tables were
        # made, if with these ages (the usual case). Otherwise (a setting or a second
        # indicator with other ages) the members of working age are grouped here; the
        # branch not taken is skipped as a whole, its condition being only parameters.
        """SELECT h.id AS subject_id, h.id AS household_id, NULL AS person_id,
               NULL AS person_name, h.labour AS labour_members, 0 AS employed_members
        FROM monitoring_household h
        WHERE :labour_lo IS :min_age AND :labour_hi IS :max_age
          AND h.employed = 0 AND h.labour > 0
        UNION ALL
        SELECT p.household_id, p.household_id, NULL, NULL, count(*), 0
        FROM monitoring_person p JOIN monitoring_household h ON h.id = p.household_id
        WHERE NOT (:labour_lo IS :min_age AND :labour_hi IS :max_age)
          AND p.labour_capacity IN ('full', 'weak') AND p.employment_status <> 'in_school'
          AND p.age BETWEEN :min_age AND :max_age AND h.employed = 0
        GROUP BY p.household_id""",
        params=("min_age", "max_age"),
        facts=("labour_members", "employed_members"),
    ),
    Evaluator(
        "few_referrals",
        "person",
        f"""{PERSON_SUBJECT}, coalesce(r.n, 0) AS referrals FROM monitoring_person p
        LEFT JOIN (SELECT person_id, count(*) AS n FROM referral
                   WHERE deleted = 0 AND date > :since AND date <= :today
                   GROUP BY +person_id) r
               ON r.person_id = p.id
        WHERE p.employment_status = 'unemployed_willing' AND coalesce(r.n, 0) < :min_referrals""",
        params=("min_referrals", "days"),
        facts=("referrals",),
        bind=_bind_since,
    ),
    Evaluator(
        "referral_without_outcome",
        "referral",
        f"""SELECT r.id AS subject_id, p.household_id, p.id AS person_id, p.name AS person_name,
                  r.employer, r.date, CAST(julianday(:today) - julianday(r.date) AS INTEGER) AS age
        FROM referral r {LIVE_PERSON.format("r.person_id")}
        WHERE r.deleted = 0 AND r.outcome = 'pending' AND r.date <= :cut""",
        params=("days",),
        facts=("employer", "date", "age"),
        bind=_bind_days,
    ),
    Evaluator(
        "unemployed_without_training",
        "person",
        f"""{PERSON_SUBJECT} {PERSON_FROM} AND p.employment_status = 'unemployed_willing'
        AND NOT {TRAINED}""",
        params=("days",),
        bind=_bind_since,
    ),
    Evaluator(
        "declined_referrals",
        "person",
        f"""{PERSON_SUBJECT}, r.n AS declined
        FROM (SELECT person_id, count(*) AS n FROM referral
              WHERE deleted = 0 AND outcome = 'declined'
                AND outcome_date > :since AND outcome_date <= :today GROUP BY +person_id) r
        {LIVE_PERSON.format("r.person_id")}
        WHERE p.employment_status NOT IN {EMPLOYED_SQL} AND r.n >= :min_declined""",
        params=("min_declined", "days"),
        facts=("declined",),
        bind=_bind_since,
    ),
    Evaluator(
        "outside_worker_no_employment_insurance",
        "person",
        f"{PERSON_SUBJECT}, p.employer {PERSON_FROM}"
        " AND p.employment_status = 'outside_county' AND p.ins_employment = 0",
        facts=("employer",),
    ),
    Evaluator(
        "child_not_enrolled",
        "person",
        f"{PERSON_SUBJECT}, p.age, p.school_status {PERSON_FROM}"
        " AND p.age BETWEEN :min_age AND :max_age AND p.school_status <> 'enrolled'",
        params=("min_age", "max_age"),
        facts=("age", "school_status"),
        labels={"school_status": enums.SCHOOL_STATUS},
    ),
    Evaluator(
        "teen_out_of_school",
        "person",
        f"{PERSON_SUBJECT}, p.age {PERSON_FROM} AND p.age BETWEEN :min_age AND :max_age"
        " AND p.school_status <> 'enrolled' AND p.employed = 0",
        params=("min_age", "max_age"),
        facts=("age",),
    ),
    Evaluator(
        "no_basic_medical",
        "person",
        f"{PERSON_SUBJECT}, p.age {PERSON_FROM} AND p.ins_medical = 0",
        facts=("age", "age_zh", "age_en"),
        finish=_age_text,
    ),
    Evaluator(
        "illness_no_critical",
        "person",
        f"{PERSON_SUBJECT}, p.serious_illness AS illness {PERSON_FROM}"
        " AND p.serious_illness <> '' AND p.ins_critical = 0",
        facts=("illness",),
    ),
    Evaluator(
        "disability_without_grade",
        "person",
        f"{PERSON_SUBJECT} {PERSON_FROM} AND p.severe_disability = 1 AND p.disability_grade = ''",
    ),
    Evaluator(
        "elderly_no_pension",
        "person",
        f"{PERSON_SUBJECT}, p.age {PERSON_FROM} AND p.age >= :min_age AND p.ins_pension = 0",
        params=("min_age",),
        facts=("age",),
    ),
    Evaluator(
        "low_income_no_support",
        "household",
        f"{HOUSEHOLD_SUBJECT}, {INCOME_COLUMNS} {INCOME_FROM}"
        " AND h.dibao = 'none' AND h.extreme_poverty = 0 AND h.total < :dibao_line * h.members",
        params=("dibao_line",),
        facts=_INCOME_FACTS,
        finish=_money_text,
    ),
    Evaluator(
        "rural_dibao_after_transfer",
        "household",
        f"{HOUSEHOLD_SUBJECT} {HOUSEHOLD_FROM}"
        " AND h.dibao = 'rural' AND h.registration_status = 'transferred'",
    ),
    Evaluator(
        "income_below_line",
        "household",
        f"{HOUSEHOLD_SUBJECT}, {INCOME_COLUMNS} {INCOME_FROM} AND h.total < :line * h.members",
        params=("line",),
        facts=_INCOME_FACTS,
        finish=_money_text,
    ),
    Evaluator(
        "income_drop",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.total, h.income_last_year AS last_year {HOUSEHOLD_FROM}"
        " AND h.monitored = 1 AND h.income_year IS NOT NULL AND h.income_last_year > 0"
        " AND h.total * 100 < h.income_last_year * (100 - :drop_percent)",
        params=("drop_percent",),
        facts=("total", "last_year", "drop"),
        finish=_drop_text,
    ),
    Evaluator(
        "income_near_line",
        "household",
        f"{HOUSEHOLD_SUBJECT}, {INCOME_COLUMNS} {INCOME_FROM} AND h.total >= :line * h.members"
        " AND h.total * 100 < :line * h.members * (100 + :margin_percent)",
        params=("line", "margin_percent"),
        facts=_INCOME_FACTS,
        finish=_money_text,
    ),
    Evaluator(
        "income_not_recorded",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.income_year {HOUSEHOLD_FROM}"
        " AND (h.income_year IS NULL OR h.income_year < :oldest_year)",
        params=("max_years_old",),
        facts=("income_year", "income_year_zh", "income_year_en"),
        bind=lambda params, today: {"oldest_year": today.year - int(params["max_years_old"])},
        finish=_income_year_text,
    ),
    Evaluator(
        "registration_pending",
        "household",
        f"{HOUSEHOLD_SUBJECT} {HOUSEHOLD_FROM} AND h.registration_status = 'pending'",
    ),
    Evaluator(
        "permit_not_applied",
        "person",
        f"{PERSON_SUBJECT}, p.permit_status {PERSON_FROM}"
        " AND p.permit_status IN ('to_apply', 'printed')",
        facts=("permit_status",),
        labels={"permit_status": enums.PERMIT_STATUS},
    ),
    Evaluator(
        "special_not_visited",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.ill, h.disabled, h.alone, h.left_behind, h.last_visit,"
        f" {SINCE_VISIT} {HOUSEHOLD_FROM} AND {SPECIAL_GROUP}"
        " AND (h.last_visit IS NULL OR h.last_visit <= :cut)",
        params=("days",),
        facts=(
            *("ill", "disabled", "alone", "left_behind", "last_visit", "since_days"),
            *("groups_zh", "groups_en", "since_zh", "since_en"),
        ),
        bind=_bind_days,
        finish=_groups_text,
    ),
    Evaluator(
        "not_visited",
        "household",
        f"{HOUSEHOLD_SUBJECT}, h.last_visit, {SINCE_VISIT} {HOUSEHOLD_FROM}"
        " AND (h.last_visit IS NULL OR h.last_visit <= :cut)",
        params=("days",),
        facts=("last_visit", "since_days", "since_zh", "since_en"),
        bind=_bind_days,
        finish=_since_text,
    ),
    Evaluator(
        "need_overdue",
        "need",
        f"{NEED_SUBJECT}, n.due_date AS due,"
        " CAST(julianday(:today) - julianday(n.due_date) AS INTEGER) AS overdue"
        f" {NEED_FROM} AND {OVERDUE_NEED}",
        facts=("category", "raised", "due", "overdue"),
        labels={"category": enums.NEED_CATEGORY},
    ),
    Evaluator(
        "need_unconfirmed",
        "need",
        f"{NEED_SUBJECT}, n.closed_date AS closed,"
        " CAST(julianday(:today) - julianday(n.closed_date) AS INTEGER) AS age"
        f" {NEED_FROM} AND n.status = 'resolved' AND n.closed_date <= :cut",
        params=("days",),
        facts=("category", "raised", "closed", "age"),
        bind=_bind_days,
        labels={"category": enums.NEED_CATEGORY},
    ),
]


def prepare(conn: Any, today: datetime.date, labour_ages: tuple[int, int] = (16, 64)) -> None:
    """Copy what the evaluators read into the connection's temporary tables.

    ``labour_ages``: the working ages (EMP-01's) for the households' labour counts the
    dashboard reads; the indicators themselves use their own thresholds.
    """
    bound = {"today": today.isoformat(), "labour_lo": labour_ages[0], "labour_hi": labour_ages[1]}
    for sql in PREPARE:
        conn.execute(sql, bound if ":" in sql else ())


def clean_up(conn: Any) -> None:
    for sql in CLEAN_UP:
        conn.execute(sql)


EVALUATORS: dict[str, Evaluator] = {e.name: e for e in _ALL}
