"""The sync page: status without a sync engine, and the conflicts inbox (confirm keeps the
winner, reverse writes the lost value back as a new edit) on conflict rows we insert."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QApplication


def settle(window: Any, qtbot: Any) -> None:
    for _ in range(3):
        done: list[bool] = []
        window.tasks.barrier(lambda done=done: done.append(True))
        qtbot.waitUntil(lambda done=done: bool(done), timeout=15000)
        QApplication.processEvents()


def on_worker(window: Any, qtbot: Any, fn: Any) -> Any:
    out: list[Any] = []
    window.tasks.run_db(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=15000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def make_conflicts(desk: Any) -> dict[str, Any]:
    """Two households whose phone another device changed at the same time as this one."""
    households = [
        dict(r)
        for r in desk.conn.execute(
            "SELECT id, household_no, phone FROM household WHERE deleted = 0 ORDER BY household_no"
            " LIMIT 2"
        )
    ]
    made = []
    with desk.transaction() as w:
        for n, h in enumerate(households):
            lost = f"1370000000{n}"
            made.append(
                w.insert(
                    "conflict",
                    {
                        "tbl": "household",
                        "row_id": h["id"],
                        "field": "phone",
                        "lost_value": orjson.dumps(lost).decode(),
                        "won_value": orjson.dumps(h["phone"]).decode(),
                        "lost_clock": f"0001732280000000-0000-otherdevice{n}",
                        "won_clock": f"0001732280000001-0000-{desk.device_id}",
                        "lost_device": f"otherdevice{n}",
                        "won_device": desk.device_id,
                    },
                )
            )
    return {"households": households, "conflicts": made, "unsent": desk.unsent_count()}


def test_conflicts_inbox_confirm_and_reverse(window: Any, qtbot: Any) -> None:
    made = on_worker(window, qtbot, make_conflicts)
    page = window.show_page("sync")
    settle(window, qtbot)
    rows = page.conflicts.rows_model.rows
    assert [r["id"] for r in rows] == [c["id"] for c in made["conflicts"]]
    assert (
        rows[0]["lost"] == "13700000000"
        and rows[0]["subject"] == made["households"][0]["household_no"]
    )
    assert "2" in page.inbox_box.title()

    # Confirm the first: the winner stays.
    page.conflicts.selectRow(0)
    page.confirm_button.click()
    settle(window, qtbot)
    first = made["conflicts"][0]
    stored = on_worker(
        window,
        qtbot,
        lambda d: dict(
            d.conn.execute(
                "SELECT resolution, resolved_at FROM conflict WHERE id = ?", (first["id"],)
            ).fetchone()
        ),
    )
    assert stored["resolution"] == "confirmed" and stored["resolved_at"]
    phone = on_worker(window, qtbot, lambda d: d.households.get(first["row_id"])["phone"])
    assert phone == made["households"][0]["phone"]
    assert [r["id"] for r in page.conflicts.rows_model.rows] == [made["conflicts"][1]["id"]]

    # Reverse the second: the lost value comes back as a new edit that will sync.
    second = made["conflicts"][1]
    page.conflicts.selectRow(0)
    page.reverse_button.click()
    settle(window, qtbot)
    after = on_worker(
        window,
        qtbot,
        lambda d: {
            "phone": d.households.get(second["row_id"])["phone"],
            "resolution": d.conn.execute(
                "SELECT resolution FROM conflict WHERE id = ?", (second["id"],)
            ).fetchone()[0],
            "ops": [
                r[0]
                for r in d.conn.execute(
                    "SELECT fields FROM outbox WHERE tbl = 'household' AND row_id = ?",
                    (second["row_id"],),
                )
            ],
            "unsent": d.unsent_count(),
        },
    )
    assert after["phone"] == "13700000001" and after["resolution"] == "reversed"
    assert any(
        b"13700000001" in (op if isinstance(op, bytes) else op.encode()) for op in after["ops"]
    )
    # Two conflict resolutions and one household edit went to the outbox.
    assert after["unsent"] == made["unsent"] + 3
    assert page.conflicts.rows_model.rows == []
    assert window.status_conflicts.text().endswith("0")  # the status bar counts open ones


def test_sync_status_without_engine(window: Any, qtbot: Any) -> None:
    page = window.show_page("sync")
    settle(window, qtbot)
    unsent = on_worker(window, qtbot, lambda d: d.unsent_count())
    assert page.unsent.text() == str(unsent)
    if not page.status.get("installed"):
        assert not page.sync_button.isEnabled() and not page.enroll_button.isEnabled()
    assert page.password.echoMode() == page.password.EchoMode.Password


def test_enroll_and_sync_now_with_a_real_server(window: Any, qtbot: Any, tmp_path: Any) -> None:
    """A county server on 127.0.0.1 knows this community; the person enrolls and syncs."""
    pytest.importorskip("fastapi")
    import keyring

    from relocdesk.server.storage import Storage
    from tests.sync.harness import LiveServer, MemoryKeyring

    old_ring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    storage = Storage(f"sqlite:///{tmp_path / 'server.db'}")
    storage.create_all()
    server = LiveServer(storage).start()
    try:
        community = on_worker(window, qtbot, lambda d: d.community_id)
        storage.create_community("锦绣社区", community_id=community, county="惠水县")
        storage.create_user("secretary", "correct horse 42", "secretary", community)

        page = window.show_page("sync")
        settle(window, qtbot)
        assert page.state.text() in ("未注册", "Not enrolled")
        page.url.setText(server.url)
        page.user.setText("secretary")
        page.password.setText("correct horse 42")
        page.enroll_button.click()
        assert page.password.text() == ""  # never kept, not even in the field
        settle(window, qtbot)
        assert page.status.get("enrolled"), page.enroll_note.text()
        assert page.sync_button.isEnabled()

        unsent = on_worker(window, qtbot, lambda d: d.unsent_count())
        assert unsent > 0
        page.sync_now()
        qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=120000)
        settle(window, qtbot)
        assert page.error.text() == "", page.error.text()
        assert on_worker(window, qtbot, lambda d: d.unsent_count()) == 0
        assert page.unsent.text() == "0" and page.status.get("last_sync")
        assert str(unsent) in page.report.text()
        assert window.status_online.text() in ("在线", "Online")
        window.grab().save(str(tmp_path / "sync_enrolled.png"))
    finally:
        server.stop()
        storage.close()
        keyring.set_keyring(old_ring)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("code", ["upgrade_required", "server_outdated"])
def test_version_errors_said_plainly(window: Any, qtbot: Any, language: str, code: str) -> None:
    """The app too old, or the server too old: each says who has to act, in the status bar
    and on the sync page, whether the failure is fresh or the one the engine stored."""
    from relocdesk.sync import protocol
    from relocdesk.sync.client import SyncEngine
    from ui.views.sync_page import sync_error_text

    client_version = protocol.MAX_VERSION + 1 if code == "server_outdated" else 0
    error = protocol.upgrade_required(client_version)
    assert error.code == code
    plain = {
        ("zh_CN", "upgrade_required"): "本程序版本太旧，县服务器已不再接受：请安装新版本。",
        ("en", "upgrade_required"): "This version of RelocDesk is too old for the county server",
        ("zh_CN", "server_outdated"): "县服务器的版本比本程序旧：请联系县里更新服务器。",
        ("en", "server_outdated"): "The county server is older than this version of RelocDesk",
    }[(language, code)]
    assert plain in sync_error_text(error)
    # A failure the engine stored (a background or command-line sync): its text and code.
    on_worker(window, qtbot, lambda d: SyncEngine(d)._record_failure(error))
    window.refresh_status()
    settle(window, qtbot)
    assert plain in window.status_error.text()
    page = window.show_page("sync")
    settle(window, qtbot)
    assert plain in page.error.text()
    assert "protocol" not in page.error.text() and "协议" not in page.error.text()
    # Another stored failure: only the half in the interface's language, without "sync:".
    on_worker(window, qtbot, lambda d: SyncEngine(d)._record_failure(protocol.unauthorized()))
    page.refresh()
    settle(window, qtbot)
    expected = protocol.unauthorized().en if language == "en" else protocol.unauthorized().zh
    assert page.error.text() == expected
    assert window.status_error.text() == expected


def make_delete_conflict(desk: Any) -> dict[str, Any]:
    """A household deleted on another device while this one edited it, as the server's merge
    records it: a conflict on 'deleted' (the edit's side lost, the delete won)."""
    h = dict(
        desk.conn.execute(
            "SELECT id, household_no FROM household WHERE deleted = 0 ORDER BY household_no LIMIT 1"
        ).fetchone()
    )
    desk.households.update(h["id"], notes="孩子已转入安置点小学")
    desk.households.delete(h["id"])  # the delete as it came down from the server
    with desk.transaction() as w:
        c = w.insert(
            "conflict",
            {
                "tbl": "household",
                "row_id": h["id"],
                "field": "deleted",
                "lost_value": "0",
                "won_value": "1",
                "lost_clock": f"0001732280000002-0000-{desk.device_id}",
                "won_clock": "0001732280000001-0000-otherdevice",
                "lost_device": desk.device_id,
                "won_device": "otherdevice",
            },
        )
    return {"household": h, "conflict": c}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_deleted_record_edited_here_can_be_restored(
    window: Any, qtbot: Any, language: str
) -> None:
    made = on_worker(window, qtbot, make_delete_conflict)
    page = window.show_page("sync")
    settle(window, qtbot)
    page.conflicts.selectRow(0)
    settle(window, qtbot)
    model = page.conflicts.rows_model
    cells = [model.index(0, col).data() for col in range(model.columnCount())]
    if language == "zh_CN":
        assert (
            cells[2] == "已在另一台设备上删除" and cells[3] == "本机已修改" and cells[4] == "已删除"
        )
        assert page.reverse_button.text() == "恢复记录（保留本机修改）"
        assert page.confirm_button.text() == "接受删除"
    else:
        assert cells[2:5] == ["Deleted on another device", "edited here", "deleted"]
        assert page.reverse_button.text() == "Restore the record (with the edit)"
        assert page.confirm_button.text() == "Accept the delete"
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")  # a folder, to look at the page by eye
    if shots:
        page.window().resize(1100, 760)
        page.grab().save(str(Path(shots) / f"sync_delete_conflict_{language}.png"))
    page.reverse_button.click()
    settle(window, qtbot)
    hid, cid = made["household"]["id"], made["conflict"]["id"]
    after = on_worker(
        window,
        qtbot,
        lambda d: (
            dict(d.households.get(hid)),
            d.conn.execute("SELECT resolution FROM conflict WHERE id = ?", (cid,)).fetchone()[0],
        ),
    )
    assert after[0]["deleted"] == 0 and after[0]["notes"] == "孩子已转入安置点小学"
    assert after[1] == "restored"
    assert page.conflicts.rows_model.rows == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_rows_held_and_a_wrong_date_said_plainly(
    window: Any, qtbot: Any, language: str, tmp_path: Any
) -> None:
    """A server row this device cannot store is held and counted on the page; a device whose
    date is wrong is told so, on the page and in the status bar."""
    from relocdesk.server.checks import clock_ahead
    from relocdesk.sync import received
    from relocdesk.sync.client import SyncEngine

    bad = [9, "household", "f" * 32, "garbage", 0, {"household_no": "X"}, {}]
    on_worker(window, qtbot, lambda d: received.apply_page(d, [bad]))
    on_worker(window, qtbot, lambda d: SyncEngine(d)._record_failure(clock_ahead()))
    window.refresh_status()
    page = window.show_page("sync")
    settle(window, qtbot)
    held = {"zh_CN": "有 1 条无法保存在本机", "en": "this device could not store: 1."}
    assert held[language] in page.held.text()
    date = {"zh_CN": "这台电脑的日期不对", "en": "this computer's date is wrong"}[language]
    assert date in page.error.text() and date in window.status_error.text()
    page.grab().save(str(tmp_path / f"sync-held-{language}.png"))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_changes_set_aside_are_counted_on_the_page(
    window: Any, qtbot: Any, language: str, tmp_path: Any
) -> None:
    """An op the server refused is counted under "Changes set aside", in both languages, and
    "none" shows when there is none."""
    from relocdesk.sync import protocol, refused

    page = window.show_page("sync")
    settle(window, qtbot)
    assert page.refused.text() == {"zh_CN": "无", "en": "none"}[language]

    def set_one_aside(d: Any) -> int:
        op = d.conn.execute("SELECT op_id FROM outbox ORDER BY seq LIMIT 1").fetchone()[0]
        return refused.set_aside(d, [op], protocol.bad_request("坏", "bad", item=0))

    assert on_worker(window, qtbot, set_one_aside) == 1
    page.refresh()
    settle(window, qtbot)
    said = {"zh_CN": "本机有 1 项修改被服务器拒收或已损坏", "en": "refused or that are damaged: 1."}
    assert said[language] in page.refused.text()
    shots = os.environ.get("RELOCDESK_SHOTS")
    page.grab().save(str(Path(shots) if shots else tmp_path) + f"/sync-refused-{language}.png")
