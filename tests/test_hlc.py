from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relocdesk import hlc


def test_ticks_never_go_backwards_even_when_the_wall_clock_does() -> None:
    times = iter([100.0, 100.0, 99.0, 101.0])
    clock = hlc.Clock("dev1", now=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4


def test_observe_moves_past_a_remote_clock() -> None:
    clock = hlc.Clock("aaa", now=lambda: 1.0)
    remote = hlc.make(5_000, 3, "zzz")
    clock.observe(remote)
    assert clock.tick() > remote


def test_restarting_from_the_last_clock_continues_after_it() -> None:
    first = hlc.Clock("d", now=lambda: 10.0)
    last = [first.tick() for _ in range(3)][-1]
    again = hlc.Clock("d", last, now=lambda: 9.0)
    assert again.tick() > last


@given(
    a=st.tuples(
        st.integers(0, 10**15),
        st.integers(0, 0xFFFF),
        st.text("abcdef0123456789", min_size=1, max_size=16),
    ),
    b=st.tuples(
        st.integers(0, 10**15),
        st.integers(0, 0xFFFF),
        st.text("abcdef0123456789", min_size=1, max_size=16),
    ),
)
def test_string_order_is_time_then_counter_then_device(
    a: tuple[int, int, str], b: tuple[int, int, str]
) -> None:
    sa, sb = hlc.make(*a), hlc.make(*b)
    assert hlc.parse(sa) == a
    if a[:2] != b[:2]:
        assert (sa < sb) == (a[:2] < b[:2])
