"""The search index behind the one search box: names, pinyin, initials, ID, phone, room.

Most Chinese names are 2-3 characters, and FTS5's trigram tokenizer cannot match queries
shorter than three, so names are indexed by a ``unicode61`` table with a space between
characters and queried as a phrase ("张 三"): every 1-, 2- and 3-character substring is a
phrase of consecutive tokens. Pinyin is indexed as whole-name tokens (``zhangsan``),
initials (``zs``) and syllables, queried by prefix. Digits (ID numbers, phones, room keys
like ``3-2-501``) go in a trigram table: a fragment of three or more characters matches.

The index is derived data: ``refresh`` keeps it right after each write, ``rebuild`` after
bulk loads and migrations. What the person types is looked up by ``search_query``.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from relocdesk.validation import mask_id_number

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile(r"^[a-zA-Z]+$")
# ID numbers, phones, household numbers and rooms: digits, maybe letters and dashes.
_DIGITS = re.compile(r"^(?=.*[0-9])[0-9a-zA-Z\-]+$")
# 3-2-501, 3栋2单元501室, 3号楼2单元501: building, unit, room.
_ROOM_DASHED = re.compile(r"([0-9A-Za-z]{1,20})-([0-9]{1,2})-([0-9A-Za-z]{1,10})")
_ROOM_WORDS = re.compile(
    r"([0-9A-Za-z]{1,20})\s*(?:栋|幢|号楼|号)\s*([0-9]{1,2})\s*单元\s*([0-9A-Za-z]{1,10})\s*(?:室|号)?"
)
# What people type between the parts of a phone number or a pinyin name.
_SEPARATORS = re.compile(r"[\s'’·.()]+")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # 'person' or 'household'
    id: str
    household_id: str
    title: str  # the person's name, or the household's room and head
    detail: str  # masked ID, room, phone: enough to tell two 张伟 apart


def create(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS search_doc ("
        " rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref_id TEXT NOT NULL UNIQUE)"
    )
    create_text_indexes(conn)


def create_text_indexes(conn: sqlite3.Connection) -> None:
    """The two full-text tables. ``columnsize=0``: nothing here ranks by bm25, so FTS5 keeps
    no table of each entry's token counts (one more row written per person and household)."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_name USING fts5("
        " chars, pinyin, tokenize = 'unicode61 remove_diacritics 0', columnsize = 0)"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_digits USING fts5("
        " digits, tokenize = 'trigram case_sensitive 0', columnsize = 0)"
    )
    for t in TEXT_TABLES:
        conn.execute(f"INSERT INTO {t} ({t}, rank) VALUES ('pgsz', ?)", (BLOCK_BYTES,))


TEXT_TABLES = ("search_name", "search_digits")
# The most FTS5 puts in one block of its index (default 4050). A block is a row of a
# ``*_data`` table, and an encrypted page keeps 48 of its 4096 bytes for its IV and HMAC: a
# row of more than 4013 bytes spills into an overflow page, so at the default every block
# read was two pages to decrypt. A block may run a few bytes past this (FTS5 finishes the
# entry it is writing); the test of this constant checks the largest fits.
BLOCK_BYTES = 3900


@lru_cache(maxsize=65536)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    got = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return got[0].lower() if got else ""


def pinyin_tokens(name: str) -> str:
    """'张三' -> 'zhangsan zs zhang san' (whole, initials, syllables)."""
    syllables = [p for p in map(_char_pinyin, _CJK.findall(name)) if p]
    if not syllables:
        return ""
    return " ".join(["".join(syllables), "".join(s[0] for s in syllables), *syllables])


def spaced(text: str) -> str:
    return " ".join("".join(text.split()))


def room_key(building: str | None, unit: object, room: str | None) -> str:
    return "-".join(str(p) for p in (building, unit, room) if p not in (None, ""))


def spoken(building: object, unit: object, room: object) -> str:
    """Where a household lives as people write it: '3栋2单元501室'; only the parts known
    ('3栋' for a household whose building alone the roster named)."""
    parts = ((building, "栋"), (unit, "单元"), (room, "室"))
    texts = ((("" if v is None else str(v).strip()), word) for v, word in parts)
    return "".join(text + word for text, word in texts if text)


def parse_room(text: str) -> tuple[str, int, str] | None:
    """(building, unit, room) from 3-2-501 or 3栋2单元501室; None when it is not a room."""
    q = unicodedata.normalize("NFKC", text).strip()
    found = _ROOM_DASHED.fullmatch(q) or _ROOM_WORDS.fullmatch(q)
    if found is None or not 1 <= int(found[2]) <= 50:  # a unit number, not a phone's middle
        return None
    return found[1], int(found[2]), found[3]


_NOT_DIGIT = re.compile(r"[^0-9]")


def _phone_variants(phone: str | None) -> list[str]:
    """The phone as stored (0854-8654321) and as digits only, so either way of typing finds it."""
    if not phone:
        return []
    if phone.isascii() and phone.isdigit():  # most are mobiles: nothing to strip
        return [phone]
    bare = _NOT_DIGIT.sub("", phone)
    return [phone] if bare == phone else [phone, bare]


_PERSON_SQL = (
    "SELECT p.id, p.name, p.id_number, p.phone, p.deleted FROM person p WHERE p.id IN ({})"
)
# Where each query above has its deleted flag.
_DELETED = {"person": 4, "household": 5}
_HOUSEHOLD_SQL = (
    "SELECT h.id, h.household_no, h.phone, h.unit, h.room, h.deleted, b.number AS building"
    " FROM household h LEFT JOIN building b ON b.id = h.building_id WHERE h.id IN ({})"
)


def refresh(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> None:
    """Re-index the given persons or households (or a building's households).

    An entry keeps its rowid, and only the tables whose text changed are written: an edit of
    a phone rewrites the digits entry alone, an edit of nothing searched writes nothing. Each
    page a save writes is encrypted and authenticated (``relocdesk.store.cipher``), and a
    delete and insert in all three tables wrote about twice the pages of the edit itself.
    """
    id_list = list(ids)
    if not id_list:
        return
    if table == "building":
        marks = ",".join("?" * len(id_list))
        id_list = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM household WHERE building_id IN ({marks})", id_list
            )
        ]
        table = "household"
    if table not in ("person", "household"):
        return
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        marks = ",".join("?" * len(chunk))
        docs = {
            r[0]: r[1]
            for r in conn.execute(
                f"SELECT ref_id, rowid FROM search_doc WHERE ref_id IN ({marks})", chunk
            )
        }
        sql = _PERSON_SQL if table == "person" else _HOUSEHOLD_SQL
        live = {r[0]: r for r in conn.execute(sql.format(marks), chunk) if not r[_DELETED[table]]}
        gone = [rowid for ref, rowid in docs.items() if ref not in live]
        if gone:
            omarks = ",".join("?" * len(gone))
            for t in ("search_name", "search_digits", "search_doc"):
                conn.execute(f"DELETE FROM {t} WHERE rowid IN ({omarks})", gone)
        _index(conn, table, [row for ref, row in live.items() if ref not in docs])
        _update(conn, table, {docs[ref]: row for ref, row in live.items() if ref in docs})
        if live and table == "person":
            chunk = _may_show_anew(conn, marks, chunk, docs)
            live = {ref: row for ref, row in live.items() if ref in chunk}
            marks = ",".join("?" * len(chunk))
        if live:
            _show(conn, _showing(table, marks, len(live)), [*live, *chunk], checked=True)


def _may_show_anew(
    conn: sqlite3.Connection, marks: str, ids: list[str], docs: dict[str, int]
) -> list[str]:
    """The persons of ``ids`` whose hit, or whose household's, may show something new: all
    but those already indexed whose name, household and masked ID are what their hit shows
    (a phone edit). A hit's room is its household's, shown anew when that changes; reading
    every household and head again for each phone edit was a third of a pulled edit's cost."""
    settled = {
        r[0]
        for r in conn.execute(
            "SELECT p.id, p.name, d.title, p.household_id, d.household_id, p.id_number, d.detail"
            f" FROM person p JOIN search_doc d ON d.ref_id = p.id WHERE p.id IN ({marks})",
            ids,
        )
        if r[0] in docs and r[1] == r[2] and r[3] == r[4] and _shows_id(r[6], r[5])
    }
    return [i for i in ids if i not in settled]


def _shows_id(detail: str | None, id_number: str | None) -> bool:
    masked = mask_id_number(id_number)
    return bool(masked and detail) and (detail == masked or str(detail).endswith(" " + masked))


def rebuild(conn: sqlite3.Connection) -> None:
    for t in ("search_name", "search_digits", "search_doc"):
        conn.execute(f"DELETE FROM {t}")
    # What each hit shows is worked out here from a map of the households (their room and
    # head's name), not joined back per entry (``_show``): a first download of 140,000 rows
    # spent half of its search time in that join. In chunks, so a county-sized database
    # is indexed in bounded memory; in the order of what is searched (_CLUSTERED), so the
    # entries a query finds lie together.
    homes = _homes(conn)
    for kind, sql in (
        ("person", _PERSON_SQL.replace("p.id IN ({})", "p.deleted = 0 ORDER BY p.name")),
        (
            "household",
            _HOUSEHOLD_SQL.replace(
                "h.id IN ({})", "h.deleted = 0 ORDER BY b.number, h.unit, h.room"
            ),
        ),
    ):
        cur = conn.cursor()
        cur.row_factory = None  # plain tuples: _index reads the columns by position
        cur.execute(sql.replace(" FROM ", f", {_HOME[kind]} FROM ", 1))
        while chunk := cur.fetchmany(20_000):
            shown = {r[0]: _shown_from(kind, r, homes) for r in chunk}
            _index(conn, kind, [r[:-1] for r in chunk], shown)
    optimize(conn)


# The column a rebuild reads beside an entry's own to find what it shows: its household.
_HOME = {"person": "p.household_id", "household": "h.id"}
# A household as its hits and its people's show it: (household id, number, room, head's name).
Home = tuple[str, Any, str, Any]


def _homes(conn: sqlite3.Connection) -> dict[str, Home]:
    """Every household, deleted ones too (a person's hit shows the household it names
    whatever its state, as ``_SHOW_SQL`` joins it)."""
    cur = conn.cursor()
    cur.row_factory = None
    return {
        r[0]: (r[0], r[1], room_key(r[2], r[3], r[4]), r[5])
        for r in cur.execute(
            "SELECT h.id, h.household_no, b.number, h.unit, h.room, hp.name FROM household h"
            " LEFT JOIN building b ON b.id = h.building_id"
            " LEFT JOIN person hp ON hp.id = h.head_person_id"
        )
    }


def _shown_from(kind: str, row: Sequence[Any], homes: Mapping[str, Home]) -> Shown:
    """What ``_shown`` makes of the joined rows, from a row of ``_PERSON_SQL`` or
    ``_HOUSEHOLD_SQL`` with its household's id after it."""
    home = homes.get(row[-1])
    if kind == "person":
        if home is None:  # a person of no household here: no room, as the join finds none
            return person_shown(None, row[1], row[2], "")
        return person_shown(home[0], row[1], row[2], home[2])
    assert home is not None  # its own row
    return household_shown(home[0], home[1], home[2], home[3])


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each full-text table into one segment: a bulk build leaves several, and a query
    looks its terms up in every one, a few more pages read (and decrypted) per term."""
    for t in TEXT_TABLES:
        conn.execute(f"INSERT INTO {t} ({t}) VALUES ('optimize')")


def add(
    conn: sqlite3.Connection,
    kind: str,
    rows: Iterable[Sequence[Any]],
    shown: Mapping[str, Shown] | None = None,
) -> None:
    """Index rows just inserted (never indexed before), given as the columns of
    ``_PERSON_SQL`` (id, name, id_number, phone, deleted) or ``_HOUSEHOLD_SQL`` (id,
    household_no, phone, unit, room, deleted, building number): a bulk load indexes what it
    holds in memory instead of reading its rows back. ``shown``: what the hits of some of
    them show (``person_shown``, ``household_shown``) when the caller knows it; the others'
    is read back from their rows."""
    _index(conn, kind, sorted(rows, key=_CLUSTERED[kind]), shown or {})


# The order entries are numbered in when many are made at once: people by name, households
# by room. A search's hits are then a few neighbouring search_doc rows and runs of
# neighbouring rowids in the full-text doclists, not one page each spread over the file:
# on an encrypted file each page is decrypted when first read (docs/encryption.md).
_CLUSTERED: dict[str, Callable[[Sequence[Any]], tuple[str, ...]]] = {
    "person": lambda r: (r[1] or "",),
    "household": lambda r: (str(r[6] or ""), str(r[3] or ""), str(r[4] or "")),
}


def _index(
    conn: sqlite3.Connection,
    kind: str,
    rows: Iterable[Sequence[Any]],
    shown: Mapping[str, Shown] | None = None,
) -> None:
    """Index rows of ``_PERSON_SQL`` or ``_HOUSEHOLD_SQL``, read by column position."""
    start = conn.execute("SELECT coalesce(max(rowid), 0) FROM search_doc").fetchone()[0]
    docs: list[tuple[Any, ...]] = []
    names: list[tuple[int, str, str]] = []
    digits: list[tuple[int, str]] = []
    entries = _Entries(kind)
    known = shown or {}
    unknown = (None, None, None)  # read back from the rows below
    missing = False
    for n, row in enumerate(rows, start + 1):
        said = known.get(row[0])
        missing = missing or said is None
        docs.append((n, kind, row[0], *(said or unknown)))
        name, found = entries.of(row)
        if name is not None:
            names.append((n, *name))
        digits.append((n, found))
    if _shows_hits(conn):
        conn.executemany(
            "INSERT INTO search_doc (rowid, kind, ref_id, household_id, title, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            docs,
        )
    else:  # while migrating from before 0022, which adds what a hit shows
        conn.executemany(
            "INSERT INTO search_doc (rowid, kind, ref_id) VALUES (?, ?, ?)", [d[:3] for d in docs]
        )
    if names:
        conn.executemany("INSERT INTO search_name (rowid, chars, pinyin) VALUES (?, ?, ?)", names)
    conn.executemany("INSERT INTO search_digits (rowid, digits) VALUES (?, ?)", digits)
    if missing:
        _show(conn, "d.rowid > ? AND d.detail IS NULL", (start,))


def _update(conn: sqlite3.Connection, kind: str, rows: dict[int, Sequence[Any]]) -> None:
    """Rewrite the entries (by rowid) whose text differs from what ``rows`` now hold."""
    if not rows:
        return
    marks = ",".join("?" * len(rows))
    ids = list(rows)
    names = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            f"SELECT rowid, chars, pinyin FROM search_name WHERE rowid IN ({marks})", ids
        )
    }
    digits = {
        r[0]: r[1]
        for r in conn.execute(
            f"SELECT rowid, digits FROM search_digits WHERE rowid IN ({marks})", ids
        )
    }
    entries = _Entries(kind)
    # In rowid order: FTS5 holds a transaction's changes in memory and writes them as one
    # segment at commit, but must write out what it holds whenever a rowid comes below the
    # last one. Pulled changes in their server order wrote a segment, and merged it, for
    # nearly every entry: 1.5 index pages a change, each encrypted.
    new_names: list[tuple[int, str, str]] = []
    new_digits: list[tuple[int, str]] = []
    for rowid, row in sorted(rows.items()):
        name, found = entries.of(row)
        if name is not None and names.get(rowid) != name:
            new_names.append((rowid, *name))
        if digits.get(rowid) != found:
            new_digits.append((rowid, found))
    # INSERT OR REPLACE: an entry missing from one table (never, but cheap to mend) is put
    # back rather than left unsearchable. One statement a table, not one a row.
    conn.executemany(
        "INSERT OR REPLACE INTO search_name (rowid, chars, pinyin) VALUES (?, ?, ?)", new_names
    )
    conn.executemany(
        "INSERT OR REPLACE INTO search_digits (rowid, digits) VALUES (?, ?)", new_digits
    )


class _Entries:
    """What one row of ``_PERSON_SQL`` or ``_HOUSEHOLD_SQL`` puts in the index: (spaced
    name, pinyin) for a person (None for a household), and the digits text."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        # Whole names repeat in a community (张伟, 王芳): each is spelled out once per call.
        self.spelled: dict[str, tuple[str, str]] = {}

    def of(self, row: Sequence[Any]) -> tuple[tuple[str, str] | None, str]:
        if self.kind == "person":
            _, name, id_number, phone, _ = row
            name = name or ""
            both = self.spelled.get(name)
            if both is None:
                both = self.spelled[name] = (spaced(name), pinyin_tokens(name))
            # filter(None, …) drops the empty parts as ``if x`` would, without a generator
            return both, " ".join(filter(None, (id_number, *_phone_variants(phone))))
        _, household_no, phone, unit, room, _, building = row
        found = [room_key(building, unit, room), household_no, *_phone_variants(phone)]
        return None, " ".join(filter(None, found))


# What a hit shows, from the rows it is made of (migration 0022_search_shows_hits keeps it in
# search_doc): a person's household, name and room with masked ID; a household's room and head.
_SHOW_SQL = (
    "SELECT d.rowid, d.kind, d.household_id, d.title, d.detail, p.name, p.id_number,"
    " h.id, h.household_no, h.unit, h.room, b.number, hp.name"
    " FROM search_doc d"
    " LEFT JOIN person p ON d.kind = 'person' AND p.id = d.ref_id"
    " LEFT JOIN household h ON h.id = CASE d.kind WHEN 'person' THEN p.household_id"
    "   ELSE d.ref_id END"
    " LEFT JOIN building b ON b.id = h.building_id"
    " LEFT JOIN person hp ON hp.id = h.head_person_id"
    " WHERE {}"
)


def _show(
    conn: sqlite3.Connection, where: str, args: Sequence[Any], *, checked: bool = False
) -> None:
    """Write what the entries matching ``where`` show, where it changed (an edit of a phone
    writes nothing here). Skipped while migrating from before 0022, which adds the columns
    (``checked``: the caller runs on a migrated database, as every write after opening does)."""
    if not checked and not _shows_hits(conn):
        return
    cur = conn.cursor()
    cur.row_factory = None  # by position, as _shown reads them
    changed: list[tuple[Any, ...]] = []
    for r in cur.execute(_SHOW_SQL.format(where), args):
        shown = _shown(r)
        if shown != (r[2], r[3], r[4]):
            changed.append((*shown, r[0]))
    cur.executemany(
        "UPDATE search_doc SET household_id = ?, title = ?, detail = ? WHERE rowid = ?", changed
    )


def _shown(r: Sequence[Any]) -> tuple[Any, Any, str]:
    room = room_key(r[11], r[9], r[10])
    if r[1] == "person":
        return person_shown(r[7], r[5], r[6], room)
    return household_shown(r[7], r[8], room, r[12])


Shown = tuple[Any, Any, str]  # what a hit shows: (household id, title, detail)


def person_shown(
    household_id: str | None, name: str | None, id_number: str | None, room: str
) -> Shown:
    """What a person's hit shows: household, name, room (``room_key``) and masked ID."""
    return household_id, name, _detail(id_number, room)


def household_shown(
    household_id: str, household_no: str | None, room: str, head_name: str | None
) -> Shown:
    """What a household's hit shows: itself, its room (``room_key``) and head, its number."""
    return household_id, f"{room} {head_name or ''}".strip(), household_no or ""


def _shows_hits(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM pragma_table_info('search_doc') WHERE name = 'detail'"
    ).fetchone()
    return found is not None


def _showing(table: str, marks: str, live: int) -> str:
    """The entries of ``live`` rows and those that show the rows of ``marks``: a household
    shows its head's name, a person shows the household's room."""
    if table == "person":
        # household_head_idx: a head may live in another household (moved, not yet replaced)
        others = f"SELECT id FROM household WHERE head_person_id IN ({marks})"
    else:
        others = f"SELECT id FROM person WHERE household_id IN ({marks})"
    return f"d.ref_id IN ({','.join('?' * live)}) OR d.ref_id IN ({others})"


def _detail(id_number: str | None, room: str) -> str:
    masked = mask_id_number(id_number)
    return f"{room} {masked}" if room and masked else room or masked
