"""The search box: Chinese substrings of any length, pinyin, initials, digits, rooms."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk import validation
from relocdesk.desk import Desk
from relocdesk.store import search, search_query
from relocdesk.validation import ValidationError
from tests.conftest import add_household
from tests.sync.harness import search_index

POOL = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗伟芳娜秀英敏静丽强磊军洋勇艳杰涛明超兰霞平刚"


def test_pinyin_tokens() -> None:
    assert search.pinyin_tokens("张三") == "zhangsan zs zhang san"
    assert search.pinyin_tokens("") == ""


def test_match_expression_chooses_the_index() -> None:
    assert search_query.match_expression("张") == ("search_name", 'chars : "张"')
    assert search_query.match_expression("ZhangSan") == ("search_name", 'pinyin : "zhangsan" *')
    assert search_query.match_expression("3-2-501") == ("search_digits", '"3-2-501"')
    assert search_query.match_expression("12") is None  # too short for a trigram
    assert search_query.match_expression("   ") is None


def test_name_pinyin_initials_id_phone_room(desk: Desk) -> None:
    hh = add_household(desk, building="3", unit=2, room="501", phone="0854-8654321")
    zhang = desk.people.create(
        household_id=hh["id"], name="张三", id_number="11010519491231002X", phone="13812345678"
    )
    desk.people.create(household_id=hh["id"], name="李四")
    assert [h.id for h in desk.search("张")] == [zhang["id"]]
    assert [h.id for h in desk.search("三")] == [zhang["id"]]
    assert [h.id for h in desk.search("zhangsan")] == [zhang["id"]]
    assert [h.id for h in desk.search("zhangs")] == [zhang["id"]]
    assert [h.id for h in desk.search("zs")] == [zhang["id"]]
    assert [h.id for h in desk.search("1231002x")] == [zhang["id"]]
    assert [h.id for h in desk.search("1234567")] == [zhang["id"]]
    room = desk.search("3-2-501")
    assert [(h.kind, h.id) for h in room] == [("household", hh["id"])]
    hit = desk.search("张三")[0]
    assert hit.household_id == hh["id"] and "3-2-501" in hit.detail and "002X" in hit.detail
    assert "19491231" not in hit.detail  # the ID is masked in lists


def test_the_index_follows_every_write(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(household_id=hh["id"], name="王芳")
    desk.people.update(p["id"], name="王芳芳", phone="13900001111")
    assert [h.title for h in desk.search("芳芳")] == ["王芳芳"]
    assert [h.id for h in desk.search("00001111")] == [p["id"]]
    desk.people.delete(p["id"])
    assert desk.search("王芳") == [] and desk.search("wangfang") == []


def test_exact_names_come_first(desk: Desk) -> None:
    hh = add_household(desk)
    for name in ("张伟强", "李张伟", "张伟"):
        desk.people.create(household_id=hh["id"], name=name)
    assert desk.search("张伟")[0].title == "张伟"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(st.text(alphabet=POOL, min_size=2, max_size=3), min_size=5, max_size=40),
    data=st.data(),
)
def test_every_substring_finds_exactly_the_names_containing_it(
    desk_factory: Callable[..., Desk], names: list[str], data: st.DataObject
) -> None:
    desk = desk_factory()
    hh = add_household(desk)
    with desk.transaction() as w:
        w.insert_many("person", ({"household_id": hh["id"], "name": n} for n in names))
        search.rebuild(desk.conn)
    source = data.draw(st.sampled_from(names))
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    fragment = source[start:end]
    found = sorted(h.title for h in desk.search(fragment, limit=1000))
    assert found == sorted(n for n in names if fragment in n)


def test_what_people_really_type(desk: Desk) -> None:
    hh = add_household(desk, building="12", unit=3, room="1102", phone="0854-8654321")
    ouyang = desk.people.create(
        household_id=hh["id"], name="欧阳娜娜", phone="13812345678", relation="head"
    )
    desk.households.update(hh["id"], household_no="HS2024-017", head_person_id=ouyang["id"])
    person, household = [ouyang["id"]], [hh["id"]]
    assert [h.id for h in desk.search("阳")] == person  # one character of four
    assert [h.id for h in desk.search("oynn")] == person  # initials of a compound surname
    assert [h.id for h in desk.search("ou yang na na")] == person  # pinyin with spaces
    assert [h.id for h in desk.search("OuYang")] == person
    assert [h.id for h in desk.search("138 1234 5678")] == person  # phone in groups
    assert [h.id for h in desk.search("138-1234-5678")] == person
    assert [h.id for h in desk.search("１３８１２３４")] == person  # full-width digits
    assert [h.id for h in desk.search("12-3-1102")] == household
    assert [h.id for h in desk.search("12栋3单元1102室")] == household
    assert [h.id for h in desk.search("１２－３－１１０２")] == household
    assert [h.id for h in desk.search("08548654321")] == household  # landline, bare digits
    assert [h.id for h in desk.search("8654321")] == household
    assert [h.id for h in desk.search("hs2024")] == household  # household number
    hit = desk.search("12-3-1102")[0]
    assert hit.title == "12-3-1102 欧阳娜娜"


def test_a_room_is_not_mistaken_for_its_neighbours(desk: Desk) -> None:
    wanted = add_household(desk, building="3", unit=2, room="501")
    add_household(desk, building="13", unit=2, room="501")
    add_household(desk, building="3", unit=2, room="5011")
    assert search.parse_room("3-2-501") == ("3", 2, "501")
    assert search.parse_room("138-1234-5678") is None  # a phone, not unit 1234
    assert desk.households.by_room("3-2-501")["id"] == wanted["id"]  # type: ignore[index]
    assert desk.households.by_room("3栋2单元501") == desk.households.by_room("3-2-501")
    assert desk.households.by_room("3-9-501") is None
    # The search box shows the flat itself first, its look-alikes after it.
    hits = desk.search("3-2-501")
    assert hits[0].id == wanted["id"] and len(hits) == 3


def test_the_index_follows_household_and_room_edits(desk: Desk) -> None:
    hh = add_household(desk, building="5", unit=1, room="301")
    desk.households.update(hh["id"], room="302", phone="13900009999")
    assert desk.search("5-1-301") == []
    assert [h.id for h in desk.search("5-1-302")] == [hh["id"]]
    assert [h.id for h in desk.search("00009999")] == [hh["id"]]
    desk.households.delete(hh["id"])
    assert desk.search("5-1-302") == []


def test_a_name_with_a_room_or_phone_tells_namesakes_apart(desk: Desk) -> None:
    # household numbers of their own: a running number could hold the digits searched for
    first = add_household(desk, building="3", unit=2, room="501", household_no="甲一")
    second = add_household(desk, building="8", unit=1, room="602", household_no="甲二")
    a = desk.people.create(household_id=first["id"], name="张伟", phone="13800001234")
    b = desk.people.create(household_id=second["id"], name="张伟", phone="13900005678")
    assert {h.id for h in desk.search("张伟")} == {a["id"], b["id"]}
    assert [h.id for h in desk.search("张伟 3-2-501")] == [a["id"]]
    assert [h.id for h in desk.search("张伟8-1-602")] == [b["id"]]
    assert [h.id for h in desk.search("伟 5678")] == [b["id"]]
    assert [h.id for h in desk.search("zw 1234")] == [a["id"]]
    assert [h.id for h in desk.search("zhangwei 602")] == [b["id"]]
    assert desk.search("张伟 7-7-777") == []
    assert search_query.mixed_expressions("张伟") is None
    assert search_query.mixed_expressions("3-2-501") is None


def _unless_head(write: Callable[..., object], *args: str) -> None:
    """A write the façade refuses changes nothing: the head of a household others live in is
    neither removed nor moved out before another member is made head."""
    try:
        write(*args)
    except ValidationError as e:
        assert e.code == "head_leaves", e


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["add", "rename", "phone", "delete", "move", "room", "head"]),
            st.text(alphabet=POOL, min_size=1, max_size=3),
            st.integers(0, 1000),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_after_any_writes_the_index_equals_a_fresh_rebuild(
    desk_factory: Callable[..., Desk], steps: list[tuple[str, str, int]]
) -> None:
    desk = desk_factory()
    homes = [add_household(desk, room="101"), add_household(desk, building="9", room="202")]
    people: list[str] = []
    for op, name, n in steps:
        live = [p for p in people if desk.people.get(p)]
        if op == "add" or not live:
            people.append(desk.people.create(household_id=homes[n % 2]["id"], name=name)["id"])
        elif op == "rename":
            desk.people.update(live[n % len(live)], name=name)
        elif op == "phone":
            desk.people.update(live[n % len(live)], phone=f"139{n:08d}")
        elif op == "delete":
            _unless_head(desk.people.delete, live[n % len(live)])
        elif op == "move":
            _unless_head(desk.people.move, live[n % len(live)], homes[n % 2]["id"])
        elif op == "head":
            head = desk.people.get(live[n % len(live)])
            assert head is not None
            desk.households.update(head["household_id"], head_person_id=head["id"])
        else:
            desk.households.update(homes[n % 2]["id"], room=f"{n % 30 + 1}01")
    incremental = search_index(desk)
    desk.rebuild_search()
    assert incremental == search_index(desk)


def _segments(desk: Desk, table: str) -> tuple[int, ...]:
    """What an FTS5 table has written: its segments' blocks (each write adds one)."""
    return tuple(r[0] for r in desk.conn.execute(f"SELECT id FROM {table}_data ORDER BY id"))


def test_a_save_rewrites_only_the_index_entries_whose_text_changed(desk: Desk) -> None:
    hh = add_household(desk, room="101")
    p = desk.people.create(household_id=hh["id"], name="张三", phone="13812345678")
    doc = "SELECT rowid FROM search_doc WHERE ref_id = ?"
    rowid = desk.conn.execute(doc, (p["id"],)).fetchone()[0]
    names, digits = _segments(desk, "search_name"), _segments(desk, "search_digits")

    desk.people.update(p["id"], job="保安")  # nothing searched
    assert (_segments(desk, "search_name"), _segments(desk, "search_digits")) == (names, digits)

    desk.people.update(p["id"], phone="13900001111")
    assert _segments(desk, "search_name") == names
    assert _segments(desk, "search_digits") != digits
    assert [h.id for h in desk.search("0000111")] == [p["id"]]
    assert desk.search("2345678") == []

    desk.people.update(p["id"], name="李四")
    assert _segments(desk, "search_name") != names
    assert [h.id for h in desk.search("lisi")] == [p["id"]] and desk.search("张三") == []
    assert desk.conn.execute(doc, (p["id"],)).fetchone()[0] == rowid  # the same entry


def test_a_hit_shows_what_its_rows_say_now(desk: Desk) -> None:
    hh = add_household(desk, building="5", unit=1, room="301")
    p = desk.people.create(household_id=hh["id"], name="赵敏", id_number="11010519491231002X")
    desk.households.update(hh["id"], head_person_id=p["id"])
    assert [(h.title, h.detail) for h in desk.search("5-1-301")] == [
        ("5-1-301 赵敏", hh["household_no"])
    ]
    desk.people.update(p["id"], name="赵小敏")  # the household shows its head's name
    assert [h.title for h in desk.search("5-1-301")] == ["5-1-301 赵小敏"]
    desk.households.update(hh["id"], room="302")  # a member shows the household's room
    assert desk.search("赵小敏")[0].detail.startswith("5-1-302 ")
    building = desk.households.get(hh["id"])["building_id"]
    desk.buildings.update(building, number="15")
    assert [h.title for h in desk.search("15-1-302")] == ["15-1-302 赵小敏"]
    assert desk.search("赵小敏")[0].detail.startswith("15-1-302 ")
    other = add_household(desk, building="8", unit=2, room="101")
    desk.people.move(p["id"], other["id"])
    hit = desk.search("赵小敏")[0]
    assert (hit.household_id, hit.detail.split()[0]) == (other["id"], "8-2-101")


def test_a_search_reads_its_hits_from_the_index_alone(desk: Desk) -> None:
    """Each page first read on an encrypted file is decrypted: the hits come from
    search_doc, not from the person, household, building and head rows spread over it."""
    hh = add_household(desk, building="3", unit=2, room="501")
    desk.people.create(household_id=hh["id"], name="张伟", phone="13800001234")
    desk.people.create(household_id=hh["id"], name="张伟伟")
    read: set[str] = set()

    def watch(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table:
            read.add(table)
        return sqlite3.SQLITE_OK

    desk.conn.set_authorizer(watch)
    try:
        for q in ("张伟", "zw", "1234", "张伟 3-2-501"):
            assert desk.search(q), q
    finally:
        desk.conn.set_authorizer(None)
    assert read & {"person", "household", "building"} == set()


def test_a_rebuild_numbers_people_by_name_and_households_by_room(desk: Desk) -> None:
    """A query's hits lie together in search_doc (fewer pages to read and decrypt)."""
    homes = [add_household(desk, building=b, room=r) for b, r in (("9", "101"), ("2", "301"))]
    for n in range(6):
        desk.people.create(
            household_id=homes[n % 2]["id"], name="张伟" if n % 2 else "李明" + "一二三"[n // 2]
        )
    desk.rebuild_search()

    def rowids(sql: str) -> list[int]:
        return [r[0] for r in desk.conn.execute(sql)]

    same = rowids("SELECT rowid FROM search_doc WHERE title = '张伟' ORDER BY rowid")
    assert same == list(range(same[0], same[0] + 3))
    rooms = rowids("SELECT detail FROM search_doc WHERE kind = 'household' ORDER BY rowid")
    assert rooms == [homes[1]["household_no"], homes[0]["household_no"]]


def rebuilt_index(desk: Desk) -> set[tuple[object, ...]]:
    """The index made from nothing, as a first download makes it: what every edit's refresh
    must leave."""
    desk.conn.execute("BEGIN")
    try:
        search.rebuild(desk.conn)
        return search_index(desk)
    finally:
        desk.conn.execute("ROLLBACK")


def test_each_edit_leaves_the_index_a_rebuild_makes(desk: Desk) -> None:
    """A phone edit rewrites the digits alone, no hit's display being read again; a name, an
    ID number, a move, a room or a deletion still shows anew on the hits that show it (the
    person's and, for a head, the household's)."""
    home = add_household(desk, room="501")
    other = add_household(desk, room="502")
    head = desk.people.create(household_id=home["id"], name="张三", id_number="11010519491231002X")
    child = desk.people.create(household_id=home["id"], name="张小")  # no ID number
    with desk.transaction() as w:
        w.update("household", home["id"], {"head_person_id": head["id"]})
        desk.touched("household", home["id"])
    edits: list[tuple[str, str, dict[str, object]]] = [
        ("person", head["id"], {"phone": "13800000001"}),
        ("person", child["id"], {"phone": "13800000002"}),
        ("person", head["id"], {"name": "张三丰"}),
        ("person", head["id"], {"id_number": "110105194912310038"}),
        ("person", child["id"], {"household_id": other["id"]}),
        ("household", other["id"], {"room": "601"}),
        ("person", head["id"], {"id_number": None}),
        ("person", child["id"], {"deleted": 1}),
    ]
    assert search_index(desk) == rebuilt_index(desk)
    for table, row_id, change in edits:
        with desk.transaction() as w:  # as a pulled page stores rows (sync.local)
            w.update(table, row_id, change)
            desk.touched(table, row_id)
        assert search_index(desk) == rebuilt_index(desk), (table, change)


_PARTS = st.one_of(st.none(), st.just(""), st.text("0123456789-X 、", max_size=20))


@given(id_number=_PARTS, phone=_PARTS, room=st.text("0123456789-栋", max_size=8))
def test_an_entrys_texts_join_what_is_written_as_before(
    id_number: str | None, phone: str | None, room: str
) -> None:
    """The texts of an entry, made without generators, are those the joins of the written
    parts (``if x``) made."""
    written = (id_number, *search._phone_variants(phone))
    got = search._Entries("person").of(("id", "张三", id_number, phone, 0))
    assert got[1] == " ".join(x for x in written if x)
    home = search._Entries("household").of(("id", id_number, phone, None, room, 0, None))
    assert home[1] == " ".join(x for x in (room, id_number, *written[1:]) if x)
    masked = validation.mask_id_number(id_number)
    assert search._detail(id_number, room) == " ".join(x for x in (room, masked) if x)
