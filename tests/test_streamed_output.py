"""Output written as it is produced (issue 15, item 1): the streamed JSON writer gives byte for
byte what printing the whole object gave; `warnings --json` gives the same JSON object as
before (json-equal: its "count" now follows the list, as it is known only at the end);
`search --json` is byte-identical; the export's rows go to the file as they are read."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import demo
from relocdesk.desk import Desk
from relocdesk.jsonstream import BATCH, write_array, write_object
from relocdesk.monitoring import evaluate
from relocdesk.monitoring.evaluate import acknowledge, stream
from relocdesk.monitoring.written import encoded

# what cli_support.print_json writes, as bytes
_INDENT = orjson.OPT_INDENT_2


def printed(value: Any) -> bytes:
    return orjson.dumps(value, option=_INDENT) + b"\n"


leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # newlines, quotes and any character: escaped inside strings
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
keys = st.text(min_size=1).filter(lambda k: k != "items")


@settings(max_examples=300, deadline=None)
@given(
    head=st.dictionaries(keys, values, max_size=3),
    items=st.lists(values, max_size=6),
    tail=st.dictionaries(keys, values, max_size=2),
)
def test_a_streamed_object_is_byte_identical_to_printing_it_whole(
    head: dict[str, Any], items: list[Any], tail: dict[str, Any]
) -> None:
    tail = {k: v for k, v in tail.items() if k not in head}
    out = io.BytesIO()
    n = write_object(out, head.items(), streamed="items", items=iter(items), after=lambda _: tail)
    assert n == len(items)
    assert out.getvalue() == printed({**head, "items": items, **tail})


@settings(max_examples=200, deadline=None)
@given(items=st.lists(values, max_size=6))
def test_a_streamed_array_is_byte_identical(items: list[Any]) -> None:
    out = io.BytesIO()
    assert write_array(out, iter(items)) == len(items)
    assert out.getvalue() == printed(items)


@pytest.mark.parametrize("count", [BATCH - 1, BATCH, BATCH + 1, 2 * BATCH + 3])
def test_items_dumped_in_batches_are_byte_identical(count: int) -> None:
    """Around the writer's batch boundaries, nested and empty items among them."""
    items: list[Any] = [
        {"n": n, "nested": {"list": [n, "字\n"], "empty": {}}, "none": None} if n % 3 else []
        for n in range(count)
    ]
    out = io.BytesIO()
    assert write_object(out, [("a", 1)], streamed="w", items=iter(items)) == count
    assert out.getvalue() == printed({"a": 1, "w": items})
    out = io.BytesIO()
    assert write_array(out, iter(items)) == count
    assert out.getvalue() == printed(items)


def test_items_are_written_in_chunks_as_they_come() -> None:
    """The writer hands the stream bytes before the items end (nothing waits for the whole)."""
    out = io.BytesIO()
    seen: list[int] = []

    def items() -> Any:
        for n in range(5000):
            seen.append(len(out.getvalue()))
            yield {"n": n, "text": "字" * 40}

    write_object(out, [("a", 1)], streamed="w", items=items())
    assert seen[0] == 0 and seen[-1] > 0  # written while the items were still coming


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    with Desk(folder / "community.db") as desk:
        demo.build(desk, 150, seed=7)
        warnings = evaluate(desk, ON)
        # a few acknowledged ones, which the stream gives last
        for w in warnings[:: max(1, len(warnings) // 5)]:
            acknowledge(desk, w.indicator, w.subject_id, "已处理", by="测试", today=ON)
    return folder


ON = datetime.date.today()


def _cli(folder: Path, *args: str) -> bytes:
    out = subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(folder), *args],
        capture_output=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout


def _old_dict(w: Any) -> dict[str, Any]:
    """A warning as the properties tell it, the way to_dict was written before."""
    names = [
        "indicator",
        "level",
        "area",
        "area_label",
        "title",
        "subject",
        "subject_id",
        "household_id",
        "household_no",
        "building_id",
        "building_no",
        "unit",
        "room",
        "person_id",
        "person_name",
        "values",
        "facts",
        "responsible",
        "responsible_role",
        "status",
        "acknowledged",
        "until",
        "ack_reason",
        "ack_by",
    ]
    out = {n: getattr(w, n) for n in names}
    out["facts"] = _old_render(w.definition, w.params, w.values)
    return out


def _old_render(ind: Any, params: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """The explanation as render() made it before it kept each indicator's thresholds."""
    from relocdesk import enums
    from relocdesk.monitoring.catalogue import PLURAL
    from relocdesk.monitoring.evaluate import _Safe
    from relocdesk.monitoring.evaluators import EVALUATORS

    shown = _Safe(params)
    shown.update(values)
    for key, value in list(shown.items()):
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown[key + PLURAL] = "" if value == 1 else "s"
    for key, labels in EVALUATORS[ind.evaluator].labels.items():
        code = values.get(key)
        shown[f"{key}_zh"] = enums.label(labels, code, "zh")
        shown[f"{key}_en"] = enums.label(labels, code, "en")
    return {"zh": ind.explain_zh.format_map(shown), "en": ind.explain_en.format_map(shown)}


@pytest.mark.parametrize("everything", [False, True])
def test_warnings_json_is_the_same_object_as_before(demo_dir: Path, everything: bool) -> None:
    with Desk(demo_dir / "community.db") as desk:
        warnings = evaluate(desk, ON)
        streamed = list(stream(desk, ON))
        assert [w.to_dict() for w in streamed] == [w.to_dict() for w in warnings]
        assert [w.to_dict() for w in warnings] == [_old_dict(w) for w in warnings]
        shown = [w for w in warnings if everything or not w.acknowledged]
        before = printed(
            {"date": ON.isoformat(), "count": len(shown), "warnings": [w.to_dict() for w in shown]}
        )
    assert any(w.acknowledged for w in warnings) and not warnings[0].acknowledged
    got = _cli(demo_dir, "warnings", "--json", "--date", ON.isoformat(), *(["--all"] * everything))
    assert json.loads(got) == json.loads(before)  # json-equal
    assert list(json.loads(got)) == ["date", "warnings", "count"]  # the count comes last
    # and byte-identical to printing that same object, keys in the new order
    moved = json.loads(before)
    assert got == printed(
        {"date": moved["date"], "warnings": moved["warnings"], "count": len(shown)}
    )


@pytest.fixture(scope="module")
def odd_desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A community whose warnings write what JSON escapes or leaves empty: names with quotes,
    backslashes, newlines and characters beyond the BMP, households with no unit, room or
    building head, a facility's warning (no household), acknowledgements with odd reasons."""
    with Desk(tmp_path_factory.mktemp("odd") / "community.db") as desk:
        demo.build(desk, 40, seed=11)
        conn = desk.conn
        conn.execute(
            "UPDATE person SET ins_medical = 0, name = name || ? WHERE rowid % 3 = 0",
            ('"引号" \\ 反斜杠\n换行\t制表 \u0001 😀',),
        )
        conn.execute("UPDATE household SET unit = NULL, room = NULL WHERE rowid % 4 = 0")
        conn.execute("UPDATE building SET building_head_id = NULL WHERE rowid % 2 = 0")
        conn.commit()
        desk.facilities.create(name='诊所 "一号"', kind="clinic", status="closed")
        warnings = evaluate(desk, ON)
        for w in warnings[::7]:
            acknowledge(
                desk, w.indicator, w.subject_id, '已处理 "原因"\n第二行', by="测\\试", today=ON
            )
        yield desk


@pytest.mark.parametrize("everything", [False, True])
@pytest.mark.parametrize("level", [1, 2])
def test_encoded_warnings_are_to_dict_as_orjson_writes_it(
    odd_desk: Desk, everything: bool, level: int
) -> None:
    """Each warning encoded from its row is the bytes of its to_dict where it goes, in the
    order of the stream; the oddities are among them."""
    warnings = [w for w in stream(odd_desk, ON) if everything or not w.acknowledged]
    written = list(encoded(odd_desk, ON, everything=everything, level=level))
    assert len(written) == len(warnings)

    def deep(items: list[Any]) -> Any:
        return items if level == 1 else [items]

    assert orjson.dumps(deep(written), option=_INDENT) == orjson.dumps(
        deep([w.to_dict() for w in warnings]), option=_INDENT
    )
    assert any("\n" in (w.person_name or "") for w in warnings)
    assert any(w.room is None for w in warnings) and any(w.household_id is None for w in warnings)
    assert any(w.building_head is None and w.responsible_role == "building_head" for w in warnings)
    assert any(w.acknowledged for w in warnings) == everything


def test_search_json_is_byte_identical_to_printing_it_whole(demo_dir: Path) -> None:
    from dataclasses import asdict

    with Desk(demo_dir / "community.db") as desk:
        hits = desk.search("王", limit=30)
    assert hits
    assert _cli(demo_dir, "search", "王", "--limit", "30", "--json") == printed(
        [asdict(h) for h in hits]
    )
