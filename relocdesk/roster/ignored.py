"""The columns of a file the import does not keep, each with the reason, for the report:
nothing in a roster is left out without saying so."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from relocdesk import vocab
from relocdesk.roster.columns import BY_FIELD, header_field, normalize_header

# why a column is not imported: (zh, en)
REASONS: dict[str, tuple[str, str]] = {
    "sequence": ("序号列，导入时不需要", "a row number, not needed"),
    "derived": ("由身份证号码或各成员推算，不单独导入", "computed from the ID numbers or members"),
    "income_sum": (
        "由工资性、生产经营性、转移性、财产性四项收入相加得出，请分项填写，不单独导入",
        "the sum of the four kinds of income (wages, business, transfers, property): "
        "give them one by one; not imported on its own",
    ),
    "duplicate": (
        "与另一列对应同一项，只导入第一列",
        "maps to the same field as an earlier column",
    ),
    "no_header": ("没有列名", "the column has no header"),
    "head_row": ("户主本人一行已有，不单独导入", "the head's own row gives it"),
    "unknown": (
        "列名未能识别，可在“对应列”一步中手动指定",
        "header not recognised; map it by hand",
    ),
    "not_mapped": ("已设为不导入", "set to 'not imported'"),
    "member_status": (
        "已故、迁出或注销的成员按此列跳过，此列不单独导入",
        "members who died, moved away or were struck off are skipped by it; not imported itself",
    ),
}


@dataclass(frozen=True)
class IgnoredColumn:
    column: str  # the header as written
    reason: str  # a key of REASONS

    def json(self) -> dict[str, str]:
        zh, en = REASONS[self.reason]
        return {"column": self.column, "reason": self.reason, "zh": zh, "en": en}


@functools.cache
def _known_reasons() -> dict[str, str]:
    return {normalize_header(r["header"]): r["reason"] for r in vocab.table("ignored_headers")}


def ignored_columns(
    headers: Sequence[str], mapping: Mapping[int, str | None]
) -> list[IgnoredColumn]:
    """Every column not mapped to a field, with why."""
    out: list[IgnoredColumn] = []
    mapped = {f for f in mapping.values() if f}
    for i, header in enumerate(headers):
        if mapping.get(i) in BY_FIELD:
            continue
        field = header_field(header)
        if header.startswith("列") and header[1:].isdigit():
            reason = "no_header"  # read.py names a column without a header 列N
        elif (known := _known_reasons().get(normalize_header(header))) is not None:
            reason = known
        elif field is not None and field in mapped:
            reason = "duplicate"
        elif field is not None:
            reason = "not_mapped"
        else:
            reason = "unknown"
        out.append(IgnoredColumn(header, reason))
    return out
