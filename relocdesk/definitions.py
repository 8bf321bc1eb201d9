"""One definition of every figure that appears in more than one place.

The dashboard, the monthly workbook, the monthly PDF, the warnings, Today and the command
line all count with these conditions, so the same data on the same day gives the same
number everywhere. Each is an SQL condition over the usual aliases: ``h`` a household,
``p`` a person, ``n`` a need, ``r`` a referral, ``v`` a visit; ``:today`` is the day the
figure is taken on. Monitoring's temporary tables (``evaluators.PREPARE``) are built with
them, and the figures read from those tables.

- **households** (户数): households living here, ``LIVE_HOUSEHOLD`` (not deleted, not moved
  out). Everything below counts only within them: a person, referral, visit or need of a
  household that moved out is no longer the community's work.
- **people** (人数): live members of those households.
- **labour force** (劳动力): ``LABOUR_FORCE``: full or weak labour capacity, not in school,
  aged within EMP-01's working ages (``min_age``..``max_age``, 16-64 by default).
- **employed** (就业): an ``employment_status`` in ``enums.EMPLOYED``; **employed labour** is
  the labour force among them.
- **zero-employment household** (零就业家庭): a household with labour force and nobody
  employed (EMP-01).
- **unemployed willing** (有就业意愿未就业): ``employment_status = 'unemployed_willing'``.
- **referrals per unemployed**: referrals dated in EMP-02's window (``date > today - days``
  and ``<= today``) to people unemployed and willing, divided by those people.
- **open need** (未办结诉求): status open or in progress, raised on or before the day
  (``OPEN_NEED``); **overdue** (逾期): an open need whose due date is before the day
  (``OVERDUE_NEED``).
- **referral waiting for an answer**: pending, made ``REFERRAL_ANSWER_DAYS`` or more days
  before the day (EMP-03; Today lists the same referrals).
- **visit due** (应走访): a household whose last visit on or before the day is missing or
  ``days`` or more days old: 60 (INT-04), 14 where someone is in a special group
  (``SPECIAL_GROUP``: serious illness, severe disability, elderly living alone, left-behind
  child; INT-03).
- **visits in the month**: visits (and distinct households visited) dated from the first
  of the month to the day.
- **hires** (推荐录用): referrals with a hired event dated in the period (outcome events,
  never the referral's current outcome, so a later change does not rewrite a past month).
- **permits** (居住证): live people by ``permit_status``.
- **trained** (已培训): a person with a training completed (结业) within EMP-04's window
  (``end_date > today - days`` and ``<= today``), or a training referral (kind
  ``training``) taken up (outcome hired, 已录用) with its outcome dated in the window
  (``TRAINED``). A training recorded before results were kept (no result) counts as
  completed once it has ended. A referral declined or not taken up trains nobody.
- **income recorded** (已登记收入户): a household with an income year and someone living
  there (``INCOME_RECORDED``, over a row with the household's live ``members``: monitoring's
  household table, or the income view's rows). The income view (``reports.income``) and the
  county's income figures (``reports.county``) count only these.
- **per-capita net income** (人均纯收入): the sum of their four incomes (wages, business,
  transfers, property) over the sum of their members, not an average of each household's
  figure; each kind's **share** is its sum over the total.
- **growth** (同比增长): over the households with a last year's total above 0, this year's
  total over last year's, minus 1 (none when no household has one).
- **below the monitoring line** (低于监测线): total < line x members (INC-01); **near it**
  (接近监测线): not below, and total x 100 < line x members x (100 + margin_percent)
  (INC-03: within 20% above the line by default). The line is INC-01's as the community
  applies it: the county's published value, the desk's ``income_line``, the catalogue's
  7,000 yuan, in that order (``reports.income.thresholds``).

This module imports nothing heavy: Today reads it without loading monitoring.
"""

from __future__ import annotations

from relocdesk import enums

LIVE_HOUSEHOLD = "h.deleted = 0 AND h.status = 'active'"
LIVE_PERSON = f"p.deleted = 0 AND {LIVE_HOUSEHOLD}"
EMPLOYED_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(enums.EMPLOYED)) + ")"
EMPLOYED = f"p.employment_status IN {EMPLOYED_SQL}"
UNEMPLOYED_WILLING = "p.employment_status = 'unemployed_willing'"
# ``age`` is the person's age on the day (monitoring_person.age)
LABOUR_FORCE = (
    "p.labour_capacity IN ('full', 'weak') AND p.employment_status <> 'in_school'"
    " AND p.age BETWEEN :labour_lo AND :labour_hi"
)
OPEN_NEED = "n.status IN ('open', 'in_progress') AND n.raised_date <= :today"
OVERDUE_NEED = f"{OPEN_NEED} AND n.due_date <> '' AND n.due_date < :today"
PENDING_REFERRAL = "r.outcome = 'pending'"
# EMP-02's window: the referrals of the last ``days`` days, today included
# (``:since`` = today - days, excluded)
REFERRAL_IN_WINDOW = "r.date > :since AND r.date <= :today"
# EMP-04's "trained": bound as :since (today - days, excluded) and :today. The people trained
# in the window are listed once each (a look-up in the training and referral indexes for each
# of 29,000 people at 100,000 households cost twice as much); no NULL among them, which would
# make every "not trained" unknown.
TRAINED = """(p.id IN (SELECT t.person_id FROM training t WHERE t.deleted = 0
        AND t.person_id IS NOT NULL AND coalesce(t.result, 'completed') = 'completed'
        AND t.end_date > :since AND t.end_date <= :today)
    OR p.id IN (SELECT tr.person_id FROM referral tr WHERE tr.deleted = 0
        AND tr.person_id IS NOT NULL AND tr.kind = 'training' AND tr.outcome = 'hired'
        AND tr.outcome_date > :since AND tr.outcome_date <= :today))"""
# a household whose income is recorded, over rows carrying its live ``members`` (monitoring's
# household table, the income view's rows)
INCOME_RECORDED = "h.income_year IS NOT NULL AND h.members > 0"
# The special groups of the 14-day visit rule: a person in one of them, and a household with
# such a member as monitoring's household table counts them (the same rule, over its columns).
SPECIAL_PERSON = (
    "(coalesce(p.serious_illness, '') <> '' OR p.severe_disability = 1"
    " OR p.elderly_alone = 1 OR p.left_behind_child = 1)"
)
SPECIAL_GROUP = "coalesce(h.ill + h.disabled + h.alone + h.left_behind, 0) > 0"
# defaults of the catalogue's EMP-03, INT-04 and INT-03 (their params are what counts)
REFERRAL_ANSWER_DAYS = 30
REFERRAL_TARGET = 3  # referrals each unemployed person willing to work should get (EMP-02)
REFERRAL_WINDOW_DAYS = 90  # ... within this many days
VISIT_EVERY_DAYS = 60
SPECIAL_VISIT_EVERY_DAYS = 14
