"""The name people see for each field of a household or person (context "fields")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import N

TITLES: dict[str, str] = {
    # household
    "building_id": N("fields", "Building"),
    "unit": N("fields", "Unit"),
    "room": N("fields", "Room"),
    "household_no": N("fields", "Household no."),
    "head_person_id": N("fields", "Head of household"),
    "origin_county": N("fields", "Origin county"),
    "origin_township": N("fields", "Origin township"),
    "origin_village": N("fields", "Origin village"),
    "origin_region_code": N("fields", "Origin region code"),
    "move_in_date": N("fields", "Move-in date"),
    "registration_status": N("fields", "Registration"),
    "formerly_poor": N("fields", "Formerly poor"),
    "monitored": N("fields", "Monitored household"),
    "monitor_type": N("fields", "Monitoring type"),
    "monitor_risk": N("fields", "Risk type"),
    "housing_safety": N("fields", "Housing safety"),
    "water_safety": N("fields", "Drinking-water safety"),
    "guarantees_checked": N("fields", "3+1 guarantees checked on"),
    "dibao": N("fields", "Minimum living allowance"),
    "extreme_poverty": N("fields", "Extreme-poverty support"),
    "income_year": N("fields", "Income year"),
    "income_wages": N("fields", "Wages"),
    "income_business": N("fields", "Business income"),
    "income_transfers": N("fields", "Transfer income"),
    "income_property": N("fields", "Property income"),
    "income_last_year": N("fields", "Income last year"),
    "phone": N("fields", "Phone"),
    "notes": N("fields", "Notes"),
    "status": N("fields", "Status"),
    # person
    "household_id": N("fields", "Household"),
    "name": N("fields", "Name"),
    "gender": N("fields", "Gender"),
    "id_number": N("fields", "ID number"),
    "birth_date": N("fields", "Birth date"),
    "relation": N("fields", "Relation to head"),
    "ethnicity": N("fields", "Ethnicity"),
    "education": N("fields", "Education"),
    "school": N("fields", "School"),
    "grade": N("fields", "Grade"),
    "school_status": N("fields", "Schooling"),
    "labour_capacity": N("fields", "Labour capacity"),
    "employment_status": N("fields", "Employment"),
    "employer": N("fields", "Employer"),
    "job": N("fields", "Job"),
    "work_place": N("fields", "Place of work"),
    "monthly_wage": N("fields", "Monthly wage"),
    "skills": N("fields", "Skills"),
    "disability_grade": N("fields", "Disability grade"),
    "serious_illness": N("fields", "Serious illness"),
    "ins_medical": N("fields", "Basic medical insurance"),
    "ins_critical": N("fields", "Critical-illness insurance"),
    "ins_pension": N("fields", "Pension insurance"),
    "ins_employment": N("fields", "Employment insurance"),
    "ins_residence": N("fields", "Residence insurance"),
    "left_behind_child": N("fields", "Left-behind child"),
    "elderly_alone": N("fields", "Elderly living alone"),
    "severe_disability": N("fields", "Severe disability"),
    "child_in_difficulty": N("fields", "Child in difficulty"),
    "elderly_in_difficulty": N("fields", "Elderly in difficulty"),
    "registration_address": N("fields", "Registered address"),
    "permit_number": N("fields", "Residence permit no."),
    "permit_status": N("fields", "Residence permit"),
    # training
    "person_id": N("fields", "Person"),
    "course": N("fields", "Training course"),
    "provider": N("fields", "Training provider"),
    "start_date": N("fields", "Start date"),
    "end_date": N("fields", "End date"),
    "certificate": N("fields", "Certificate"),
    "result": N("fields", "Result"),
    "deleted": N("fields", "Removed"),
}


def title(field: str) -> str:
    source = TITLES.get(field)
    return QCoreApplication.translate("fields", source) if source else field
