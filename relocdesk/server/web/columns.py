"""The figures the overview and a community's page show, in order, and the traffic light of
each: green, amber or red against the county's thresholds.

The values are fields of ``relocdesk.reports.Figures`` (the device's own figures, computed
over each community's copy); nothing is counted here. A light's thresholds come from the
policy numbers of ``relocdesk.definitions`` (the referral target, the visit interval), the
same ones monitoring's warnings use, and are listed on the page under the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from relocdesk.definitions import REFERRAL_TARGET, VISIT_EVERY_DAYS

# A household visited every VISIT_EVERY_DAYS is visited in a month with this share: below it
# the community falls behind the visit rule, below half of it far behind.
VISIT_SHARE_ON_TRACK = round(30 / VISIT_EVERY_DAYS, 2)


def _none_is_green(value: float) -> str:
    return "green" if value == 0 else "red"


def _referrals(f: Any) -> str:
    if not f.unemployed_willing or f.referrals_per_unemployed >= REFERRAL_TARGET:
        return "green"
    return "amber" if f.referrals_per_unemployed >= 1 else "red"


def _visits(f: Any) -> str:
    if not f.households or f.visit_coverage_month >= VISIT_SHARE_ON_TRACK:
        return "green"
    return "amber" if f.visit_coverage_month >= VISIT_SHARE_ON_TRACK / 2 else "red"


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
        if self.digits:
            return f"{v:,.{self.digits}f}"
        return f"{v:,}"

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
        "visit_coverage_month",
        percent=True,
        light=_visits,
        rule=(
            f"每 {VISIT_EVERY_DAYS} 天走访一次，即每月约 {VISIT_SHARE_ON_TRACK:.0%}：达到为正常，"
            "达到一半为黄，不足一半为红",
            f"a visit every {VISIT_EVERY_DAYS} days is about {VISIT_SHARE_ON_TRACK:.0%} a month:"
            " green at that, amber from half of it, red below",
        ),
    ),
)
BY_KEY = {c.key: c for c in HEADLINE}
