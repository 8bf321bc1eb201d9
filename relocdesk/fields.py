"""Which check each field of each table gets before it is written.

One table of rules serves the façade, the roster import and the edit dialogs, so a value
is judged the same way wherever it is typed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from relocdesk import enums, validation

Check = Callable[[Any, str], Any]
_EARLIEST = datetime.date(1900, 1, 1)


def _optional(check: Check) -> Check:
    def run(value: Any, field: str) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return check(value, field)

    return run


def _text(max_len: int = 200) -> Check:
    return _optional(partial(validation.required_text, max_len=max_len))


def _required(max_len: int = 200) -> Check:
    return partial(validation.required_text, max_len=max_len)


def _enum(labels: enums.Labels) -> Check:
    return lambda value, field: validation.enum(value, field, labels)


def _past_date(value: Any, field: str) -> str:
    day: str = validation.date(value, field, not_after=validation.today(), not_before=_EARLIEST)
    return day


def _any_date(value: Any, field: str) -> str:
    day: str = validation.date(value, field, not_before=_EARLIEST)
    return day


def _int(lo: int, hi: int) -> Check:
    def run(value: Any, field: str) -> int:
        number = validation.money(value, field, max_value=hi)
        if number < lo or number != int(number):
            zh, en = validation.label(field)
            raise validation.ValidationError(
                field,
                "out_of_range",
                f"{zh}应为 {lo} 到 {hi} 之间的整数",
                f"{en} must be a whole number {lo}-{hi}",
            )
        return int(number)

    return _optional(run)


def _year(value: Any, field: str) -> Any:
    """A year as rosters write it: 2025, 2025年, 2025年度."""
    if isinstance(value, str):
        value = value.strip().removesuffix("度").removesuffix("年")
    return _int(2000, 2100)(value, field)


# The word after the number of a building, a unit or a room written in a column or box of its
# own (3栋, 5号楼, A区5幢; 2单元; 501室, 1102号) is not part of the number, as in a whole room
# 3栋2单元501室 (store.search): kept, it printed 3栋栋2单元501室室 and hid the household from
# a search for 3-2-501. A name (幸福楼) is kept whole.
_BUILDING_WORD = re.compile(r"(.*[0-9A-Za-z])\s*(?:栋|幢|号楼|号)")
_UNIT_WORD = re.compile(r"(\S+?)\s*单元")
_ROOM_WORD = re.compile(r"([0-9A-Za-z]{1,10})\s*(?:室|号)")


def _without_word(word: re.Pattern[str], check: Check) -> Check:
    def run(value: Any, field: str) -> Any:
        if isinstance(value, str) and (found := word.fullmatch(value.strip())):
            value = found[1]
        return check(value, field)

    return run


_bool: Check = validation.boolean
_money: Check = _optional(validation.money)
_phone: Check = _optional(lambda v, f: validation.phone(v, f))
_date: Check = _optional(_past_date)
_due: Check = _optional(_any_date)

RULES: Mapping[str, Mapping[str, Check]] = {
    "community": {
        "name": _required(),
        "county": _text(),
        "subdistrict": _text(),
        "township": _text(),
        "address": _text(),
    },
    "building_head": {
        "person_id": _text(64),
        "name": lambda v, f: validation.person_name(v, f),
        "phone": _phone,
        "since": _date,
        "notes": _text(1000),
    },
    "building": {
        "number": _without_word(_BUILDING_WORD, _required(20)),
        "name": _text(),
        "units": _int(1, 50),
        "floors": _int(1, 100),
        "building_head_id": _text(64),
    },
    "household": {
        "building_id": _text(64),
        "unit": _without_word(_UNIT_WORD, _int(1, 50)),
        # 60, not 10: a roster may hold the room whole ("12栋2单元1501室", even with the
        # county and community in front), split on import (roster.address).
        "room": _without_word(_ROOM_WORD, _text(60)),
        "household_no": _required(40),
        "head_person_id": _text(64),
        "origin_county": _text(),
        "origin_township": _text(),
        "origin_village": _text(),
        "origin_region_code": _text(6),
        "move_in_date": _date,
        "registration_status": _enum(enums.REGISTRATION_STATUS),
        "formerly_poor": _bool,
        "monitored": _bool,
        "monitor_type": _optional(_enum(enums.MONITOR_TYPE)),
        "monitor_risk": _optional(_enum(enums.MONITOR_RISK)),
        "housing_safety": _optional(_enum(enums.SAFETY)),
        "water_safety": _optional(_enum(enums.SAFETY)),
        "guarantees_checked": _date,
        "dibao": _enum(enums.DIBAO),
        "extreme_poverty": _bool,
        "income_year": _year,
        "income_wages": _money,
        "income_business": _money,
        "income_transfers": _money,
        "income_property": _money,
        "income_last_year": _money,
        "phone": _phone,
        "notes": _text(2000),
        "status": _enum(enums.HOUSEHOLD_STATUS),
    },
    "person": {
        "household_id": _required(64),
        "name": lambda v, f: validation.person_name(v, f),
        "gender": _optional(_enum(enums.GENDER)),
        "id_number": _optional(lambda v, f: validation.id_number(v, f)),
        "birth_date": _date,
        "relation": _optional(_enum(enums.RELATION)),
        "ethnicity": _text(20),
        "phone": _phone,
        "education": _optional(_enum(enums.EDUCATION)),
        "school": _text(),
        "grade": _text(20),
        "school_status": _enum(enums.SCHOOL_STATUS),
        "labour_capacity": _enum(enums.LABOUR_CAPACITY),
        "employment_status": _enum(enums.EMPLOYMENT_STATUS),
        "employer": _text(),
        "job": _text(),
        "work_place": _optional(_enum(enums.WORK_PLACE)),
        "monthly_wage": _money,
        "skills": _text(),
        "disability_grade": _optional(_enum(enums.DISABILITY_GRADE)),
        "serious_illness": _text(),
        "ins_medical": _bool,
        "ins_critical": _bool,
        "ins_pension": _bool,
        "ins_employment": _bool,
        "ins_residence": _bool,
        "left_behind_child": _bool,
        "elderly_alone": _bool,
        "severe_disability": _bool,
        "child_in_difficulty": _bool,
        "elderly_in_difficulty": _bool,
        "registration_address": _text(),
        "permit_number": _text(40),
        "permit_status": _enum(enums.PERMIT_STATUS),
        "permit_issued": _optional(_past_date),
        "permit_expiry": _optional(_any_date),
        "residence_registered": _optional(_past_date),
    },
    "referral": {
        "person_id": _required(64),
        "date": _past_date,
        "referred_by": _text(),
        "building_head_id": _text(64),
        "employer": _required(),
        "position": _text(),
        "kind": _enum(enums.REFERRAL_KIND),
        "wage_offered": _money,
    },
    "referral_event": {
        "referral_id": _required(64),
        "date": _past_date,
        "outcome": _enum(enums.REFERRAL_OUTCOME),
        "note": _text(1000),
        "recorded_by": _text(),
    },
    "visit": {
        "household_id": _required(64),
        "date": _past_date,
        "visitor": _required(),
        "kind": _enum(enums.VISIT_KIND),
        "met": _text(),
        "notes": _text(5000),
    },
    "need": {
        "household_id": _required(64),
        "person_id": _text(64),
        "visit_id": _text(64),
        "source": _enum(enums.NEED_SOURCE),
        "raised_date": _past_date,
        "category": _enum(enums.NEED_CATEGORY),
        "description": _required(2000),
        "assignee": _text(),
        "due_date": _due,
        "indicator": _text(40),
        "subject_id": _text(64),
    },
    "need_event": {
        "need_id": _required(64),
        "date": _past_date,
        "status": _enum(enums.NEED_STATUS),
        "note": _text(2000),
        "recorded_by": _text(),
    },
    "facility": {
        "name": _required(),
        "kind": _enum(enums.FACILITY_KIND),
        "status": _enum(enums.FACILITY_STATUS),
        "capacity": _optional(_int(0, 100_000)),
        "served": _optional(_int(0, 100_000)),
        "address": _text(),
        "contact": _text(),
        "notes": _text(1000),
    },
    "training": {
        "person_id": _required(64),
        "course": _required(),
        "provider": _text(),
        "start_date": _due,
        "end_date": _due,
        "certificate": _text(),
        "result": _optional(_enum(enums.TRAINING_RESULT)),
    },
    "warning_ack": {
        "indicator": _required(40),
        "subject_id": _required(64),
        "acked_by": _required(),
        "acked_date": _past_date,
        "reason": _required(500),
        "until": _due,
    },
}


def clean(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every value that has a rule; collect all errors, not just the first."""
    rules = RULES.get(table, {})
    out: dict[str, Any] = {}
    errors: list[validation.ValidationError] = []
    for field, value in values.items():
        rule = rules.get(field)
        if rule is None:
            out[field] = value
            continue
        try:
            out[field] = rule(value, field)
        except validation.ValidationError as e:
            errors.append(e)
    if errors:
        raise validation.ValidationErrors(errors)
    return out
