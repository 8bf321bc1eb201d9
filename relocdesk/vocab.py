"""The code tables and words community offices use, read from ``resources/vocab/*.csv``.

Each coded field has a table of the words a roster may hold (GB/T 4761 relation codes and
names, GB 3304 ethnicities, GB/T 4658 education, the registration system's employment and
labour words, yes/no marks) and the value the app stores for each. A word may also say
something of another field (县外务工: the work is outside the county); that is its ``also``.
The tables are data: a new word is a line in a file, not a branch in code.
"""

from __future__ import annotations

import csv
import functools
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from relocdesk.typed import visible

# Fields whose words are looked up in resources/vocab/<field>.csv (word, value, also).
WORD_TABLES: Final[tuple[str, ...]] = (
    "gender",
    "employment_status",
    "labour_capacity",
    "education",
    "work_place",
    "dibao",
    "school_status",
    "registration_status",
    "result",
    "monitor_type",
    "monitor_risk",
    "housing_safety",
    "water_safety",
)
# A field whose table is named otherwise: the training's result (结业情况).
_FILES: Final[dict[str, str]] = {"result": "training_result"}


@dataclass(frozen=True)
class Word:
    value: str | None  # what the field stores; None when the word only speaks of others
    also: tuple[tuple[str, str], ...] = ()  # (field, value) the word implies elsewhere


def vocab_dir() -> Path:
    """resources/vocab beside the package, or inside a frozen (PyInstaller) build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "vocab"
    return Path(__file__).resolve().parents[1] / "resources" / "vocab"


def key(text: str) -> str:
    """A word as looked up: full-width folded (（有意愿） = (有意愿)), spaces gone, lower case."""
    return "".join(unicodedata.normalize("NFKC", visible(text)).split()).lower()


def table(name: str) -> list[dict[str, str]]:
    """The rows of resources/vocab/<name>.csv, without its comment lines."""
    return _rows(name)


def _rows(name: str) -> list[dict[str, str]]:
    path = vocab_dir() / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _also(text: str) -> tuple[tuple[str, str], ...]:
    pairs = [p.split("=", 1) for p in text.split(";") if p.strip()]
    return tuple((f.strip(), v.strip()) for f, v in pairs)


@functools.cache
def words(field: str) -> dict[str, Word]:
    """The words of a coded field, by ``key``; {} for a field without a table."""
    if field == "relation":
        return relation_words()
    if field not in WORD_TABLES:
        return {}
    out: dict[str, Word] = {}
    for r in _rows(_FILES.get(field, field)):
        out.setdefault(key(r["word"]), Word(r["value"] or None, _also(r.get("also") or "")))
    return out


@functools.cache
def relation_words() -> dict[str, Word]:
    """GB/T 4761 codes (01, and 1 as Excel keeps it) and names, and the collective words."""
    out: dict[str, Word] = {}
    for r in _rows("relation"):
        word = Word(r["value"])
        out.setdefault(key(r["word"]), word)
        code = r["code"]
        if code:
            out.setdefault(code, word)
            out.setdefault(code.lstrip("0"), word)  # a code column Excel made a number
    # names of the table like 孙子、孙女或外孙子、外孙女 also come with a comma or slash
    for k, w in list(out.items()):
        for sep in ("、", "或"):
            if sep in k:
                out.setdefault(k.replace(sep, "/"), w)
    return out


@functools.cache
def gendered() -> dict[str, tuple[str, str]]:
    """Collective relation -> (the male one, the female one): child -> (son, daughter)."""
    return {r["collective"]: (r["male"], r["female"]) for r in _rows("gendered")}


@functools.cache
def ethnicities() -> dict[str, str]:
    """GB 3304: code (01 and 1), name and name without 族 -> the full name the app stores."""
    out: dict[str, str] = {}
    for r in _rows("ethnicity"):
        name = r["name"]
        for k in (r["code"], r["code"].lstrip("0"), name, name.removesuffix("族")):
            out.setdefault(key(k), name)
    return out


@functools.cache
def yes_no() -> dict[str, int]:
    """The yes/no words and marks: 是/否, 有/无, √/×, Y/N, 1/0 ... -> 1 or 0."""
    return {key(r["word"]): int(r["value"]) for r in _rows("yes_no")}


@functools.cache
def blank_words() -> frozenset[str]:
    """What a cell says to mean it is blank (无, 暂无, /, —, 不详 …), by ``key``."""
    return frozenset(key(r["word"]) for r in _rows("blank_words"))


@functools.cache
def questions() -> dict[str, tuple[str, str | None, str | None]]:
    """是否X columns (yes_no_columns.csv): header as written -> (field, the value a yes gives,
    the value a no gives); None where the answer alone cannot say."""
    return {
        r["header"]: (r["field"], r["yes"] or None, r["no"] or None)
        for r in _rows("yes_no_columns")
    }
