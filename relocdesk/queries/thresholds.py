"""The thresholds the county published, as the Settings page shows them: which indicator
parameter, the value that applies (the county's), and the catalogue's own value."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class CountyThreshold:
    key: str  # "INC-01.line", or a setting name several share ("income_line")
    label_zh: str
    label_en: str
    value: str  # the county's, which applies
    default: str  # the catalogue's


def county_thresholds(conn: sqlite3.Connection) -> list[CountyThreshold]:
    from relocdesk.monitoring import load

    try:
        published = dict(conn.execute("SELECT key, value FROM county_param ORDER BY key"))
    except sqlite3.OperationalError:  # a database before store migration 0010
        return []
    names: dict[str, tuple[str, str, str]] = {}
    for ind in load().indicators:
        for param, value in ind.params.items():
            names[f"{ind.code}.{param}"] = (
                f"{ind.code} {ind.name_zh} · {_PARAM_ZH.get(param, param)}",
                f"{ind.code} {ind.name_en} · {param}",
                f"{value:g}" if isinstance(value, int | float) else str(value),
            )
        for param, setting in ind.settings.items():
            value = ind.params[param]
            names.setdefault(
                setting,
                (
                    _SETTING_NAMES.get(setting, (setting, setting))[0],
                    _SETTING_NAMES.get(setting, (setting, setting))[1],
                    f"{value:g}",
                ),
            )
    out = []
    for key, value in published.items():
        zh, en, default = names.get(key, (key, key, ""))
        out.append(CountyThreshold(str(key), zh, en, str(value), default))
    return out


_SETTING_NAMES = {
    "income_line": ("收入监测线（元/人·年）", "income monitoring line (yuan per person per year)")
}
# the catalogue's parameter names, as a Chinese screen says them
_PARAM_ZH = {
    "days": "天数",
    "line": "监测线（元）",
    "min_age": "最小年龄",
    "max_age": "最大年龄",
    "min_referrals": "最少推荐次数",
    "min_declined": "最少拒绝次数",
    "dibao_line": "低保标准（元）",
    "drop_percent": "降幅（%）",
    "margin_percent": "接近幅度（%）",
    "max_years_old": "最多相隔年数",
}
