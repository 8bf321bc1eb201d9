"""From the household file (一户一档): record a visit with a need, raise a need, refer a
member — each saved through the real dialogs and shown at once in the file's own tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import wait_idle


def _open(window: Any, qtbot: Any, read_db: Any) -> tuple[Any, str]:
    hid = read_db(
        "SELECT id FROM household WHERE deleted = 0 ORDER BY household_no LIMIT 1 OFFSET 3"
    )[0]["id"]
    with qtbot.waitSignal(window.household_opened, timeout=5000):
        window.open_household(hid)
    wait_idle(qtbot, window)
    return window.pages["household"], hid


def _action(detail: Any, key: str) -> Any:
    return next(b for b, spec in detail.action_buttons if spec.key == key)


def _tab_rows(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_record_visit_and_need_from_the_household(window: Any, qtbot: Any, read_db: Any) -> None:
    detail, hid = _open(window, qtbot, read_db)
    visits_before = len(read_db("SELECT id FROM visit WHERE household_id = ?", (hid,)))
    _action(detail, "visit").click()
    wait_idle(qtbot, window)
    dialog = window.household_action_dialog
    assert dialog.isVisible()
    household_no = read_db("SELECT household_no FROM household WHERE id = ?", (hid,))[0][0]
    assert household_no in dialog.summary_view.text()  # the household stays in view
    dialog.visitor.setText("刘书记")
    dialog.notes.insertPlainText("孩子转学手续已问清")
    dialog.need_description.setText("申请公益性岗位")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert dialog.result() == dialog.DialogCode.Accepted
    visits = read_db("SELECT notes, visitor FROM visit WHERE household_id = ?", (hid,))
    assert len(visits) == visits_before + 1
    assert ("孩子转学手续已问清", "刘书记") in [tuple(v) for v in visits]
    needs = read_db(
        "SELECT description, status FROM need WHERE household_id = ? AND visit_id IS NOT NULL",
        (hid,),
    )
    assert ("申请公益性岗位", "open") in [tuple(n) for n in needs]
    # The file reloads itself: the new visit and need are in its tabs.
    assert any("孩子转学手续已问清" in row for row in _tab_rows(detail.visits))
    assert any("申请公益性岗位" in row for row in _tab_rows(detail.needs))


def test_raise_need_from_the_household(window: Any, qtbot: Any, read_db: Any) -> None:
    detail, hid = _open(window, qtbot, read_db)
    _action(detail, "need").click()
    wait_idle(qtbot, window)
    dialog = window.household_action_dialog
    dialog.save()  # no description: refused, the field named in place
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.description.setText("楼道灯不亮")
    dialog.save()
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    assert read_db(
        "SELECT 1 FROM need WHERE household_id = ? AND description = '楼道灯不亮'", (hid,)
    )
    assert any("楼道灯不亮" in row for row in _tab_rows(detail.needs))


def test_refer_a_member_from_the_household(window: Any, qtbot: Any, read_db: Any) -> None:
    detail, hid = _open(window, qtbot, read_db)
    detail.members.clearSelection()
    # Without a member selected the button says what to do instead of failing.
    QApplication.processEvents()
    detail.members.setCurrentCell(-1, -1)
    qtbot.waitUntil(lambda: detail.selected_member() is None, timeout=2000)

    def answer_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.accept()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, answer_box)
    _action(detail, "referral").click()

    detail.members.selectRow(0)
    member_id = detail.members.item(0, 0).data(Qt.ItemDataRole.UserRole)
    _action(detail, "referral").click()
    wait_idle(qtbot, window)
    dialog = window.household_action_dialog
    assert detail.members.item(0, 0).text() in dialog.who.text()
    dialog.employer.setText("同心社区就业帮扶车间")
    dialog.position.setText("缝纫工")
    dialog.wage.setText("2800")
    dialog.referred_by.setText("王楼长")
    dialog.save()
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    stored = read_db(
        "SELECT employer, position, building_head_id FROM referral WHERE person_id = ?"
        " AND employer = '同心社区就业帮扶车间'",
        (member_id,),
    )
    assert stored and stored[0]["position"] == "缝纫工"
    head = read_db(
        "SELECT b.building_head_id FROM household h JOIN building b ON b.id = h.building_id"
        " WHERE h.id = ?",
        (hid,),
    )[0][0]
    assert stored[0]["building_head_id"] == head  # counts for the head of that building
    assert any("同心社区就业帮扶车间" in row for row in _tab_rows(detail.referrals))


def _printed(window: Any, qtbot: Any) -> Any:
    page = window.pages["print"]
    qtbot.waitUntil(
        lambda: page.last_pdf is not None or "color" in page.note.styleSheet(), timeout=30000
    )
    assert page.last_pdf is not None, page.note.text()
    qtbot.waitUntil(lambda: page.preview_pages >= 1, timeout=15000)
    wait_idle(qtbot, window)
    return page


def test_print_the_household_card_from_the_household(window: Any, qtbot: Any, read_db: Any) -> None:
    import subprocess

    detail, hid = _open(window, qtbot, read_db)
    household_no = read_db("SELECT household_no FROM household WHERE id = ?", (hid,))[0][0]
    _action(detail, "print_card").click()
    page = _printed(window, qtbot)
    # The print page is in front, with the card in its preview.
    assert window.stack.currentWidget() is page
    assert page.isVisible() and page.kind.currentData() == "household_card"
    assert page.key.text() == household_no
    text = subprocess.run(
        ["pdftotext", "-layout", str(page.last_pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "户情卡" in text and household_no in text
    audited = read_db("SELECT subject_table, subject_id FROM audit WHERE action = 'print'")
    assert [tuple(r) for r in audited] == [("household", hid)]


def test_print_a_members_permit_application_from_the_household(
    window: Any, qtbot: Any, read_db: Any
) -> None:
    import subprocess

    detail, _hid = _open(window, qtbot, read_db)
    detail.members.selectRow(0)
    member = detail.selected_member()
    assert member is not None
    _action(detail, "print_permit").click()
    page = _printed(window, qtbot)
    assert page.kind.currentData() == "residence_permit"
    text = subprocess.run(
        ["pdftotext", str(page.last_pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "居住证申领登记表" in text and member["id_number"] in text
    audited = read_db("SELECT subject_table, subject_id FROM audit WHERE action = 'print'")
    assert [tuple(r) for r in audited] == [("person", member["id"])]
