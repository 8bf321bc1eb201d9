"""The search box: Chinese substrings of any length, pinyin, initials, digits, rooms."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.store import search
from tests.conftest import add_household

POOL = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗伟芳娜秀英敏静丽强磊军洋勇艳杰涛明超兰霞平刚"


def test_pinyin_tokens() -> None:
    assert search.pinyin_tokens("张三") == "zhangsan zs zhang san"
    assert search.pinyin_tokens("") == ""


def test_match_expression_chooses_the_index() -> None:
    assert search.match_expression("张") == ("search_name", 'chars : "张"')
    assert search.match_expression("ZhangSan") == ("search_name", 'pinyin : "zhangsan" *')
    assert search.match_expression("3-2-501") == ("search_digits", '"3-2-501"')
    assert search.match_expression("12") is None  # too short for a trigram
    assert search.match_expression("   ") is None


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
