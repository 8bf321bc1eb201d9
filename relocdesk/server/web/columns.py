"""The figures the overview and a community's page show, in order, and the traffic light of
each: green, amber or red against the thresholds the county publishes.

The values are fields of ``relocdesk.reports.Figures`` (the device's own figures, computed
over each community's copy) or of ``relocdesk.reports.county.CountyExtras`` (income, permits
pending, visits within the interval: what the county workbook shows); nothing is counted
here. A light's thresholds are the catalogue's indicator parameters (``LIMITS``), each taken
from what the county published (``relocdesk.server.published``) the way a device of the
county applies it (``monitoring.tables.effective_params``), else the catalogue's own value;
they are listed on the page under the table, the county's marked as such."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# The catalogue's parameters a light reads: the referral target of EMP-02, the visit
# interval of INT-04, the income monitoring line of INC-01 and the "near the line" margin
# of INC-03.
LIMITS = (
    ("EMP-02", "min_referrals"),
    ("INT-04", "days"),
    ("INC-01", "line"),
    ("INC-03", "line"),
    ("INC-03", "margin_percent"),
)
# how a rule names each limit's unit (zh, en)
UNITS = {
    "EMP-02.min_referrals": (" 次", ""),
    "INT-04.days": (" 天", " days"),
    "INC-01.line": (" 元", " yuan"),
    "INC-03.line": (" 元", " yuan"),
    "INC-03.margin_percent": ("%", "%"),
}
# Every household is to be visited within INT-04's interval: a community with fewer than
# this share visited in time is behind, below VISITED_FAR_BEHIND far behind. (Shares of a
# community, not parameters of a household's warning: the catalogue has no value for them.)
VISITED_ON_TRACK = 0.9
VISITED_FAR_BEHIND = 0.7
# a catalogue setting several indicators share, named in words.py
WORDS_OF_SETTINGS = ("income_line",)


@dataclass(frozen=True)
class Limit:
    key: str  # "EMP-02.min_referrals"
    value: float  # the one that applies
    default: float  # the catalogue's
    county: bool  # the county published it

    def shown(self, language: str) -> str:
        """The value with its unit, and whose it is when the county's."""
        from relocdesk.server.web.words import word

        unit = UNITS.get(self.key, ("", ""))[1 if language == "en" else 0]
        mark = word("county_value", language) if self.county else ""
        return f"{self.value:,g}{unit}{mark}"


class Thresholds:
    """The lights' thresholds for one county: ``Thresholds(published)`` with the county's
    published values (``{"INC-01.line": "8000", "income_line": "7500"}``)."""

    def __init__(self, published: Mapping[str, str]) -> None:
        from relocdesk.monitoring import load
        from relocdesk.monitoring.tables import COUNTY, effective_params

        self.published = dict(published)
        settings = {COUNTY + k: str(v) for k, v in published.items()}
        catalogue = load()
        self._english = {i.code: f"{i.code} {i.name_en}" for i in catalogue.indicators}
        self.limits: dict[str, Limit] = {}
        for code, name in LIMITS:
            indicator = catalogue.get(code)
            assert indicator is not None, code
            key = f"{code}.{name}"
            shared = indicator.settings.get(name)  # "income_line" sets INC-01 and INC-03
            self.limits[key] = Limit(
                key,
                float(effective_params(indicator, settings)[name]),
                float(indicator.params[name]),
                key in published or (shared is not None and shared in published),
            )

    def __getitem__(self, key: str) -> Limit:
        return self.limits[key]

    def county(self, language: str) -> list[tuple[str, str, str, str]]:
        """Every value the county published (not only the lights'): key, what it is, the
        county's value, the catalogue's."""
        from relocdesk.server.published import publishable
        from relocdesk.server.web.words import word

        catalogue = publishable()
        rows = []
        for key, value in sorted(self.published.items()):
            label, default = catalogue.get(key, (key, float("nan")))
            if key in WORDS_OF_SETTINGS:
                label = word(key, language)
            elif language == "en":
                label = self._english.get(key.split(".")[0], key)
            rows.append((key, label, value, f"{default:g}"))
        return rows


Light = Callable[[Any, Thresholds], str | None]
# a text of words.py whose {0}, {1}... are these limits (marked when the county's) or words
RuleText = tuple[str, tuple[Limit | str, ...]]
Rule = Callable[[Thresholds], RuleText]


def _zero(key: str) -> Light:
    """Green at none, red at any (a zero-employment household, a red warning, an overdue
    need is one too many)."""
    return lambda f, th: "green" if getattr(f, key) == 0 else "red"


def _referrals(f: Any, th: Thresholds) -> str:
    target = th["EMP-02.min_referrals"].value
    if not f.unemployed_willing or f.referrals_per_unemployed >= target:
        return "green"
    return "amber" if f.referrals_per_unemployed >= 1 else "red"


def _visits(f: Any, th: Thresholds) -> str:
    if not f.households or f.visited_in_interval_share >= VISITED_ON_TRACK:
        return "green"
    return "amber" if f.visited_in_interval_share >= VISITED_FAR_BEHIND else "red"


def _income(f: Any, th: Thresholds) -> str | None:
    """Below INC-01's line red, within INC-03's margin above its line amber; no light where
    no income is recorded (the figure is then no figure)."""
    if not f.income_people:
        return None
    if f.per_capita_income < th["INC-01.line"].value:
        return "red"
    near = th["INC-03.line"].value * (1 + th["INC-03.margin_percent"].value / 100)
    return "amber" if f.per_capita_income < near else "green"


def _zero_rule(th: Thresholds) -> RuleText:
    return "rule_zero", ()


def _referrals_rule(th: Thresholds) -> RuleText:
    return "rule_referrals", (th["EMP-02.min_referrals"],)


def _visits_rule(th: Thresholds) -> RuleText:
    share = f"{VISITED_ON_TRACK:.0%}", f"{VISITED_FAR_BEHIND:.0%}"
    return "rule_visits", (th["INT-04.days"], *share)


def _income_rule(th: Thresholds) -> RuleText:
    return "rule_income", (th["INC-01.line"], th["INC-03.line"], th["INC-03.margin_percent"])


@dataclass(frozen=True)
class Column:
    key: str  # a field of reports.Figures
    digits: int = 0
    percent: bool = False
    light: Light | None = None
    # the light's rule: a text of words.py with {0}, {1}... for the limits it names
    rule: Rule | None = None

    def value(self, figures: Any) -> Any:
        return getattr(figures, self.key)

    def text(self, figures: Any) -> str:
        v = self.value(figures)
        if self.percent:
            return f"{v * 100:.1f}%"
        return f"{v:,.{self.digits}f}"

    def colour(self, figures: Any, thresholds: Thresholds) -> str | None:
        return self.light(figures, thresholds) if self.light else None

    def rule_text(self, thresholds: Thresholds, language: str) -> str:
        """The light's rule in words, each limit the county set marked as the county's."""
        from relocdesk.server.web.words import word

        if self.rule is None:
            return ""
        text, parts = self.rule(thresholds)
        shown = [p if isinstance(p, str) else p.shown(language) for p in parts]
        return word(text, language).format(*shown)


HEADLINE: tuple[Column, ...] = (
    Column("households"),
    Column("people"),
    Column("labour_force"),
    Column("employed_labour"),
    Column(
        "zero_employment_households", light=_zero("zero_employment_households"), rule=_zero_rule
    ),
    Column("red_warnings", light=_zero("red_warnings"), rule=_zero_rule),
    Column("open_needs"),
    Column("overdue_needs", light=_zero("overdue_needs"), rule=_zero_rule),
    Column("unemployed_willing"),
    Column("referrals_per_unemployed", digits=2, light=_referrals, rule=_referrals_rule),
    Column("visited_in_interval_share", percent=True, light=_visits, rule=_visits_rule),
    Column("per_capita_income", light=_income, rule=_income_rule),
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
