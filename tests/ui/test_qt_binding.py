"""The Qt binding itself keeps Python's reference counts: a binding that loses a reference to
None on every call returning None aborts the app after a long session (PySide6 6.12 on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot


def test_qt_calls_returning_none_keep_nones_count(qtbot: QtBot) -> None:
    box = QComboBox()
    qtbot.addWidget(box)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert box.currentData() is None
        assert box.property("no such property") is None
    # other threads may hold a few Nones for a moment; a leak loses one per call
    assert abs(sys.getrefcount(None) - before) < 500
