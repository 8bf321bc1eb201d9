"""Households and people: search and open, edit a member (invalid then valid ID), add, move,
remove; lists filter and sort. Every check reads the database back through its own
connection; the app's own work runs on its DB worker only (checked by the fixture)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.conftest import id_number, type_text, wait_idle


def _open_first_household(window: Any, qtbot: Any) -> Any:
    page = window.show_page("households")
    wait_idle(qtbot, window)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(window.household_opened, timeout=5000):
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    return window.pages["household"]


def _dialog(kind: type) -> Any:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, f"no {kind.__name__} open"
    return found[-1]


def test_search_and_open_household(window: Any, qtbot: Any, read_db: Any) -> None:
    person = read_db(
        "SELECT p.name, p.household_id FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted = 0 AND h.deleted = 0 ORDER BY p.rowid LIMIT 1 OFFSET 17"
    )[0]
    box = window.search
    box.setFocus()
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        type_text(qtbot, box, person["name"])
    assert box.popup.isVisible()
    assert any(hit.household_id == person["household_id"] for hit in box.last_results)
    # Move to that hit with the keyboard and open it with Enter.
    row = next(
        i for i, hit in enumerate(box.last_results) if hit.household_id == person["household_id"]
    )
    box.popup.setCurrentRow(row)
    with qtbot.waitSignal(window.household_opened, timeout=5000) as opened:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened.args == [person["household_id"]]
    detail = window.pages["household"]
    assert window.stack.currentWidget() is detail
    names = [detail.members.item(r, 0).text() for r in range(detail.members.rowCount())]
    assert person["name"] in names


def test_search_by_pinyin_initials_and_room(window: Any, qtbot: Any, read_db: Any) -> None:
    room = read_db(
        "SELECT b.number || '-' || h.unit || '-' || h.room AS k FROM household h"
        " JOIN building b ON b.id = h.building_id WHERE h.deleted = 0 LIMIT 1"
    )[0]["k"]
    box = window.search
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        box.setText(room)
        box.textEdited.emit(room)
    assert any(room in hit.title or room in hit.detail for hit in box.last_results)


def test_edit_member_invalid_then_valid_id(window: Any, qtbot: Any, read_db: Any) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    detail = _open_first_household(window, qtbot)
    member_id = detail.members.item(0, 0).data(Qt.ItemDataRole.UserRole)
    before = read_db("SELECT * FROM person WHERE id = ?", (member_id,))[0]
    detail.members.selectRow(0)
    detail.member_buttons["edit"].click()
    dialog = _dialog(PersonEditDialog)
    id_box = dialog.boxes["id_number"]
    editor = id_box.editor
    assert isinstance(editor, QLineEdit)

    # An ID number with a wrong check character: the error shows under the field at once.
    wrong = before["id_number"][:17] + ("0" if before["id_number"][17] != "0" else "1")
    editor.clear()
    qtbot.keyClicks(editor, wrong)
    assert id_box.message.isVisible()
    assert id_box.message.text()
    assert editor.property("invalid") is True
    dialog.save_button.click()
    wait_idle(qtbot, window)
    assert dialog.isVisible()  # not saved, nothing lost
    after = read_db("SELECT id_number, updated_at FROM person WHERE id = ?", (member_id,))[0]
    assert after["id_number"] == before["id_number"]
    assert after["updated_at"] == before["updated_at"]

    # A valid ID number that agrees with the member's gender and birth date.
    born = datetime.date.fromisoformat(before["birth_date"])
    seq = 991 if before["gender"] == "male" else 990
    valid = id_number("522731", born, seq)
    editor.clear()
    qtbot.keyClicks(editor, valid)
    assert not id_box.message.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    stored = read_db("SELECT id_number FROM person WHERE id = ?", (member_id,))[0]
    assert stored["id_number"] == valid
    # Visible, masked, in the household's member list and in the outbox (unsent changes).
    from relocdesk.validation import mask_id_number

    ids = [detail.members.item(r, 4).text() for r in range(detail.members.rowCount())]
    assert mask_id_number(valid) in ids and valid not in ids
    outbox = read_db("SELECT fields FROM outbox WHERE row_id = ? ORDER BY seq DESC", (member_id,))
    assert valid.encode() in bytes(outbox[0]["fields"])


def test_duplicate_id_number_shown_in_place(window: Any, qtbot: Any, read_db: Any) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    detail = _open_first_household(window, qtbot)
    member_id = detail.members.item(0, 0).data(Qt.ItemDataRole.UserRole)
    other = read_db(
        "SELECT id_number, gender, birth_date FROM person WHERE id <> ? AND deleted = 0"
        " AND id_number IS NOT NULL LIMIT 1",
        (member_id,),
    )[0]
    before = read_db("SELECT updated_at FROM person WHERE id = ?", (member_id,))[0][0]
    detail.members.selectRow(0)
    detail.member_buttons["edit"].click()
    dialog = _dialog(PersonEditDialog)
    # Someone else's ID number, with the gender and birth date it encodes: every field is
    # valid on its own, and only the database can tell it is taken.
    dialog.boxes["gender"].set_value(other["gender"])
    dialog.boxes["birth_date"].set_value(other["birth_date"])
    dialog.boxes["id_number"].editor.setText(other["id_number"])
    assert dialog.check_all()
    dialog.save_button.click()
    wait_idle(qtbot, window)
    assert dialog.isVisible()
    message = dialog.boxes["id_number"].message
    assert message.isVisible() and "身份证" in message.text()
    assert read_db("SELECT updated_at FROM person WHERE id = ?", (member_id,))[0][0] == before
    dialog.reject()


def test_add_move_and_remove_member(
    window: Any, qtbot: Any, read_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.person_edit import PersonEditDialog
    from ui.views.household_detail import MoveMemberDialog

    detail = _open_first_household(window, qtbot)
    household_id = detail.household_id
    count = detail.members.rowCount()

    detail.member_buttons["add"].click()
    dialog = _dialog(PersonEditDialog)
    type_text(qtbot, dialog.boxes["name"].editor, "测试新")
    new_id = id_number("522731", datetime.date(2012, 5, 6), 123)
    qtbot.keyClicks(dialog.boxes["id_number"].editor, new_id)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    row = read_db("SELECT * FROM person WHERE id_number = ?", (new_id,))[0]
    assert row["household_id"] == household_id
    assert row["gender"] == "male" and row["birth_date"] == "2012-05-06"  # from the ID number
    assert detail.members.rowCount() == count + 1

    # Move the new member to another household found by its room.
    target = read_db(
        "SELECT h.id, b.number || '-' || h.unit || '-' || h.room AS k FROM household h"
        " JOIN building b ON b.id = h.building_id WHERE h.id <> ? AND h.deleted = 0"
        " ORDER BY h.rowid DESC LIMIT 1",
        (household_id,),
    )[0]
    new_row = next(
        r
        for r in range(detail.members.rowCount())
        if detail.members.item(r, 0).data(Qt.ItemDataRole.UserRole) == row["id"]
    )
    detail.members.selectRow(new_row)
    detail.member_buttons["move"].click()
    move = _dialog(MoveMemberDialog)
    move.query.setText(target["k"])
    move.query.textEdited.emit(target["k"])
    wait_idle(qtbot, window)
    for i in range(move.results.count()):
        if move.results.item(i).data(Qt.ItemDataRole.UserRole) == target["id"]:
            move.results.setCurrentRow(i)
    with qtbot.waitSignal(move.moved, timeout=5000):
        move.do_move()
    wait_idle(qtbot, window)
    moved = read_db("SELECT household_id FROM person WHERE id = ?", (row["id"],))[0]
    assert moved["household_id"] == target["id"]
    assert detail.members.rowCount() == count

    # Remove (tombstone) a member of the target household, confirming the question.
    window.open_household(target["id"])
    wait_idle(qtbot, window)
    new_row = next(
        r
        for r in range(detail.members.rowCount())
        if detail.members.item(r, 0).data(Qt.ItemDataRole.UserRole) == row["id"]
    )
    detail.members.selectRow(new_row)
    from PySide6.QtWidgets import QMessageBox

    # The person answers Yes to "Remove … from this household?".
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    detail.member_buttons["remove"].click()
    wait_idle(qtbot, window)
    gone = read_db("SELECT deleted FROM person WHERE id = ?", (row["id"],))[0]
    assert gone["deleted"] == 1
    names = [detail.members.item(r, 0).text() for r in range(detail.members.rowCount())]
    assert "测试新" not in names


def test_removing_the_head_says_to_name_the_new_head_first(
    window: Any, qtbot: Any, read_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    detail = _open_first_household(window, qtbot)
    head = read_db("SELECT head_person_id FROM household WHERE id = ?", (detail.household_id,))
    head_id = head[0]["head_person_id"]
    assert head_id and detail.members.rowCount() > 1
    detail.members.selectRow(
        next(
            r
            for r in range(detail.members.rowCount())
            if detail.members.item(r, 0).data(Qt.ItemDataRole.UserRole) == head_id
        )
    )
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, title, text, *a: told.append(text))
    )
    detail.member_buttons["remove"].click()
    wait_idle(qtbot, window)
    assert len(told) == 1 and "户主" in told[0] and "Traceback" not in told[0]
    kept = read_db("SELECT deleted FROM person WHERE id = ?", (head_id,))[0]
    assert kept["deleted"] == 0


def test_edit_household_income_and_cancel_keeps_saved(
    window: Any, qtbot: Any, read_db: Any
) -> None:
    from ui.dialogs.household_edit import HouseholdEditDialog

    detail = _open_first_household(window, qtbot)
    hid = detail.household_id
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    wages = dialog.boxes["income_wages"].editor
    wages.clear()
    qtbot.keyClicks(wages, "abc")
    assert dialog.boxes["income_wages"].message.isVisible()
    wages.clear()
    qtbot.keyClicks(wages, "36000")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    assert read_db("SELECT income_wages FROM household WHERE id = ?", (hid,))[0][0] == 36000
    # A second edit cancelled: the first save stays.
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    dialog.boxes["income_wages"].editor.setText("1")
    dialog.cancel_button.click()
    wait_idle(qtbot, window)
    assert read_db("SELECT income_wages FROM household WHERE id = ?", (hid,))[0][0] == 36000
    members = detail.members.rowCount()
    total = sum(
        float(read_db(f"SELECT {k} FROM household WHERE id = ?", (hid,))[0][0])
        for k in ("income_wages", "income_business", "income_transfers", "income_property")
    )
    assert detail.income_values["per_capita"].text() == f"{total / members:,.0f}"


def test_lists_filter_and_sort(window: Any, qtbot: Any, read_db: Any) -> None:
    page = window.show_page("households")
    wait_idle(qtbot, window)
    total = read_db("SELECT count(*) FROM household WHERE deleted = 0 AND status = 'active'")[0][0]
    assert page.model.rowCount() == total
    monitored = read_db(
        "SELECT count(*) FROM household WHERE deleted = 0 AND monitored = 1 AND status = 'active'"
    )[0][0]
    page.flag.setCurrentIndex(page.flag.findData("monitored"))
    wait_idle(qtbot, window)
    assert page.model.rowCount() == monitored
    page.flag.setCurrentIndex(0)
    wait_idle(qtbot, window)
    page.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # members
    wait_idle(qtbot, window)
    counts = [int(page.model.data(page.model.index(r, 3))) for r in range(20)]
    assert counts == sorted(counts, reverse=True)

    people = window.show_page("people")
    wait_idle(qtbot, window)
    unemployed = read_db(
        "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted = 0 AND h.deleted = 0 AND p.employment_status = 'unemployed_willing'"
    )[0][0]
    people.employment.setCurrentIndex(people.employment.findData("unemployed_willing"))
    wait_idle(qtbot, window)
    assert people.model.rowCount() == unemployed
    # Enter on a row opens its household.
    people.view.setFocus()
    people.view.setCurrentIndex(people.model.index(0, 0))
    expected = people.model.household_id(0)
    with qtbot.waitSignal(window.household_opened, timeout=5000) as opened:
        qtbot.keyClick(people.view, Qt.Key.Key_Return)
    assert opened.args == [expected]


def test_lazy_model_scrolls_to_the_end(window: Any, qtbot: Any, read_db: Any) -> None:
    page = window.show_page("people")
    wait_idle(qtbot, window)
    last = page.model.rowCount() - 1
    assert (
        last + 1
        == read_db(
            "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
            " WHERE p.deleted = 0 AND h.deleted = 0 AND h.status = 'active'"
        )[0][0]
    )
    assert page.model.row(last) is None  # only the first pages are fetched up front
    page.view.scrollToBottom()
    wait_idle(qtbot, window)
    found = page.model.row(last)
    assert found is not None
    stored = read_db("SELECT name FROM person WHERE id = ?", (found["id"],))[0]
    assert page.model.data(page.model.index(last, 0)) == stored["name"]


def test_opening_the_people_list_reads_it_once(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    """The building choices arrive after the first read and re-apply "all buildings": that
    must not read the list again (at 100,000 people a second full read of the list's own
    order held the reader, and the first sort after opening waited seconds behind it)."""
    from relocdesk.queries import lists

    reads: list[tuple[str, Any]] = []
    count, window_of = lists.list_count, lists.list_window

    def counted(conn: Any, kind: Any, query: Any) -> int:
        reads.append(("count", query))
        return count(conn, kind, query)

    def windowed(conn: Any, kind: Any, query: Any, at: int, n: int) -> Any:
        reads.append(("window", query))
        return window_of(conn, kind, query, at, n)

    monkeypatch.setattr(lists, "list_count", counted)
    monkeypatch.setattr(lists, "list_window", windowed)
    people = window.show_page("people")
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)  # the building choices have come back and been applied
    assert people.building.count() > 1
    assert [kind for kind, _ in reads] == ["count", "window"]
    reads.clear()
    people.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, window)
    assert [(kind, q.sort, q.descending) for kind, q in reads] == [("window", "name", True)]


def test_lazy_model_at_100k_rows(window: Any, qtbot: Any) -> None:
    """100,000 rows: true row count, any row on demand, right order, memory bounded."""
    from PySide6.QtWidgets import QTableView

    from ui.models import lazy

    def fill(desk: Any) -> None:  # on the worker, like every statement of the app
        # One transaction (the connection autocommits): 100,000 commits would each write
        # and encrypt a WAL frame.
        with desk.transaction():
            desk.conn.execute("CREATE TABLE bulk (id TEXT, name TEXT)")
            desk.conn.executemany(
                "INSERT INTO bulk (rowid, id, name) VALUES (?, ?, ?)",
                ((n, f"id{n}", f"name{n:06d}") for n in range(1, 100_001)),
            )

    window.tasks.run_db(fill)
    wait_idle(qtbot, window)

    def count(desk: Any, query: Any) -> int:
        return int(desk.conn.execute("SELECT count(*) FROM bulk").fetchone()[0])

    def rows(desk: Any, query: Any, offset: int, limit: int) -> list[dict[str, Any]]:
        order = "rowid"
        if query.sort is not None:
            order = f"{query.sort} {'DESC' if query.descending else 'ASC'}"
        cur = desk.conn.execute(
            f"SELECT rowid, id, name FROM bulk ORDER BY {order} LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [dict(r) for r in cur]

    def all_ids(desk: Any, query: Any) -> list[int]:  # an export's read; not used here
        return [r["rowid"] for r in rows(desk, query, 0, -1)]

    def by_rowid(desk: Any, rowids: Any) -> dict[int, Any]:
        return {}

    source = lazy.Source(
        columns=[lazy.Column("name", "Name")],
        count=count,
        window=rows,
        ids=all_ids,
        rows=by_rowid,
    )
    model = lazy.LazyTableModel(window.tasks, source)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 600)
    view.show()
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.reload()
    assert model.rowCount() == 100_000
    for row in (0, 99_999, 50_000, 12_345, 87_654, *range(0, 100_000, 2_500)):
        view.scrollTo(model.index(row, 0))
        QApplication.processEvents()  # the view asks for what it shows: fetched on the worker
        wait_idle(qtbot, window)
        assert model.data(model.index(row, 0)) == f"name{row + 1:06d}"
        assert len(model._rows) <= lazy.CACHE_ROWS
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    view.scrollToTop()
    QApplication.processEvents()
    wait_idle(qtbot, window)
    assert model.data(model.index(0, 0)) == "name100000"


def test_rooms_listed_in_walking_order(window: Any, qtbot: Any) -> None:
    """Room 101 before 1001, building 2 before 10: the order staff walk the buildings."""

    def high_floor(desk: Any) -> None:  # a tenth-floor room beside first-floor ones
        first = desk.conn.execute(
            "SELECT h.id FROM household h JOIN building b ON b.id = h.building_id"
            " WHERE b.number = '1' AND h.deleted = 0 ORDER BY h.unit, h.room LIMIT 1"
        ).fetchone()[0]
        desk.households.update(first, room="1001")

    window.tasks.run_db(high_floor)
    page = window.show_page("households")
    wait_idle(qtbot, window)
    page.model.reload()
    wait_idle(qtbot, window)
    keys = []
    for r in range(min(page.model.rowCount(), 200)):
        row = page.model.row(r)
        assert row is not None
        building, unit, room = row["room_key"].split("-")
        keys.append((int(building), unit, int(room)))
    assert keys == sorted(keys)
    assert 1001 in [room for _b, _u, room in keys]


@pytest.mark.parametrize(
    ("language", "note"),
    [("zh_CN", "县服务器不向楼栋长发送"), ("en", "neither sends them to building heads")],
)
def test_building_head_sees_health_fields_read_only(
    window: Any, qtbot: Any, read_db: Any, note: str
) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    done: list[Any] = []
    # As enrolment leaves it (relocdesk.sync.client stores the role the server gave).
    window.tasks.run_db(lambda d: d.set_setting("sync_role", "building_head"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    detail = _open_first_household(window, qtbot)
    wait_idle(qtbot, window)
    member_id = detail.members.item(0, 0).data(Qt.ItemDataRole.UserRole)
    detail.members.selectRow(0)
    detail.member_buttons["edit"].click()
    dialog = _dialog(PersonEditDialog)
    health = ("disability_grade", "serious_illness", "severe_disability")
    assert all(not dialog.boxes[f].editor.isEnabled() for f in health)
    assert dialog.boxes["employer"].editor.isEnabled()
    assert dialog.locked_note.isVisible() and note in dialog.locked_note.text()
    dialog.boxes["employer"].editor.setText("惠水县帮扶车间")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    wait_idle(qtbot, window)
    fields = read_db("SELECT fields FROM outbox WHERE row_id = ? ORDER BY seq DESC", (member_id,))
    sent = bytes(fields[0]["fields"]).decode()
    assert "惠水县帮扶车间" in sent and not any(f in sent for f in health)
    # The ID number shown masked is neither checked as a wrong number nor written back.
    assert "id_number" not in sent and "*" not in sent
    # A new member's form sends every field: still none of these.
    detail.member_buttons["add"].click()
    adding = _dialog(PersonEditDialog)
    assert not adding.boxes["severe_disability"].editor.isEnabled()
    adding.reject()


def test_staff_edit_health_fields(window: Any, qtbot: Any) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    detail = _open_first_household(window, qtbot)
    wait_idle(qtbot, window)
    detail.members.selectRow(0)
    detail.member_buttons["edit"].click()
    dialog = _dialog(PersonEditDialog)
    assert dialog.boxes["serious_illness"].editor.isEnabled()
    assert not dialog.locked_note.isVisible()
    dialog.reject()
