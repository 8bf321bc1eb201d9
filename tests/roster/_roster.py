"""Roster files for the tests: real .xlsx / .csv files with valid, computed ID numbers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relocdesk.desk import Desk

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SYNCED = ("building", "household", "person", "audit", "outbox", "search_doc")

HEADERS = [
    "户号",
    "楼栋",
    "单元",
    "房号",
    "姓名",
    "与户主关系",
    "身份证号码",
    "性别",
    "联系电话",
    "就业状态",
    "迁出县",
    "入住日期",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


def id_number(birth: datetime.date, seq: int, region: str = "522731") -> str:
    """A valid 18-character ID number (GB 11643 check character); odd seq = male."""
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def person(n: int, *, relation: str = "户主", household: int | None = None) -> dict[str, str]:
    # Unique for every n below 10 million: the day from n, the sequence from what is left.
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=(n * 7919) % 21900)
    seq = (n // 21900) * 2 + n % 2
    hh = n if household is None else household
    return {
        "户号": f"HH{hh:06d}",
        "楼栋": str(1 + hh % 12),
        "单元": str(1 + hh % 3),
        "房号": f"{1 + hh % 18}0{1 + hh % 4}",
        "姓名": SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[n % len(GIVEN)],
        "与户主关系": relation,
        "身份证号码": id_number(birth, seq),
        "性别": "男" if seq % 2 else "女",
        "联系电话": f"13{n:09d}"[:11],
        "就业状态": "本地就业" if n % 3 else "有就业意愿未就业",
        "迁出县": "惠水县",
        "入住日期": "2019-05-01",
    }


def roster(households: int, start: int = 1) -> list[dict[str, str]]:
    """Households of 1-4 people: a head, then spouse and children."""
    out: list[dict[str, str]] = []
    n = start * 10
    for h in range(start, start + households):
        for k, rel in enumerate(("户主", "配偶", "儿子", "女儿")[: 1 + h % 4]):
            out.append(person(n + k, relation=rel, household=h))
        n += 10
    return out


def write_xlsx(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(list(headers))
    for r in rows:
        sheet.append(list(r))
    book.save(path)
    return path


def write_csv(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8"
) -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        w.writerows(rows)
    return path


def as_rows(people: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> list[list[str]]:
    return [[p.get(h, "") for h in headers] for p in people]


def snapshot(desk: Desk) -> dict[str, Any]:
    """Everything an import could change: row counts, outbox, the clock, a digest of people."""
    out: dict[str, Any] = {
        t: desk.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SYNCED
    }
    out["people"] = desk.conn.execute(
        "SELECT group_concat(id || name || coalesce(id_number, '') || updated_at, ',')"
        " FROM (SELECT * FROM person ORDER BY id)"
    ).fetchone()[0]
    out["households"] = desk.conn.execute(
        "SELECT group_concat(id || household_no || updated_at, ',')"
        " FROM (SELECT * FROM household ORDER BY id)"
    ).fetchone()[0]
    return out
