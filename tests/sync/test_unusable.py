"""Which server rows a device holds instead of storing: every value a plain scalar SQLite
takes (integers within 64 bits), every clock a clock."""

from __future__ import annotations

from typing import Any

import pytest

from relocdesk import hlc
from relocdesk.sync import local

CLOCK = hlc.make(1796490928084, 0, "16bc490663aba69a")


def state(data: dict[str, Any], clocks: Any = None, created: str = CLOCK) -> list[Any]:
    return [1, "household", "h1", created, 0, data, {"notes": CLOCK} if clocks is None else clocks]


@pytest.mark.parametrize(
    "value",
    ["text", "", 0, 1, -(2**63), 2**63 - 1, 1.5, True, False, None],
)
def test_a_scalar_is_usable(value: Any) -> None:
    assert local.unusable(state({"room": "101", "unit": 3, "notes": value})) is None


@pytest.mark.parametrize("value", [2**63, 2**64 - 1, -(2**63) - 1, [1, 2], {"a": 1}, [], {}])
def test_a_value_sqlite_cannot_take_is_named(value: Any) -> None:
    problem = local.unusable(state({"room": "101", "unit": 3, "notes": value}))
    assert problem is not None and "notes" in problem


def test_a_bad_clock_or_shape_is_named() -> None:
    assert "clock" in (local.unusable(state({"room": "1"}, {"notes": "yesterday"})) or "")
    assert "clock" in (local.unusable(state({"room": "1"}, created="now")) or "")
    assert "malformed" in (local.unusable(state({"room": "1"}, clocks=[])) or "")
    assert local.unusable(state({})) is None
