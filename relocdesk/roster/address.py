"""A resettlement address written whole in one cell, as offices write it: 幸福社区5栋1单元302室,
惠水县幸福社区A区5栋1单元302室, 幸福小区二期3-2-501.

The rule, so that two zones are never merged:
- what is stripped is only the community's own place: its county, township, address and its
  name, also with its kind word swapped (幸福社区 / 幸福小区 / 幸福安置点) or left off
  (幸福). Another name in front (阳光小区5栋…) is not this community's and is not guessed at:
  the cell is left whole.
- a zone (A区, 二区, 二期, 3组团) is never dropped: it stays part of the building's number
  (A区5), so A区5栋 and B区5栋 are two buildings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from relocdesk.store.search import parse_room

# The words that say what kind of place a community's name is (幸福 + 社区).
_KINDS = (
    "易地扶贫搬迁安置点",
    "搬迁安置点",
    "安置小区",
    "安置点",
    "安置区",
    "社区",
    "小区",
    "新村",
    "家园",
)
# A province and a prefecture in front (贵州省黔南州…): places above any community, never a zone.
_ABOVE = re.compile(
    r"^(?:.{2,7}?(?:省|自治区))?(?:.{2,9}?(?:自治州|地区|盟|州|市)(?=.+?[县区市旗]))?"
)
_ZONE = re.compile(r"^([0-9A-Za-z一二三四五六七八九十]{1,3}(?:区|期|组团))")


def prefixes(*places: str | None) -> tuple[str, ...]:
    """The texts a cell of this community may start with, longest first: each place as
    written, and a community name also under every other kind word and bare."""
    out: set[str] = set()
    for place in places:
        if not place:
            continue
        p = _plain(place)
        out.add(p)
        for kind in _KINDS:
            if p.endswith(kind) and len(p) > len(kind):
                stem = p[: -len(kind)]
                out.add(stem)
                out.update(stem + k for k in _KINDS)
                break
    return tuple(sorted(out, key=len, reverse=True))


def split_address(text: str, known: Iterable[str] = ()) -> tuple[str, int, str] | None:
    """(building, unit, room) of an address of this community, a zone kept in the building;
    None when it is not such an address (left whole, as the room)."""
    rest = _plain(text)
    rest = rest[_ABOVE.match(rest).end() :]  # type: ignore[union-attr]  # it matches ""
    starts = tuple(known)
    stripped = True
    while stripped:  # 惠水县 then 幸福社区, in whatever order they come
        stripped = False
        for p in starts:
            if p and rest.startswith(p) and len(rest) > len(p):
                rest, stripped = rest[len(p) :], True
                break
    zone = ""
    found = _ZONE.match(rest)
    if found is not None:
        zone, rest = found[1], rest[found.end() :]
    parts = parse_room(rest)
    if parts is None:
        return None
    building, unit, room = parts
    return zone + building, unit, room


# A sheet named for the building (or the unit of one) its rows live in (1栋, 2号楼, 3幢, 5座,
# 6#楼, 1栋花名册, 1栋2单元), as offices split a roster: the number the addresses give the same
# building (3栋2单元501 → 3). A bare "1号" or "第一页" names no building.
_SHEET_PLACE = re.compile(
    r"^([0-9A-Za-z]{1,6})(?:栋|幢|号楼|座|#楼?)(?:([0-9]{1,2})单元)?"
    r"(?:花名册|人员名单|名单|人员|人口|住户)?$"
)


def sheet_place(name: str) -> str | None:
    """The building a sheet's name stands for, its zone kept (A区5栋 → "A区5"), and its unit
    after a dash when the name gives one (1栋2单元 → "1-2", as a room key writes them); None
    when the name is not a building's."""
    rest = _plain(name)
    zone = ""
    found = _ZONE.match(rest)
    if found is not None:
        zone, rest = found[1], rest[found.end() :]
    place = _SHEET_PLACE.match(rest)
    if place is None or (place[2] and not 1 <= int(place[2]) <= 50):  # a unit as rooms have
        return None
    return zone + place[1] + (f"-{int(place[2])}" if place[2] else "")


# What goes before and after a building's name in a row that heads its section of a sheet:
# the list's numbering (一、 1. （一） (2)) and a count in brackets (（共12户）, (38人)). Any other
# bracketed word may name a part of its own (1栋（东）, 1栋（西）): such a heading names no
# building, rather than two wings becoming one.
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）][、.．]?)"
)
_COUNT = re.compile(r"[(（][^()（）\d]*\d+[^()（）\d]*[)）]$")


def section_place(text: str) -> str | None:
    """The building (and unit) a row of one written cell names as the heading of the rows
    below it (1栋, 一、2号楼, （三）5栋：, 3栋（共12户）, 1栋2单元), as ``sheet_place`` gives
    them; None when it names none."""
    rest = _NUMBERING.sub("", _plain(text), count=1).rstrip(":：")
    return sheet_place(_COUNT.sub("", rest))


def place_parts(place: str) -> tuple[str, int | None]:
    """The building and unit of a place as ``sheet_place`` writes it ("1-2" → ("1", 2))."""
    building, _, unit = place.partition("-")
    return building, int(unit) if unit else None


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())
