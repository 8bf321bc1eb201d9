"""Value mapping: the words of a coded column the importer did not recognise, and what the
clerk says each one means.

A roster column of a coded field (relation, employment status, a yes/no flag ...) may hold
words no vocabulary table knows (参保了, 打零工). The plan lists them per field with how many
cells hold each (``unrecognised``); the clerk maps each once to one of the field's known
values, and the plan made with that mapping reads the word as that value. The same mapping
comes to the CLI as a JSON file, ``{field: {word: known value}}`` (``parse_value_map``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from relocdesk import vocab
from relocdesk.roster.columns import BY_FIELD

ValueMap = dict[str, dict[str, str]]  # field -> {word as written: known value}

# The codes the rules give a word they do not know (validation.enum, validation.boolean).
UNRECOGNISED_CODES = frozenset({"not_in_list", "not_a_boolean"})
_YES_NO: dict[str, tuple[str, str]] = {"1": ("是", "yes"), "0": ("否", "no")}


class ValueMapError(ValueError):
    """A value map naming a field or a value the import does not know; told in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Unrecognised:
    field: str
    column: str  # the header as written in the file
    value: str  # the cell's text as written
    count: int  # cells holding it

    def json(self) -> dict[str, Any]:
        return {"column": self.column, "value": self.value, "count": self.count}


def mappable(field: str) -> bool:
    """A field whose cells are one of a fixed set of values (a code list or yes/no)."""
    t = BY_FIELD.get(field)
    return t is not None and (t.boolean or t.labels is not None)


def known_values(field: str) -> dict[str, tuple[str, str]]:
    """The values a word of the field may be mapped to: code -> (Chinese, English) label."""
    t = BY_FIELD[field]
    if t.boolean:
        return dict(_YES_NO)
    return {code: pair for code, pair in (t.labels or {}).items() if code}


class _Problem(Protocol):
    # a plan's CellError, named by what is read of it (the plan's module imports this one)
    @property
    def field(self) -> str: ...
    @property
    def column(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def value(self) -> str: ...


def unrecognised(problems: Iterable[_Problem]) -> dict[str, list[Unrecognised]]:
    """Per field, the words its rule refused as unknown (of a plan's row problems), most
    frequent first."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for e in problems:
        if e.code in UNRECOGNISED_CODES and e.value and mappable(e.field):
            counts[(e.field, e.column, e.value)] += 1
    out: dict[str, list[Unrecognised]] = {}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for (f, column, value), n in ranked:
        out.setdefault(f, []).append(Unrecognised(f, column, value, n))
    return out


def lookup(values: Mapping[str, str]) -> dict[str, str]:
    """A field's mapping keyed as the vocabularies key words (width, spaces, case folded)."""
    return {vocab.key(word): known for word, known in values.items()}


def parse_value_map(data: object) -> ValueMap:
    """A value map checked: every field mappable, every target one of its known values."""
    if not isinstance(data, Mapping):
        raise ValueMapError(
            "取值对照应为 {字段: {原值: 标准值}}",
            "the value map should be {field: {value: known value}}",
        )
    out: ValueMap = {}
    for f, words in data.items():
        if not isinstance(f, str) or not mappable(f):
            raise ValueMapError(
                f"取值对照中的字段“{f}”不是可对照的代码字段",
                f"field {f!r} in the value map is not a coded field that can be mapped",
            )
        if not isinstance(words, Mapping):
            raise ValueMapError(
                f"字段“{f}”的取值对照应为 {{原值: 标准值}}",
                f"the value map of field {f!r} should be {{value: known value}}",
            )
        known = known_values(f)
        checked: dict[str, str] = {}
        for word, target in words.items():
            if str(target) not in known:
                allowed = ", ".join(known)
                raise ValueMapError(
                    f"字段“{f}”中“{word}”对照的“{target}”不是已知取值，可选：{allowed}",
                    f"field {f!r}: {word!r} is mapped to {target!r}, which is not a known "
                    f"value; known values: {allowed}",
                )
            checked[str(word)] = str(target)
        if checked:
            out[f] = checked
    return out


def read_value_map(path: str | Path) -> ValueMap:
    """A value map from a JSON file, checked; a file that cannot be read is said plainly."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ValueMapError(
            f"无法读取取值对照文件：{path}", f"cannot read the value map file {path}: {e.strerror}"
        ) from e
    except ValueError as e:
        raise ValueMapError(
            f"取值对照文件不是有效的 JSON：{path}", f"the value map file is not valid JSON: {e}"
        ) from e
    return parse_value_map(data)


def merged(old: Mapping[str, Mapping[str, str]], new: Mapping[str, Mapping[str, str]]) -> ValueMap:
    """Two value maps as one, the new one's words winning."""
    out: ValueMap = {f: dict(words) for f, words in old.items()}
    for f, words in new.items():
        out.setdefault(f, {}).update(words)
    return out
