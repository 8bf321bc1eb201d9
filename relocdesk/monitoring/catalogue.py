"""The indicator catalogue: data in ``resources/indicators.json``, checked when it is loaded.

A bad file fails at once with the indicator and the field named, in Chinese and English,
so a county office editing thresholds learns what to fix instead of meeting a traceback.
"""

from __future__ import annotations

import json
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from relocdesk.monitoring import more_evaluators  # noqa: F401  (registers its evaluators)
from relocdesk.monitoring.evaluators import EVALUATORS, Evaluator
from relocdesk.validation import ValidationError

AREAS: dict[str, tuple[str, str]] = {
    "housing": ("住房", "housing"),
    "employment": ("就业", "employment"),
    "schooling": ("就学", "schooling"),
    "medical": ("就医", "medical care"),
    "social_security": ("社会保障", "social security"),
    "income": ("收入", "income"),
    "integration": ("社区融入", "community integration"),
    "facilities": ("公共服务配套", "public facilities"),
}
LEVELS: dict[str, tuple[str, str]] = {"red": ("红色", "red"), "yellow": ("黄色", "yellow")}
RESPONSIBLE: dict[str, tuple[str, str]] = {
    "building_head": ("楼栋长", "building head"),
    "secretary": ("社区书记/网格员", "community secretary"),
    "clerk": ("办事员", "clerk"),
}
SUBJECTS = ("household", "person", "referral", "need", "facility")
# "{members_s}" in an English explanation is "s" unless members is 1: "1 member", "3 members".
PLURAL = "_s"
_REQUIRED = (
    "code",
    "area",
    "level",
    "subject",
    "name_zh",
    "name_en",
    "evaluator",
    "responsible",
    "explain_zh",
    "explain_en",
)


@dataclass(frozen=True)
class Indicator:
    code: str
    area: str
    level: str
    subject: str
    name_zh: str
    name_en: str
    evaluator: str
    responsible: str
    explain_zh: str
    explain_en: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # param name -> desk setting that overrides it when set (the income line)
    settings: Mapping[str, str] = field(default_factory=dict)
    # days a need handed over from one of its warnings has to be handled; None: the
    # catalogue's default for the level
    due_days: int | None = None


# A need handed over from a red warning is due within a week, from a yellow one within a month,
# unless the catalogue or the indicator says otherwise.
DUE_DAYS = {"red": 7, "yellow": 30}


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[Indicator, ...]
    ack_days: int = 30
    due_days: Mapping[str, int] = field(default_factory=lambda: dict(DUE_DAYS))

    def get(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def days_to_handle(self, ind: Indicator) -> int:
        """Days from hand-over to the need's due date for a warning of ``ind``."""
        if ind.due_days is not None:
            return ind.due_days
        return int(self.due_days.get(ind.level, DUE_DAYS[ind.level]))


def default_path() -> Path:
    """resources/indicators.json beside the package, or inside a frozen (PyInstaller) build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "indicators.json"
    return Path(__file__).resolve().parents[2] / "resources" / "indicators.json"


def _bad(where: str, field_name: str, zh: str, en: str) -> ValidationError:
    return ValidationError(
        f"{where}.{field_name}",
        "bad_catalogue",
        f"指标 {where} 的 {field_name}：{zh}",
        f"indicator {where}, {field_name}: {en}",
    )


def _template_fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def parse(data: Any) -> Catalogue:
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise ValidationError(
            "indicators",
            "bad_catalogue",
            "指标目录应含 indicators 列表",
            "the catalogue needs an indicators list",
        )
    seen: set[str] = set()
    out = [_indicator(n, raw, seen) for n, raw in enumerate(data["indicators"], 1)]
    ack_days = data.get("ack_days", 30)
    if not isinstance(ack_days, int) or ack_days < 1:
        raise ValidationError(
            "ack_days",
            "bad_catalogue",
            "ack_days 应为正整数",
            "ack_days must be a positive whole number",
        )
    due_days = data.get("due_days", DUE_DAYS)
    if (
        not isinstance(due_days, dict)
        or set(due_days) - set(LEVELS)
        or not all(_positive(v) for v in due_days.values())
    ):
        raise ValidationError(
            "due_days",
            "bad_catalogue",
            "due_days 应为各等级对应的正整数天数",
            "due_days must give a positive whole number of days per level",
        )
    return Catalogue(tuple(out), ack_days, {**DUE_DAYS, **due_days})


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _indicator(n: int, raw: Any, seen: set[str]) -> Indicator:
    """The ``n``-th entry checked, in the order a county office would fix its faults."""
    where = str(raw.get("code") or f"#{n}") if isinstance(raw, dict) else f"#{n}"
    if not isinstance(raw, dict):
        raise _bad(where, "indicator", "应为对象", "must be an object")
    _check_names(where, raw, seen)
    evaluator = _evaluator(where, raw)
    params = _params(where, raw, evaluator)
    settings = raw.get("settings", {})
    if not isinstance(settings, dict) or set(settings) - set(params):
        raise _bad(where, "settings", "只能覆盖已有阈值", "may only name thresholds in params")
    _check_templates(where, raw, set(evaluator.all_facts()) | set(params))
    return Indicator(
        code=raw["code"],
        area=raw["area"],
        level=raw["level"],
        subject=raw["subject"],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        evaluator=raw["evaluator"],
        responsible=raw["responsible"],
        explain_zh=raw["explain_zh"],
        explain_en=raw["explain_en"],
        params=dict(params),
        settings=dict(settings),
        due_days=_due_days(where, raw),
    )


def _due_days(where: str, raw: dict[str, Any]) -> int | None:
    value = raw.get("due_days")
    if value is None:
        return None
    if not _positive(value):
        raise _bad(where, "due_days", "应为正整数天数", "must be a positive whole number of days")
    return int(value)


def _check_names(where: str, raw: dict[str, Any], seen: set[str]) -> None:
    """Every text field present, the code new and short, the coded fields known."""
    for name in _REQUIRED:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _bad(where, name, "缺少或为空", "missing or empty")
    if raw["code"] in seen:
        raise _bad(where, "code", "指标编码重复", "duplicate code")
    seen.add(raw["code"])
    if len(raw["code"]) > 40:
        raise _bad(where, "code", "编码不能超过 40 个字符", "longer than 40 characters")
    for name, allowed in (
        ("area", AREAS),
        ("level", LEVELS),
        ("responsible", RESPONSIBLE),
        ("subject", SUBJECTS),
    ):
        if raw[name] not in allowed:
            raise _bad(
                where,
                name,
                f"应为 {'/'.join(allowed)} 之一",
                f"must be one of {', '.join(allowed)}",
            )


def _evaluator(where: str, raw: dict[str, Any]) -> Evaluator:
    evaluator = EVALUATORS.get(raw["evaluator"])
    if evaluator is None:
        raise _bad(
            where,
            "evaluator",
            f"没有名为 {raw['evaluator']} 的算法",
            f"no evaluator named {raw['evaluator']}",
        )
    if evaluator.subject != raw["subject"]:
        raise _bad(
            where,
            "subject",
            f"算法 {evaluator.name} 的对象是 {evaluator.subject}",
            f"evaluator {evaluator.name} reports a {evaluator.subject}",
        )
    return evaluator


def _params(where: str, raw: dict[str, Any], evaluator: Evaluator) -> dict[str, Any]:
    """The thresholds: exactly the evaluator's, text or a number not below zero."""
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise _bad(where, "params", "应为对象", "must be an object")
    for name in evaluator.params:
        if name not in params:
            raise _bad(where, f"params.{name}", "缺少阈值", "threshold missing")
        want_text = name in evaluator.text_params
        value = params[name]
        if want_text != isinstance(value, str) or isinstance(value, bool):
            raise _bad(where, f"params.{name}", "类型不对", "wrong type")
        if not want_text and value < 0:
            raise _bad(where, f"params.{name}", "不能为负数", "must not be negative")
    if set(params) - set(evaluator.params):
        extra = ", ".join(sorted(set(params) - set(evaluator.params)))
        raise _bad(where, "params", f"多余的阈值 {extra}", f"unknown thresholds {extra}")
    return params


def _check_templates(where: str, raw: dict[str, Any], known: set[str]) -> None:
    """The explanations name only facts the evaluator finds or thresholds it takes."""
    known |= {f"{name}{PLURAL}" for name in known}
    for name in ("explain_zh", "explain_en"):
        unknown = _template_fields(raw[name]) - known
        if unknown:
            raise _bad(
                where,
                name,
                f"未知的事实 {', '.join(sorted(unknown))}",
                f"unknown facts {', '.join(sorted(unknown))}",
            )


def load(path: str | Path | None = None) -> Catalogue:
    """The catalogue at ``path`` (default: the one shipped in resources/)."""
    return _load(str(path or default_path()))


@lru_cache(maxsize=8)
def _load(path: str) -> Catalogue:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ValidationError(
            "indicators", "unreadable", f"无法读取指标目录：{e}", f"cannot read the catalogue: {e}"
        ) from e
    except json.JSONDecodeError as e:
        raise ValidationError(
            "indicators",
            "bad_json",
            f"指标目录第 {e.lineno} 行格式错误",
            f"the catalogue is not valid JSON at line {e.lineno}",
        ) from e
    return parse(data)
