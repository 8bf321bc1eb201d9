"""The household file's employment history: a member's change of work, written through the
façade on the worker, shows as a step of the timeline in both languages; a verification
shows as a tick."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import wait_idle
from tests.ui.test_household_actions import _open, _tab_rows


def _run(window: Any, qtbot: Any, fn: Any) -> Any:
    out: list[Any] = []
    window.tasks.run_db(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=15000)
    assert not isinstance(out[0], BaseException), out[0]
    return out[0]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_timeline_shows_each_change(
    window: Any, qtbot: Any, read_db: Any, language: str, tmp_path: Path
) -> None:
    detail, hid = _open(window, qtbot, read_db)
    member = read_db("SELECT id, name FROM person WHERE household_id = ? AND deleted = 0", (hid,))[
        0
    ]
    pid = member["id"]
    _run(window, qtbot, lambda d: d.people.update(pid, employment_status="unemployed_willing"))
    _run(
        window,
        qtbot,
        lambda d: d.people.update(pid, employment_status="local_job", employer="惠水帮扶车间"),
    )
    _run(window, qtbot, lambda d: d.employment.verify(pid, recorded_by="刘书记"))
    detail.reload()
    wait_idle(qtbot, window)
    rows = _tab_rows(detail.employment)
    mine = [r for r in rows if r[1] == member["name"]]
    assert len(mine) >= 2
    verified, hired = mine[0], mine[1]
    if language == "zh_CN":
        assert verified[2] == "本地就业 ✓" and verified[6] == "核实"
        assert hired[2].endswith("→ 本地就业") and hired[3].endswith("惠水帮扶车间")
        assert hired[6] == "编辑"
    else:
        assert verified[6] == "verified" and hired[6] == "edited"
    index = [w for w, _n in detail.tab_widgets].index(detail.employment)
    assert detail.tabs.tabText(index).endswith(f"({len(rows)})")
    detail.tabs.setCurrentWidget(detail.employment)
    wait_idle(qtbot, window)
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")
    window.grab().save(str(Path(shots or tmp_path) / f"employment-timeline-{language}.png"))
