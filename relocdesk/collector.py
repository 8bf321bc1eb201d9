"""The cyclic garbage collector, paused for bulk work.

A 40,000-row roster import or a warnings evaluation makes millions of tuples, lists and
dicts, none in a cycle; every few thousand of them would start a collection over the whole
heap (a fifth to a third of the work's time). The pause is process-wide and nests: only the
outermost pause turns the collector back on. The desktop app keeps the collector off
altogether and collects on its GUI thread (``ui.tasks.collect_on_gui_thread``), so there a
pause changes nothing.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def pausing(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` runs inside ``paused()``."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused():
            return fn(*args, **kwargs)

    return run
