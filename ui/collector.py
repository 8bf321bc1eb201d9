"""Garbage collection on the GUI thread only.

Python runs a cyclic collection on whichever thread happens to allocate next. In this app
that is often a database or network worker, and a collection there may free Qt objects
whose cycles were made on the GUI thread: Qt then crashes (a segmentation fault seen in the
test suite during a roster import). So, as Anki does, the collector's automatic runs are
switched off and this timer runs the same schedule Python would, on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

INTERVAL_MS = 500
_NAME = "relocdeskCollector"


def collect_due() -> int | None:
    """Collect the oldest generation whose count is past its threshold (Python's own rule);
    returns the generation collected, or None."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = next((g for g in (2, 1, 0) if counts[g] > thresholds[g]), None)
    if due is not None:
        gc.collect(due)
    return due


def collect_on_gui_thread(app: QCoreApplication) -> QTimer:
    """Switch automatic collection off and collect from a timer of ``app`` (once per app)."""
    found = app.findChild(QTimer, _NAME)
    if isinstance(found, QTimer):
        return found
    gc.disable()
    timer = QTimer(app)
    timer.setObjectName(_NAME)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer
