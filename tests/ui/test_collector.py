"""Cyclic garbage is collected on the GUI thread, never on a worker (ui.collector)."""

from __future__ import annotations

import gc
import threading
from typing import Any


class _Node:
    def __init__(self, freed: list[bool]) -> None:
        self.freed = freed
        self.me = self  # a cycle: only the cyclic collector frees it

    def __del__(self) -> None:
        self.freed.append(threading.current_thread() is threading.main_thread())


def test_the_app_collects_cycles_on_the_gui_thread_only(qapp: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QTimer

    from ui.app import create_application
    from ui.collector import INTERVAL_MS

    assert create_application([]) is qapp
    timer = qapp.findChild(QTimer, "relocdeskCollector")
    assert timer is not None and timer.isActive() and timer.interval() == INTERVAL_MS
    assert not gc.isenabled()

    freed: list[bool] = []
    _Node(freed)
    # Enough new container objects to start several automatic collections on this thread.
    kept: list[list[Any]] = []
    worker = threading.Thread(target=lambda: kept.extend([] for _ in range(100_000)))
    worker.start()
    worker.join()
    assert freed == []  # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: bool(freed), timeout=5000)
    assert freed == [True]
