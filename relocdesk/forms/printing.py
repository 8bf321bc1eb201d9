"""Print forms into one PDF: pick who, load, render, then tell the caller whose data it was.

This module reads the database and never writes it. After a PDF is complete it calls
``record(kind, subject_ids)``: the caller (``Desk``) writes the audit rows and, for
residence-permit applications, moves permit_status 'to_apply' -> 'printed'.
``SUBJECT_TABLE[kind]`` names the table the subject ids belong to; those audit rows are
also how ``subjects`` tells a printed form from a pending one.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relocdesk import masking
from relocdesk.forms import layout, load, subjects
from relocdesk.validation import ValidationError

KINDS = (
    "residence_permit",
    "household_card",
    "referral",
    "visit_record",
    "visit_form",
    "monthly_summary",
)
ALIASES = {
    "visit": "visit_record",
    "monthly": "monthly_summary",
    "permit": "residence_permit",
    "card": "household_card",
    "blank_visit": "visit_form",
}
TITLES = {
    "residence_permit": ("居住证申领登记表", "residence-permit application"),
    "household_card": ("户情卡", "household card"),
    "referral": ("就业推荐表", "employment referral form"),
    "visit_record": ("入户走访记录表", "home-visit record"),
    "visit_form": ("空白入户走访记录表", "blank home-visit form"),
    "monthly_summary": ("月度工作汇总表", "monthly summary"),
}
# Whose personal data each kind prints: the table of the ids given to ``record``. A blank
# visit form carries the members' names and the head's ID number: its subjects are people,
# so printing one never counts as printing the household's card.
SUBJECT_TABLE = {
    "residence_permit": "person",
    "household_card": "household",
    "referral": "referral",
    "visit_record": "visit",
    "visit_form": "person",
    "monthly_summary": "community",
}

Record = Callable[[str, list[str]], None]
_ID_LIKE = re.compile(r"[0-9]{6,17}[0-9Xx]?")


@dataclass(frozen=True)
class PrintResult:
    pages: int
    count: int  # forms printed
    path: Path | None  # None when written to a file object
    kind: str = ""
    subject_table: str = ""
    subject_ids: tuple[str, ...] = field(default=())
    cancelled: bool = False  # nothing was written and nothing recorded
    # Characters of the names printed that no bundled font has: they print as a box, and
    # the clerk should write them in by hand.
    missing: str = ""


def kind_code(kind: str) -> str:
    code = kind.strip().lower().replace("-", "_")
    code = ALIASES.get(code, code)
    if code not in KINDS:
        raise ValidationError(
            "kind",
            "unknown",
            f"没有这种表格：{kind}（可选：{'、'.join(KINDS)}）",
            f"no such form: {kind} (choose from {', '.join(KINDS)})",
        )
    return code


def _nothing(what_zh: str, what_en: str) -> ValidationError:
    return ValidationError(
        "print", "nothing_to_print", f"没有可打印的{what_zh}", f"nothing to print: {what_en}"
    )


def _person(conn: sqlite3.Connection, id_number: str) -> str:
    """The person with this ID number; a clerk who knows only a name may type that."""
    found = subjects.person_ids_by_id_number(conn, id_number)
    named = (
        []
        if found or _ID_LIKE.fullmatch(id_number.strip())
        else (subjects.people_named(conn, id_number))
    )
    if len(named) == 1:
        return named[0][0]
    if named:
        numbers = "、".join(no for _, no in named[:5]) + ("…" if len(named) > 5 else "")
        raise ValidationError(
            "id_number",
            "same_name",
            f"有 {len(named)} 人叫{id_number}（户号 {numbers}），请输入身份证号码",
            f"{len(named)} people are named {id_number} (households {numbers}): type the ID number",
        )
    if not found and _ID_LIKE.fullmatch(id_number.strip()):
        raise ValidationError(
            "id_number",
            "not_found",
            f"找不到身份证号码为 {id_number} 的人员",
            f"no person with ID number {id_number}",
        )
    if not found:
        raise ValidationError(
            "id_number",
            "not_found",
            f"找不到身份证号码或姓名为 {id_number} 的人员",
            f"no person with ID number or name {id_number}",
        )
    return found[0]


def _household(conn: sqlite3.Connection, household_no: str) -> str:
    found = subjects.household_ids_by_number(conn, household_no)
    if not found:
        raise ValidationError(
            "household_no",
            "not_found",
            f"找不到户号 {household_no}",
            f"no household numbered {household_no}",
        )
    return found[0]


def select(
    conn: sqlite3.Connection,
    kind: str,
    *,
    person_id_number: str | None = None,
    household_no: str | None = None,
    all_pending: bool = False,
    today: datetime.date | None = None,
) -> list[str]:
    """The ids of what to print (persons, households, referrals or visits, by kind)."""
    chosen = sum(x is not None and x != "" for x in (person_id_number, household_no)) + all_pending
    if chosen != 1:
        raise ValidationError(
            "print",
            "choose_one",
            "请选择一人（身份证号码）、一户（户号）或全部待打印之一",
            "choose one of: a person (ID number), a household (number) or all pending",
        )
    if all_pending:
        return _all_pending(conn, kind, today)
    person = _person(conn, person_id_number) if person_id_number else None
    household = _household(conn, household_no) if household_no else None
    if person and kind not in ("residence_permit", "referral"):
        household = subjects.household_of_person(conn, person)
    if kind == "residence_permit":
        return [person] if person else subjects.permit_people(conn, str(household))
    if kind == "household_card":
        return [str(household)]
    if kind == "referral":
        people = [person] if person else subjects.household_members(conn, str(household))
        return subjects.referrals_of(conn, people)
    if kind == "visit_record":
        return subjects.recent_visits(conn, str(household), today=today)
    if kind == "visit_form":
        return [str(household)]
    raise _whole_community()


def pending(
    conn: sqlite3.Connection, kind: str, *, today: datetime.date | None = None
) -> list[str]:
    """What "all pending" would print now (empty for the kinds printed on demand only)."""
    code = kind_code(kind)
    if code in ("visit_form", "monthly_summary"):
        return []
    return _all_pending(conn, code, today)


def _all_pending(conn: sqlite3.Connection, kind: str, today: datetime.date | None) -> list[str]:
    if kind == "residence_permit":
        return subjects.pending_permits(conn)
    if kind == "household_card":
        return subjects.pending_cards(conn)
    if kind == "referral":
        return subjects.pending_referrals(conn)
    if kind == "visit_record":
        return subjects.pending_visits(conn, today=today)
    if kind == "visit_form":
        raise ValidationError(
            "print",
            "choose_household",
            "空白走访记录表按户打印，请给出户号或身份证号码",
            "a blank visit form is printed for one household: give its number or an ID number",
        )
    raise _whole_community()


def _whole_community() -> ValidationError:
    return ValidationError(
        "print",
        "whole_community",
        "月度汇总表按月打印，请用“全部”并给出月份",
        "the monthly summary is printed per month: use all pending with a month",
    )


def print_forms(
    conn: sqlite3.Connection,
    kind: str,
    *,
    person_id_number: str | None = None,
    household_no: str | None = None,
    all_pending: bool = False,
    month: str | None = None,
    out: layout.Out,
    progress: layout.Progress | None = None,
    cancel: layout.Cancel | None = None,
    record: Record | None = None,
    today: datetime.date | None = None,
) -> PrintResult:
    """Print one kind of form for a person, a household or everything pending into ``out``.

    ``progress(done, total)`` is called as forms are drawn; ``cancel()`` returning True stops
    the batch, leaves no file behind and records nothing. ``record(kind, subject_ids)`` runs
    once the PDF is complete. ``month`` ('YYYY-MM', default this month) is for the summary.
    """
    code = kind_code(kind)
    today = today or datetime.date.today()
    place = load.community(conn)
    furniture = layout.Furniture(place.name, today.isoformat())
    render: Callable[..., int]
    items: Sequence[Any]
    if code == "monthly_summary":
        if person_id_number or household_no:
            select(conn, code, person_id_number=person_id_number, household_no=household_no)
        from relocdesk.forms import load_monthly, monthly

        wanted = month or today.strftime("%Y-%m")
        try:
            items = [load_monthly.monthly_summary(conn, wanted, today=today)]
        except ValueError as e:
            if isinstance(e, ValidationError) and e.code != "bad_month":
                raise  # a month not started yet says so itself
            raise ValidationError(
                "month",
                "format",
                "月份应写作 YYYY-MM，如 2026-03",
                "month must be YYYY-MM, e.g. 2026-03",
            ) from e
        render, subject_ids = monthly.render, [place.id]
    else:
        ids = select(
            conn,
            code,
            person_id_number=person_id_number,
            household_no=household_no,
            all_pending=all_pending,
            today=today,
        )
        if code == "visit_record" and not ids and not all_pending:
            # No recent visit: a blank form, household filled in, to take to the door.
            code = "visit_form"
            ids = select(conn, code, person_id_number=person_id_number, household_no=household_no)
        items, render, subject_ids = _load(conn, code, ids, place)
        if masking.masks_ids(masking.device_role(conn)):
            items = [masking.masked(i) for i in items]  # a building head's forms too
    if not items:
        raise _nothing(*TITLES[code])
    try:
        pages = render(items, out, furniture=furniture, progress=progress, cancel=cancel)
    except layout.Cancelled:
        return PrintResult(0, 0, _path(out), code, SUBJECT_TABLE[code], (), cancelled=True)
    if record is not None:
        record(code, subject_ids)
    table = SUBJECT_TABLE[code]
    return PrintResult(
        pages, len(items), _path(out), code, table, tuple(subject_ids), missing=_missing(items)
    )


def _missing(items: Sequence[Any]) -> str:
    """The characters of the printed names that no bundled font draws."""
    from relocdesk.forms import fonts

    names = []
    for item in items:
        names += [getattr(item, k, "") or "" for k in ("name", "head_name", "members")]
        if isinstance(getattr(item, "members", None), tuple):
            names += [m.name for m in item.members]
    text = "".join(n for n in names if isinstance(n, str))
    chain = fonts.chain()
    # The common case, every character in the primary font, never reads the fallbacks.
    return "" if chain.covers(text) else chain.missing(text)


def _load(
    conn: sqlite3.Connection, code: str, ids: list[str], place: Any
) -> tuple[Sequence[Any], Callable[..., int], list[str]]:
    """The forms' values, their renderer, and the subject ids the audit rows name."""
    if code == "residence_permit":
        from relocdesk.forms import permit

        permits = load.permit_applications(conn, ids, place)
        return permits, permit.render, [p.person_id for p in permits]
    if code == "household_card":
        from relocdesk.forms import card

        cards = load.household_cards(conn, ids, place)
        return cards, card.render, [c.household_id for c in cards]
    if code == "referral":
        from relocdesk.forms import referral

        forms = load.referral_forms(conn, ids, place)
        return forms, referral.render, [f.referral_id for f in forms]
    from relocdesk.forms import visit

    if code == "visit_form":
        blank = load.blank_visit_record(conn, ids[0], place)
        people = subjects.household_members(conn, ids[0]) if blank else []
        return ([blank] if blank else []), visit.render, people
    records = load.visit_records(conn, ids, place)
    return records, visit.render, [r.visit_id for r in records]


def _path(out: layout.Out) -> Path | None:
    return Path(out) if isinstance(out, str | Path) else None
