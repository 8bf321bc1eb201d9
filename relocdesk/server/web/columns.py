"""The figures the overview and a community's page show, in order, and the traffic light of
each: green, amber or red against the county's thresholds.

The values are fields of ``relocdesk.reports.Figures`` (the device's own figures, computed
over each community's copy) or of ``relocdesk.reports.county.CountyExtras`` (income, permits
pending, visits within the interval: what the county workbook shows); nothing is counted
here. A light's thresholds are named below (the referral target is monitoring's own) and
listed on the overview under the table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from relocdesk.definitions import REFERRAL_TARGET

# Every household is to be visited within the interval (INT-04): a community with fewer than
# this share visited in time is behind, below VISITED_FAR_BEHIND far behind.
VISITED_ON_TRACK = 0.9
VISITED_FAR_BEHIND = 0.7


def _none_is_green(value: float) -> str:
    return "green" if value == 0 else "red"


def _referrals(f: Any) -> str:
    if not f.unemployed_willing or f.referrals_per_unemployed >= REFERRAL_TARGET:
        return "green"
    return "amber" if f.referrals_per_unemployed >= 1 else "red"


def _visits(f: Any) -> str:
    if not f.households or f.visited_in_interval_share >= VISITED_ON_TRACK:
        return "green"
    return "amber" if f.visited_in_interval_share >= VISITED_FAR_BEHIND else "red"


@dataclass(frozen=True)
class Column:
    key: str  # a field of reports.Figures
    digits: int = 0
    percent: bool = False
    light: Callable[[Any], str] | None = None
    rule: tuple[str, str] = ("", "")  # the light's thresholds in words (zh, en)

    def value(self, figures: Any) -> Any:
        return getattr(figures, self.key)

    def text(self, figures: Any) -> str:
        v = self.value(figures)
        if self.percent:
            return f"{v * 100:.1f}%"
        return f"{v:,.{self.digits}f}"

    def colour(self, figures: Any) -> str | None:
        return self.light(figures) if self.light else None


HEADLINE: tuple[Column, ...] = (
    Column("households"),
    Column("people"),
    Column("labour_force"),
    Column("employed_labour"),
    Column(
        "zero_employment_households",
        light=lambda f: _none_is_green(f.zero_employment_households),
        rule=("0 为正常，大于 0 为红", "green at 0, red above"),
    ),
    Column(
        "red_warnings",
        light=lambda f: _none_is_green(f.red_warnings),
        rule=("0 为正常，大于 0 为红", "green at 0, red above"),
    ),
    Column("open_needs"),
    Column(
        "overdue_needs",
        light=lambda f: _none_is_green(f.overdue_needs),
        rule=("0 为正常，大于 0 为红", "green at 0, red above"),
    ),
    Column("unemployed_willing"),
    Column(
        "referrals_per_unemployed",
        digits=2,
        light=_referrals,
        rule=(
            f"≥ {REFERRAL_TARGET} 为正常，1 至 {REFERRAL_TARGET} 为黄，不足 1 为红",
            f"green from {REFERRAL_TARGET}, amber from 1, red below 1",
        ),
    ),
    Column(
        "visited_in_interval_share",
        percent=True,
        light=_visits,
        rule=(
            f"按期（INT-04 的间隔内）走访的户占比：≥ {VISITED_ON_TRACK:.0%} 为正常，"
            f"{VISITED_FAR_BEHIND:.0%} 至 {VISITED_ON_TRACK:.0%} 为黄，更低为红",
            f"households visited within INT-04's interval: green from {VISITED_ON_TRACK:.0%},"
            f" amber from {VISITED_FAR_BEHIND:.0%}, red below",
        ),
    ),
    Column("per_capita_income"),
    Column("permits_pending"),
)
# The community page's building table: the figures the device counts per building (income,
# permits and visits in the interval are counted for the whole community).
BY_BUILDING = tuple(
    c
    for c in HEADLINE
    if c.key not in {"visited_in_interval_share", "per_capita_income", "permits_pending"}
)
BY_KEY = {c.key: c for c in HEADLINE}
