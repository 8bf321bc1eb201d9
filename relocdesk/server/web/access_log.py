"""The county's access log ("查看记录"): the audit rows its communities' devices synced —
who opened, revealed, printed or exported whose data, and when — filtered by community,
staff person, kind and days, newest first, a page at a time.

The rows are read where sync left them (``rd_row``, their fields as JSON text), filtered in
the database with its own JSON functions, so a page costs one page of rows whatever the
county holds. Each row names its household and person (``relocdesk.audit``); rows written
before devices named them are resolved from their subject, as the device's own trail does.
Only the household's number, the person's name and a masked ID number are shown. Opening
the page is itself audited (``rd_web_audit``), as every list of households on the dashboard.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relocdesk import enums
from relocdesk.validation import mask_id_number

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

    from relocdesk.server.storage import Storage

PER_PAGE = 50
_ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b")  # a detail never shows a full ID number


@dataclass(frozen=True)
class Filters:
    community_id: str = ""  # "" is every community of the county
    actor: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None

    def described(self) -> str:
        """What the dashboard's own audit row says was asked."""
        parts = [f"{k}={v}" for k, v in vars(self).items() if v]
        return "access_log " + " ".join(parts)


@dataclass(frozen=True)
class Entry:
    at: str
    community: str
    actor: str
    action: str
    household_no: str
    person: str
    id_masked: str
    detail: str


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    total: int
    page: int
    pages: int
    actors: list[str]  # the staff the county's trail names, for the filter


def _field(storage: Storage, name: str) -> ColumnElement[Any]:
    """One field of a synced row's JSON, as text, in the database's own dialect."""
    from sqlalchemy import JSON, cast, func

    data = storage.t_row.c.data
    if storage.is_postgres:
        return func.json_extract_path_text(cast(data, JSON), name)
    return func.json_extract(data, f"$.{name}")


def read(storage: Storage, communities: dict[str, str], f: Filters, page: int, lang: str) -> Page:
    """The ``page``-th page of the audit rows of ``communities`` (id -> name) under ``f``."""
    from sqlalchemy import func, select

    r = storage.t_row
    wanted = [f.community_id] if f.community_id else list(communities)
    at, actor, action = (_field(storage, n) for n in ("at", "actor", "action"))
    where = [r.c.tbl == "audit", r.c.community_id.in_(wanted), r.c.deleted == 0]
    if f.actor:
        where.append(actor == f.actor)
    if f.action:
        where.append(action == f.action)
    if f.since:
        where.append(at >= f.since.isoformat())
    # 'at' has a time: before the next day; the calendar's last day has none, nor a limit
    if f.until and f.until < datetime.date.max:
        where.append(at < (f.until + datetime.timedelta(days=1)).isoformat())
    with storage.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(r).where(*where)).scalar_one())
        pages = max(1, -(-total // PER_PAGE))
        page = min(max(1, page), pages)
        rows = conn.execute(
            select(r.c.community_id, r.c.data)
            .where(*where)
            .order_by(at.desc(), r.c.seq.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        ).all()
        actors = conn.execute(
            select(actor)
            .distinct()
            .where(r.c.tbl == "audit", r.c.community_id.in_(list(communities)))
            .order_by(actor)
        ).scalars()
        names = sorted(a for a in actors if a)
        entries = _entries(conn, storage, [(c, _json(d)) for c, d in rows], communities, lang)
    return Page(entries, total, page, pages, names)


def _json(text: str) -> dict[str, Any]:
    import orjson

    found: dict[str, Any] = orjson.loads(text)
    return found


def _records(
    conn: Connection, storage: Storage, table: str, ids: set[str], communities: list[str]
) -> dict[str, dict[str, Any]]:
    """Rows of ``table`` by id, of the county's communities only: an audit row cannot make
    the page show another county's household, whatever id a device wrote in it."""
    from sqlalchemy import select

    if not ids:
        return {}
    r = storage.t_row
    rows = conn.execute(
        select(r.c.row_id, r.c.data).where(
            r.c.tbl == table, r.c.row_id.in_(sorted(ids)), r.c.community_id.in_(communities)
        )
    ).all()
    return {row_id: _json(data) for row_id, data in rows}


def _entries(
    conn: Connection,
    storage: Storage,
    rows: list[tuple[str, dict[str, Any]]],
    communities: dict[str, str],
    lang: str,
) -> list[Entry]:
    """The page's rows with the household's number and the person's name and masked ID."""
    whose = [_whose(d) for _, d in rows]
    mine = list(communities)
    people = _records(conn, storage, "person", {p for _, p in whose if p}, mine)
    homes = {h for h, _ in whose if h} | {
        str(p.get("household_id")) for p in people.values() if p.get("household_id")
    }
    households = _records(conn, storage, "household", homes, mine)
    out = []
    for (community_id, d), (household_id, person_id) in zip(rows, whose, strict=True):
        person = people.get(person_id or "", {})
        household_id = household_id or person.get("household_id")
        household = households.get(household_id or "", {})
        out.append(
            Entry(
                at=str(d.get("at") or "").replace("T", " "),
                community=communities.get(community_id, community_id),
                actor=str(d.get("actor") or ""),
                action=enums.label(enums.AUDIT_ACTION, d.get("action"), lang),
                household_no=str(household.get("household_no") or ""),
                person=str(person.get("name") or ""),
                id_masked=mask_id_number(person.get("id_number")),
                detail=_ID_NUMBER.sub(lambda m: mask_id_number(m.group()), d.get("detail") or ""),
            )
        )
    return out


def _whose(d: dict[str, Any]) -> tuple[str | None, str | None]:
    """(household id, person id) of an audit row: its own, or its subject's."""
    household, person = d.get("household_id"), d.get("person_id")
    table, subject = d.get("subject_table"), d.get("subject_id")
    if not household and table == "household":
        household = subject
    if not person and table == "person":
        person = subject
    return household, person
