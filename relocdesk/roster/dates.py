"""Reading the dates offices write: 2020-01-08, 2020/1/8, 2020.1.8, 2020年1月8日, 20200108,
a month (出生年月 2020.01, 202001), and Excel serial day numbers (43838 is 2020-01-08), which a
cell formatted as a date becomes when the sheet is saved as CSV or read as a number."""

from __future__ import annotations

import datetime
import re

from relocdesk.days import day_parts

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
# Serial numbers as CSV text: five digits (1927-05-18 .. 2173-10-14), maybe with '.0'.
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug


def excel_serial(text: str) -> str | None:
    """The ISO day of an Excel serial day number, None when the text is not one."""
    try:
        n = float(text)
    except ValueError:
        return None
    if not 1 <= n < 80000:
        return None
    return (_EXCEL_EPOCH + datetime.timedelta(days=int(n))).isoformat()


def date_text(text: str, numeric: bool = False) -> str:
    """A date cell as 'YYYY-MM-DD', a month as 'YYYY-MM', anything else unchanged (for the
    rule to judge). ``numeric``: the cell was a number in the workbook (a serial day)."""
    s = text.strip()
    if len(s) == 10 and s[4] == "-" == s[7]:
        return s  # written as ISO already, as most are: the rule checks the day
    if s.endswith((".", "。")) and (s[-2:-1].isdigit() or s[-2:-1] == "日"):
        s = s[:-1]  # 2019.05.01. : a full stop typed after the day
    if numeric or _SERIAL_TEXT.match(s):
        serial = excel_serial(s)
        if serial is not None:
            return serial
    day = day_parts(s)
    if day is not None:
        return f"{day[0]}-{day[1]:02d}-{day[2]:02d}"
    m = _MONTH.match(s)
    if m:
        return f"{m[1]}-{int(m[2]):02d}"
    if len(s) == 6 and s.isdigit() and s[:2] in ("19", "20"):
        return f"{s[:4]}-{s[4:]}"
    return s
