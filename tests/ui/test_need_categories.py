"""The need dialog offers only the categories this device may record: a building head's
device is kept from health data, so it is not offered a medical need (the façade would refuse
it, naming the field); an office device is offered every category."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import wait_idle
from tests.ui.test_household_actions import _action, _open


def _offered(window: Any, qtbot: Any, read_db: Any) -> list[str]:
    detail, _ = _open(window, qtbot, read_db)
    _action(detail, "need").click()
    wait_idle(qtbot, window)
    dialog = window.household_action_dialog
    assert dialog.isVisible()
    combo = dialog.category
    offered = [combo.itemData(i) for i in range(combo.count())]
    dialog.reject()
    return offered


@pytest.mark.parametrize(("role", "medical"), [("", True), ("building_head", False)])
def test_the_need_dialog_offers_what_the_device_may_record(
    window: Any, qtbot: Any, read_db: Any, role: str, medical: bool
) -> None:
    done: list[Any] = []
    window.tasks.run_db(lambda d: d.set_setting("sync_role", role or None), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    offered = _offered(window, qtbot, read_db)
    assert ("medical" in offered) is medical
    assert {"employment", "housing"} <= set(offered)
