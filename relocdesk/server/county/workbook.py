"""The county workbook: ``relocdesk-server report county --county CODE --month YYYY-MM``.

- 全县汇总 (the county's overview): a row per community with the monthly workbook's
  overview figures (taken from each community's own monthly tables, the code its laptop
  runs), its active warnings by area, and the income, permit and visit figures; the county's
  totals last, counts summed and rates worked out again from the sums;
- one sheet per warning area (住房预警, 就业预警, ...): a row per community, a column per
  indicator of the area (active warnings), totals last.

The sheets are written by ``relocdesk.reports.sheets``, as the monthly workbook is.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk.reports.sheets import TOTAL

if TYPE_CHECKING:
    import pandas as pd

    from relocdesk.reports.county import CountyExtras
    from relocdesk.server.county.figures import CountyFigures

OVERVIEW = "全县汇总"
# (heading, numerator, denominator): rates of the overview, from the counts beside them
RATES = (
    ("劳动力就业率", "劳动力就业人数", "劳动力人数"),
    ("有劳动力户中有就业户占比", "有就业户数", "有劳动力户数"),
    ("人均推荐次数", "近90天推荐次数", "有意愿未就业人数"),
    ("本月走访覆盖率", "本月走访户数", "户数"),
    ("按期走访率", "按期走访户数", "户数"),
)
# (heading, CountyExtras field): the county's figures beyond the monthly workbook's
EXTRAS = (
    ("已登记收入户数", "income_households"),
    ("已登记收入人数", "income_people"),
    ("登记收入合计（元）", "income_total"),
    ("人均纯收入（元）", "per_capita_income"),
    ("居住证待办人数", "permits_pending"),
    ("按期走访户数", "households_visited_in_interval"),
    ("按期走访率", "visited_in_interval_share"),
)
PER_CAPITA = ("人均纯收入（元）", "登记收入合计（元）", "已登记收入人数")
PERCENT_HEADINGS = frozenset(
    {"劳动力就业率", "有劳动力户中有就业户占比", "本月走访覆盖率", "按期走访率"}
)


def area_sheet(area_zh: str) -> str:
    return f"{area_zh}预警"


def county_tables(
    figures: CountyFigures, county_code: str, month: str, today: datetime.date | None = None
) -> dict[str, pd.DataFrame]:
    """The workbook's tables, keyed by sheet name."""
    import pandas as pd

    from relocdesk.monitoring import AREAS, load

    county = figures.storage.county(county_code)
    members = figures.storage.county_communities(county.id)
    rows: list[dict[str, Any]] = []
    per_area: dict[str, list[dict[str, Any]]] = {a: [] for a in AREAS}
    for m in members:
        frames, extras = figures.month(m["id"], month, today)
        rows.append(_overview_row(m["name"], frames, extras))
        found = frames["预警指标"]
        for area, (zh, _en) in AREAS.items():
            mine = found[found["领域"] == zh]
            per_area[area].append(
                {"社区": m["name"], **{_indicator(r): int(r["预警数"]) for _, r in mine.iterrows()}}
            )
    overview = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["社区"])
    out = {OVERVIEW: _with_total(overview, rates=True)}
    codes = {i.code: i for i in load().indicators}
    for area, (zh, _en) in AREAS.items():
        columns = ["社区", *(f"{c} {i.name_zh}" for c, i in codes.items() if i.area == area)]
        out[area_sheet(zh)] = _with_total(pd.DataFrame(per_area[area], columns=columns))
    return out


def _indicator(row: Any) -> str:
    return f"{row['编码']} {row['指标']}"


def _overview_row(
    name: str, frames: dict[str, pd.DataFrame], extras: CountyExtras
) -> dict[str, Any]:
    from relocdesk.monitoring import AREAS

    row: dict[str, Any] = {"社区": name}
    for _, r in frames["总体情况"].iterrows():
        row[str(r["指标"])] = r["数值"]
    areas = frames["预警分领域"].set_index("领域")["合计"]
    for zh, _en in AREAS.values():
        row[f"{zh}预警"] = int(areas.get(zh, 0))
    for heading, name_ in EXTRAS:
        row[heading] = getattr(extras, name_)
    return row


def _with_total(frame: pd.DataFrame, *, rates: bool = False) -> pd.DataFrame:
    """The frame with a last row of totals: counts summed, rates from the sums."""
    import pandas as pd

    total: dict[str, Any] = {"社区": TOTAL}
    for col in frame.columns[1:]:
        total[col] = frame[col].sum() if len(frame) else 0
    if rates and len(frame):
        for heading, part, whole in RATES:
            total[heading] = round(total[part] / total[whole], 4) if total[whole] else 0.0
        heading, part, whole = PER_CAPITA
        total[heading] = float(round(total[part] / total[whole])) if total[whole] else 0.0
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def write_county_xlsx(
    figures: CountyFigures,
    county_code: str,
    month: str,
    path: str | Path,
    today: datetime.date | None = None,
) -> Path:
    from relocdesk.reports.monthly import as_of
    from relocdesk.reports.sheets import Sheet, write_book

    county = figures.storage.county(county_code)
    first, end = as_of(month, today)
    tables = county_tables(figures, county_code, month, today)

    def percent(_row: int, heading: str) -> bool:
        return heading in PERCENT_HEADINGS

    return write_book(
        path,
        (
            Sheet(
                sheet,
                frame,
                f"{county.name} {first.year}年{first.month}月 {sheet}",
                f"统计截至 {end.isoformat()}　制表：{county.name}　社区 {len(frame) - 1} 个",
                percent,
                "B4",
            )
            for sheet, frame in tables.items()
        ),
    )
