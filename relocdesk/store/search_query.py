"""What the person typed in the one search box, looked up in the index (``search``): the
MATCH expression for a name, pinyin, initials, an ID or phone fragment or a room, a name
with a number ("张伟 3-2-501"), and the hits read from their entries alone.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from relocdesk.store.search import (
    _CJK,
    _DIGITS,
    _LATIN,
    _SEPARATORS,
    SearchHit,
    parse_room,
    room_key,
    spaced,
)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: str) -> tuple[str, str] | None:
    """(fts table, MATCH expression) for what the person typed, or None.

    Full-width characters from a Chinese input method count as their ASCII forms; a room
    typed as 3栋2单元501室 is looked up as 3-2-501; spaces inside pinyin (zhang san) and
    inside phone numbers (138 1234 5678) are ignored.
    """
    q = unicodedata.normalize("NFKC", query).strip()
    if not q:
        return None
    room = parse_room(q)
    if room is not None:
        return "search_digits", _phrase(room_key(*room))
    cjk = "".join(c for c in q if _CJK.match(c))
    if cjk:
        return "search_name", "chars : " + _phrase(spaced(cjk))
    joined = _SEPARATORS.sub("", q)
    if _LATIN.match(joined):
        return "search_name", "pinyin : " + _phrase(joined.lower()) + " *"
    if _DIGITS.match(joined) and len(joined) >= 3:
        forms = [joined.upper()]
        bare = joined.replace("-", "")
        if bare != joined and len(bare) >= 7 and bare.isdigit():
            forms.append(bare)  # 138-1234-5678 is stored as 13812345678
        return "search_digits", " OR ".join(_phrase(f) for f in forms)
    return None


def mixed_expressions(query: str) -> tuple[str, str] | None:
    """(name MATCH, digits MATCH) for a name plus a number, e.g. "张伟 3-2-501" or "zw 5678":
    two people with one name are told apart by their room, phone or ID."""
    q = unicodedata.normalize("NFKC", query).strip()
    cjk = "".join(c for c in q if _CJK.match(c))
    words = _CJK.sub(" ", q).split() if cjk else q.split()
    numbers = [w for w in words if _DIGITS.match(w)]
    letters = [w for w in words if _LATIN.match(w)]
    if not numbers or (not cjk and not letters) or len(numbers) + len(letters) != len(words):
        return None
    name = match_expression(cjk or "".join(letters))
    digits = match_expression(" ".join(numbers)) if len(numbers) == 1 else None
    if name is None or digits is None or name[0] != "search_name":
        return None
    return name[1], digits[1]


def _mixed(conn: sqlite3.Connection, exprs: tuple[str, str], limit: int) -> list[SearchHit]:
    name, digits = exprs
    rowids = [
        r[0]
        for r in conn.execute(
            "WITH num AS (SELECT rowid FROM search_digits WHERE search_digits MATCH ?)"
            " SELECT d.rowid FROM search_name n JOIN search_doc d ON d.rowid = n.rowid"
            " WHERE search_name MATCH ? AND d.kind = 'person' AND (d.rowid IN num OR"
            " (SELECT hd.rowid FROM search_doc hd WHERE hd.ref_id = d.household_id) IN num)"
            " LIMIT ?",
            (digits, name, limit),
        )
    ]
    return _hits(conn, rowids)


def query(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    limit = max(1, limit)  # SQLite reads LIMIT -1 as "no limit": a county's worth of rows
    mixed = mixed_expressions(text)
    if mixed is not None:
        return _mixed(conn, mixed, limit)
    expr = match_expression(text)
    if expr is None:
        return []
    table, match = expr
    # Exact matches first: a whole name puts that person at the top, and 3-2-501 puts that
    # flat above 13-2-501 and 3-2-5011, which hold it as a fragment.
    room = parse_room(text)
    if room is not None:
        exact_sql = (
            # CROSS JOIN keeps SQLite from scanning every household: few buildings have
            # the number, and (building_id, unit, room) is indexed.
            "SELECT d.rowid FROM building b CROSS JOIN household h ON h.building_id = b.id"
            " JOIN search_doc d ON d.ref_id = h.id WHERE b.number = ? AND h.unit = ?"
            " AND h.room = ? AND h.deleted = 0 LIMIT ?"
        )
        exact_args: tuple[object, ...] = (*room, limit)
    else:
        # Only live people have an entry, titled with their name (search_doc_title_idx).
        exact_sql = "SELECT rowid FROM search_doc WHERE kind = 'person' AND title = ? LIMIT ?"
        exact_args = (text.strip(), limit)
    first = [r[0] for r in conn.execute(exact_sql, exact_args)]
    found = first + [
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", (match, limit)
        )
        if r[0] not in first
    ]
    return _hits(conn, found[:limit])


def _hits(conn: sqlite3.Connection, rowids: list[int]) -> list[SearchHit]:
    """The hits in ``rowids``' order, read from their entries alone: one compact row each
    instead of the person, household, building and head rows scattered over the file, each
    page of which is decrypted when first read (``_show``)."""
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    order = {r: i for i, r in enumerate(rowids)}
    out: list[tuple[int, SearchHit]] = []
    for r in conn.execute(
        "SELECT rowid, kind, ref_id, household_id, title, detail FROM search_doc"
        f" WHERE rowid IN ({marks})",
        rowids,
    ):
        out.append((order[r[0]], SearchHit(r[1], r[2], r[3], r[4], r[5])))
    return [h for _, h in sorted(out, key=lambda t: t[0])]
