"""The ways offices write a day, read once for the dialogs (``validation.date``) and for the
roster import (``roster.dates``): a clerk typing 2020. 1. 8 in a dialog gets the day the
roster import reads from the same text, not a refusal."""

from __future__ import annotations

import re

# 2020-01-08, 2020/1/8, 2020.1.8, 2020 . 1 . 8, 2020-1/8, 2020年1月8日 and 2020年1月8号, maybe
# with the time a spreadsheet writes after the day (2020-01-08 00:00:00, 2020-01-08T10:30).
_DAY = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日号]?(?:[ T][0-9:.]*)?"
)


def day_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as written, not yet checked to be a real day; None for text in no
    form of a day. Digits are ASCII: full-width ones are the caller's to make half-width."""
    s = text.strip()
    if s.endswith((".", "。")) and (s[-2:-1].isdigit() or s[-2:-1] == "日"):
        s = s[:-1]  # 2019.05.01. : a full stop typed after the day
    if len(s) == 8 and s.isascii() and s.isdigit():
        return int(s[:4]), int(s[4:6]), int(s[6:])
    found = _DAY.fullmatch(s)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None
