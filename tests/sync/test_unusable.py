"""Which server rows a device holds instead of storing: every value a plain scalar SQLite
takes (integers within 64 bits), every clock a clock."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from relocdesk import hlc
from relocdesk.sync import held

CLOCK = hlc.make(1796490928084, 0, "16bc490663aba69a")


def state(data: dict[str, Any], clocks: Any = None, created: str = CLOCK) -> list[Any]:
    return [1, "household", "h1", created, 0, data, {"notes": CLOCK} if clocks is None else clocks]


@pytest.mark.parametrize(
    "value",
    ["text", "", 0, 1, -(2**63), 2**63 - 1, 1.5, True, False, None],
)
def test_a_scalar_is_usable(value: Any) -> None:
    assert held.unusable(state({"room": "101", "unit": 3, "notes": value})) is None


@pytest.mark.parametrize("value", [2**63, 2**64 - 1, -(2**63) - 1, [1, 2], {"a": 1}, [], {}])
def test_a_value_sqlite_cannot_take_is_named(value: Any) -> None:
    problem = held.unusable(state({"room": "101", "unit": 3, "notes": value}))
    assert problem is not None and "notes" in problem


def test_a_bad_clock_or_shape_is_named() -> None:
    assert "clock" in (held.unusable(state({"room": "1"}, {"notes": "yesterday"})) or "")
    assert "clock" in (held.unusable(state({"room": "1"}, created="now")) or "")
    assert "malformed" in (held.unusable(state({"room": "1"}, clocks=[])) or "")
    assert held.unusable(state({})) is None


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
# Mostly good clocks and shapes, so that a bad value is often the only thing wrong in a page.
_CLOCK_VALUES = st.sampled_from([CLOCK, CLOCK, CLOCK, "0001-bad", "", 7])
_STATES = st.builds(
    state,
    st.one_of(
        st.dictionaries(st.sampled_from(["room", "notes", "unit"]), _VALUES), st.text(max_size=2)
    ),
    st.one_of(
        st.none(), st.dictionaries(st.just("notes"), _CLOCK_VALUES), st.lists(st.text(max_size=2))
    ),
    _CLOCK_VALUES,
)
GOOD = state({"room": "101", "unit": 3})


@given(st.lists(_STATES, max_size=6))
@example([GOOD, state({"unit": 2**63})])
@example([GOOD, state({"unit": -(2**63) - 1})])
@example([state({"notes": [1]}), GOOD])
@example([GOOD, state({"notes": "x"}, {"notes": "0001-bad"})])
@example([GOOD, state({"notes": "x"}, created="")])
@example([GOOD, state({"notes": "x"}, [])])
@example([GOOD, GOOD])
def test_a_page_checked_at_once_agrees_with_each_row_checked(page: list[list[Any]]) -> None:
    """The page-wide check (the fast path of a 5,000-row page) passes exactly the pages whose
    every row the row-by-row check passes."""
    assert held.all_usable(page) == all(held.unusable(s) is None for s in page)
