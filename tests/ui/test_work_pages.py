"""The work pages against the real window on a real database: a visit, a need raised and
closed, a referral and its outcome, building heads, today's list; the GUI thread never
queries; every page drawn in both languages."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from relocdesk.desk import Desk

WORK_PAGES = (
    "today",
    "referrals",
    "visits",
    "building_heads",
    "warnings",
    "dashboard",
    "print",
    "sync",
    "settings",
)


def populate(desk: Desk) -> dict[str, Any]:
    """Rows of our own on top of the demo community, with one of everything the pages show.

    Building numbers and household numbers are our own (9x, WK...), so the demo's rows
    never mix into what a test counts.
    """
    today = datetime.date.today()

    def ago(days: int) -> str:
        return (today - datetime.timedelta(days=days)).isoformat()

    h1 = desk.building_heads.create(name="王建国", phone="13800001111")
    h2 = desk.building_heads.create(name="李秀英", phone="13900002222")
    b1 = desk.buildings.create(number="91", units=2, floors=6, building_head_id=h1["id"])
    b2 = desk.buildings.create(number="92", units=2, floors=6, building_head_id=h2["id"])
    b3 = desk.buildings.create(number="93", units=2, floors=6)
    made: dict[str, Any] = {"heads": [h1, h2], "buildings": [b1, b2, b3]}
    plan = [
        (
            "WK001",
            b1,
            "101",
            [("张三", "head", "unemployed_willing", {}), ("李梅", "spouse", "local_job", {})],
        ),
        (
            "WK002",
            b1,
            "102",
            [
                ("赵四", "head", "unemployed_willing", {}),
                ("赵小宝", "son", "in_school", {"left_behind_child": 1}),
            ],
        ),
        ("WK003", b2, "201", [("钱五", "head", "outside_county", {})]),
        ("WK004", b2, "301", [("孙老汉", "head", "not_applicable", {"elderly_alone": 1})]),
        ("WK005", b3, "401", [("周六", "head", "unemployed_willing", {})]),
    ]
    for no, building, room, members in plan:
        hh = desk.households.create(
            household_no=no, building_id=building["id"], unit=1, room=room, phone="13700003333"
        )
        ids = [
            desk.people.create(
                household_id=hh["id"], name=name, relation=rel, employment_status=emp, **extra
            )["id"]
            for name, rel, emp, extra in members
        ]
        desk.households.update(hh["id"], head_person_id=ids[0])
        made[no] = {"household": hh, "people": ids}
    desk.visits.create(
        household_id=made["WK003"]["household"]["id"],
        date=ago(5),
        visitor="刘书记",
        notes="家中情况稳定",
    )
    desk.visits.create(
        household_id=made["WK004"]["household"]["id"],
        date=ago(20),
        visitor="刘书记",
        notes="老人身体尚可",
    )
    desk.referrals.create(
        person_id=made["WK001"]["people"][0],
        date=ago(45),
        employer="惠水帮扶车间",
        position="缝纫工",
        kind="workshop",
        wage_offered=2800,
    )
    desk.referrals.create(
        person_id=made["WK001"]["people"][0],
        date=ago(10),
        employer="县城物业公司",
        position="保安",
        kind="local_firm",
    )
    desk.needs.create(
        household_id=made["WK002"]["household"]["id"],
        category="schooling",
        description="孩子转学到社区小学",
        due_date=ago(3),
        assignee="刘书记",
    )
    return made


class Harness:
    """The real main window (tests/ui/conftest.py) on the demo database, plus our rows."""

    def __init__(self, window: Any, qtbot: Any) -> None:
        self.window = window
        self.tasks = window.tasks
        self.qtbot = qtbot
        self.made: dict[str, Any] = self.db(populate)
        self.settle()

    def settle(self) -> None:
        """Wait until the worker is idle and every result has been drawn."""
        for _ in range(3):
            done: list[bool] = []
            self.tasks.barrier(lambda done=done: done.append(True))
            self.qtbot.waitUntil(lambda done=done: bool(done), timeout=15000)
            QApplication.processEvents()

    def db(self, fn: Any) -> Any:
        """Run a check on the worker (the only thread allowed to query)."""
        out: list[Any] = []
        self.tasks.run_db(fn, out.append, out.append)
        self.qtbot.waitUntil(lambda: bool(out), timeout=15000)
        if isinstance(out[0], BaseException):
            raise out[0]
        return out[0]

    def page(self, key: str) -> Any:
        page = self.window.show_page(key)
        self.settle()
        return page


@pytest.fixture
def work(window: Any, qtbot: Any) -> Harness:
    return Harness(window, qtbot)


def rows_of(table: Any) -> list[dict[str, Any]]:
    return list(table.rows_model.rows)


def select(table: Any, pred: Any) -> dict[str, Any]:
    for i, r in enumerate(table.rows_model.rows):
        if pred(r):
            table.selectRow(i)
            return r
    raise AssertionError("row not found")


# -- visits and needs -----------------------------------------------------------------------


def test_add_visit_shows_in_household_visits(work: Harness, qtbot: Any) -> None:
    page = work.page("visits")
    hid = work.made["WK005"]["household"]["id"]
    page.set_household(hid)
    work.settle()
    assert page.household["household_no"] == "WK005"
    assert rows_of(page.visits) == []
    page.new_visit()
    work.settle()
    dialog = page.dialog
    assert "周六" in dialog.summary_view.text()  # the household is in view while writing
    dialog.visitor.setText("刘书记")
    # keyClicks types ASCII only; Chinese arrives through the input method as text.
    dialog.notes.insertPlainText("卫生间漏水，已联系物业")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    work.settle()
    assert dialog.result() == dialog.DialogCode.Accepted
    visits = rows_of(page.visits)
    assert [v["notes"] for v in visits] == ["卫生间漏水，已联系物业"]
    stored = work.db(lambda d: d.visits.find(household_id=hid))
    assert stored[0]["visitor"] == "刘书记"
    # Today no longer lists the household as due for a visit.
    today = work.page("today")
    assert hid not in {r["household_id"] for r in rows_of(today.visits)}


def test_visit_refused_keeps_what_was_typed(work: Harness, qtbot: Any) -> None:
    page = work.page("visits")
    page.set_household(work.made["WK003"]["household"]["id"])
    work.settle()
    page.new_visit()
    work.settle()
    dialog = page.dialog
    dialog.visitor.setText("")
    dialog.notes.setPlainText("只写了内容")
    dialog.save()
    work.settle()
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "走访人" in dialog.error.text()  # the field, named
    assert dialog.notes.toPlainText() == "只写了内容"
    dialog.reject()


def test_raise_need_from_visit_and_close_with_confirmation(work: Harness, qtbot: Any) -> None:
    page = work.page("visits")
    hid = work.made["WK001"]["household"]["id"]
    page.set_household(hid)
    work.settle()
    page.new_visit()
    work.settle()
    d = page.dialog
    d.visitor.setText("刘书记")
    d.notes.setPlainText("张三希望找保安工作")
    d.need_category.setCurrentIndex(d.need_category.findData("employment"))
    d.need_description.setText("推荐保安岗位")
    d.need_assignee.setText("王建国")
    d.need_has_due.setChecked(True)
    d.add_need()
    assert d.need_list.count() == 1
    d.save()
    work.settle()
    assert not d.isVisible()
    visit = work.db(lambda desk: desk.visits.find(household_id=hid))[0]
    need = select(page.needs, lambda r: r["description"] == "推荐保安岗位")
    assert need["visit_id"] == visit["id"] and need["assignee"] == "王建国"
    assert need["status"] == "open"

    page.step("resolved")
    work.settle()
    step = page.dialog
    step.save()  # no resolution yet: refused, stays open
    assert step.isVisible() and step.error.isVisible()
    step.resolution.setText("已推荐到县城物业公司")
    step.save()
    work.settle()
    assert not step.isVisible()

    page.status_tabs.setCurrentIndex(2)  # resolved
    work.settle()
    select(page.needs, lambda r: r["id"] == need["id"])
    assert page.step_buttons["confirmed"].isEnabled()
    page.step("confirmed")
    work.settle()
    confirm = page.dialog
    confirm.note.setText("户主张三当面确认")
    confirm.save()
    work.settle()
    stored = work.db(lambda desk: desk.needs.get(need["id"]))
    assert stored["status"] == "confirmed" and stored["resolution"] == "已推荐到县城物业公司"
    history = work.db(lambda desk: desk.needs.history(need["id"]))
    assert [e["status"] for e in history] == ["resolved", "confirmed"]
    assert history[1]["note"] == "户主张三当面确认"


# -- referrals ----------------------------------------------------------------------------------


def test_add_referral_and_record_outcome(work: Harness, qtbot: Any) -> None:
    page = work.page("referrals")
    everyone = rows_of(page.people)
    assert {"张三", "赵四", "周六"} <= {p["name"] for p in everyone}
    assert everyone == sorted(everyone, key=lambda p: p["recent"])  # fewest referrals first
    # Only the people of one building head's buildings.
    page.head.setCurrentIndex(page.head.findData(work.made["heads"][0]["id"]))
    work.settle()
    people = rows_of(page.people)
    assert {p["name"] for p in people} == {"张三", "赵四"}
    assert next(p for p in people if p["name"] == "张三")["recent"] == 2

    select(page.people, lambda r: r["name"] == "赵四")
    work.settle()
    page.add_referral()
    dialog = page.dialog
    assert dialog.building_head_id == work.made["heads"][0]["id"]
    dialog.employer.setText("惠水帮扶车间")
    qtbot.keyClick(dialog.employer, Qt.Key.Key_Tab)
    dialog.position.setText("包装工")
    qtbot.keyClicks(dialog.wage, "2600")
    qtbot.keyClick(dialog.position, Qt.Key.Key_Return)  # Enter saves
    work.settle()
    assert dialog.result() == dialog.DialogCode.Accepted
    zhao = next(p for p in rows_of(page.people) if p["name"] == "赵四")
    assert zhao["recent"] == 1 and zhao["pending"] == 1
    select(page.people, lambda r: r["name"] == "赵四")
    work.settle()
    referral = select(page.referrals, lambda r: r["employer"] == "惠水帮扶车间")
    work.settle()

    page.record_outcome()
    work.settle()
    outcome = page.dialog
    # A hire proposes the job to the person; declining proposes nothing.
    assert outcome.change_person.isChecked() and outcome.status.currentData() == "local_job"
    assert (outcome.employer.text(), outcome.job.text()) == ("惠水帮扶车间", "包装工")
    outcome.outcome.setCurrentIndex(outcome.outcome.findData("declined"))
    assert not outcome.buttons.isEnabled()  # no saving before the proposal is in
    work.settle()
    assert outcome.buttons.isEnabled()
    assert not outcome.change_person.isChecked() and not outcome.job.isEnabled()
    outcome.outcome.setCurrentIndex(outcome.outcome.findData("hired"))
    work.settle()
    assert outcome.change_person.isChecked() and outcome.job.isEnabled()
    outcome.job.setText("质检员")  # the user corrects what the referral said
    outcome.note.setText("已上岗")
    qtbot.keyClick(outcome.note, Qt.Key.Key_Return)
    work.settle()
    stored = work.db(lambda desk: desk.referrals.get(referral["id"]))
    assert stored["outcome"] == "hired"
    person = work.db(lambda desk: desk.people.get(referral["person_id"]))
    assert (person["employment_status"], person["employer"], person["job"]) == (
        "local_job",
        "惠水帮扶车间",
        "质检员",
    )
    events = work.db(lambda desk: desk.referrals.events(referral["id"]))
    assert [(e["outcome"], e["note"]) for e in events] == [("hired", "已上岗")]
    # in work now: off the list of people still to refer (the history stays with the row)
    assert "赵四" not in {p["name"] for p in rows_of(page.people)}


def test_referrals_remember_the_building_head(work: Harness) -> None:
    from PySide6.QtCore import QSettings

    from ui.views.referrals import HEAD_SETTING, ReferralsPage

    head = work.made["heads"][0]["id"]
    page = work.page("referrals")
    page.head.setCurrentIndex(page.head.findData(head))
    work.settle()
    # The next start (a new page) opens on the same head's buildings.
    again = ReferralsPage(work.window)
    again.refresh()
    work.settle()
    assert again.head.currentData() == head
    assert {p["name"] for p in rows_of(again.people)} == {"张三", "赵四"}
    # A head that no longer exists falls back to everyone rather than an empty list.
    QSettings().setValue(HEAD_SETTING, "no-such-head")
    gone = ReferralsPage(work.window)
    gone.refresh()
    work.settle()
    assert gone.head.currentData() is None
    assert {"张三", "赵四", "周六"} <= {p["name"] for p in rows_of(gone.people)}
    for w in (again, gone):
        w.deleteLater()


def test_referral_rule_texts_follow_the_core(work: Harness, monkeypatch: Any) -> None:
    """The policy's numbers live in queries.boards: change one there and the page says so,
    in both languages (the Chinese texts take them through their placeholders)."""
    from relocdesk.queries import boards

    monkeypatch.setattr(boards, "REFERRAL_TARGET", 5)
    monkeypatch.setattr(boards, "REFERRAL_WINDOW_DAYS", 120)
    expected = {
        "en": {
            "only": ["Only fewer than 5 referrals"],
            "hint": ["gets 5 or more referrals", "fewer than 5 in the last 120 days"],
            "count": ["with fewer than 5 referrals"],
            "person": ["referrals in the last 120 days"],
            "header": ["Referrals (120 days)"],
        },
        "zh_CN": {
            "only": ["只看推荐不足 5 次的"],
            "hint": ["至少推荐 5 次岗位", "近 120 天推荐不足 5 次"],
            "count": ["人推荐不足 5 次"],
            "person": ["近 120 天推荐"],
            "header": ["近 120 天推荐"],
        },
    }
    for language in ("en", "zh_CN"):  # the window opens in Chinese: both are a switch
        work.window.set_language(language)
        work.settle()
        page = work.page("referrals")
        select(page.people, lambda r: r["name"] == "张三")
        work.settle()
        people = page.people.rows_model
        shown = {
            "only": page.below_only.text(),
            "hint": page.hint.text(),
            "count": page.count.text(),
            "person": page.person_title.text(),
            "header": str(people.headerData(5, Qt.Orientation.Horizontal)),
        }
        for key, parts in expected[language].items():
            for part in parts:
                assert part in shown[key], f"{language} {key}: {shown[key]!r}"
        for key in ("only", "hint", "header"):  # no data in these: no old number either
            assert not re.search(r"\b(3|90)\b", shown[key]), f"{language} {key}: {shown[key]!r}"
        row = next(i for i, r in enumerate(people.rows) if r["name"] == "张三")
        assert people.data(people.index(row, 5)) == "2 / 5"  # 张三 has 2 of the 5


# -- building heads, today ------------------------------------------------------------------------


def test_assign_building_to_head(work: Harness) -> None:
    page = work.page("building_heads")
    b3 = select(page.buildings, lambda r: r["number"] == "93")
    assert b3["building_head_id"] is None
    page.assign_to.setCurrentIndex(page.assign_to.findData(work.made["heads"][1]["id"]))
    page.assign()
    work.settle()
    stored = work.db(lambda desk: desk.buildings.get(b3["id"]))
    assert stored["building_head_id"] == work.made["heads"][1]["id"]
    head = next(h for h in rows_of(page.heads) if h["id"] == work.made["heads"][1]["id"])
    assert head["buildings"].split("、") == ["92", "93"]


def test_today_lists_the_days_work(work: Harness) -> None:
    page = work.page("today")
    due = {r["household_no"]: r for r in rows_of(page.visits)}
    # WK003 was visited 5 days ago; WK004 (elderly alone) 20 days ago is due at 14.
    assert "WK003" not in due and due["WK004"]["special"] and "WK001" in due
    ours = [r for r in rows_of(page.referrals) if r["household_no"].startswith("WK")]
    assert [r["employer"] for r in ours] == ["惠水帮扶车间"]  # the one 10 days old waits
    needs = rows_of(page.needs)
    assert needs == sorted(needs, key=lambda r: not r["overdue"])  # overdue first
    need = next(r for r in needs if r["description"] == "孩子转学到社区小学")
    assert need["overdue"]
    opened: list[str] = []
    work.window.household_opened.connect(opened.append)
    page.tabs.setCurrentIndex(3)
    page.needs.setCurrentIndex(page.needs.rows_model.index(needs.index(need), 0))
    work.qtbot.keyClick(page.needs, Qt.Key.Key_Return)  # Enter opens the household
    work.settle()
    assert work.window.current_key() == "household"
    assert opened == [need["household_id"]]


def test_today_fits_the_columns_of_what_was_loaded(work: Harness, monkeypatch: Any) -> None:
    """A load fits the columns of the tables it filled, not all four again (each fit works out
    60 rows' cells for every column on the GUI thread: 0.6 s of the first tab at county
    scale); a change of language fits every table with rows."""
    from ui.views import today

    page = work.page("today")
    fitted: list[Any] = []
    fit = today.fit_columns
    monkeypatch.setattr(today, "fit_columns", lambda table: (fitted.append(table), fit(table)))
    page.refresh()
    work.settle()
    tables = (page.warnings, page.visits, page.referrals, page.needs)
    # the last triage, the lists, the new triage
    assert sorted(tables.index(t) for t in fitted) == [0, 0, 1, 2, 3]
    fitted.clear()
    work.window.set_language("en")
    work.settle()
    assert sorted(tables.index(t) for t in fitted) == [0, 1, 2, 3]
    work.window.set_language("zh_CN")


def test_today_opens_a_household_in_one_click(work: Harness) -> None:
    page = work.page("today")
    opened: list[str] = []
    work.window.household_opened.connect(opened.append)
    page.tabs.setCurrentIndex(1)
    work.settle()
    visits = rows_of(page.visits)
    row = next(i for i, r in enumerate(visits) if r["household_no"] == "WK004")
    rect = page.visits.visualRect(page.visits.rows_model.index(row, 1))
    # A person clicks (and many double-click out of habit): the household opens once.
    work.qtbot.mouseClick(page.visits.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    work.settle()
    assert work.window.current_key() == "household"
    assert opened == [visits[row]["household_id"]]
    # A right click is not a click on a link.
    work.window.show_page("today")
    work.settle()
    page.tabs.setCurrentIndex(2)
    referral = page.referrals.visualRect(page.referrals.rows_model.index(0, 0))
    work.qtbot.mouseClick(
        page.referrals.viewport(), Qt.MouseButton.RightButton, pos=referral.center()
    )
    work.settle()
    assert work.window.current_key() == "today" and len(opened) == 1
    # A double-click as the system delivers it: a click, then the double-click event.
    viewport = page.referrals.viewport()
    work.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=referral.center())
    work.qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=referral.center())
    work.settle()
    assert work.window.current_key() == "household"
    assert opened[1:] == [rows_of(page.referrals)[0]["household_id"]]


def test_today_visit_rule_text_follows_the_core(work: Harness, monkeypatch: Any) -> None:
    """The visit intervals live in queries.today: the hint reads them from there."""
    from relocdesk.queries import today

    monkeypatch.setattr(today, "VISIT_EVERY_DAYS", 45)
    monkeypatch.setattr(today, "SPECIAL_VISIT_EVERY_DAYS", 10)
    expected = {
        "en": ["Visits are due every 45 days, every 10 days for households"],
        "zh_CN": ["每户每 45 天走访一次", "的家庭每 10 天走访一次"],
    }
    for language in ("en", "zh_CN"):
        work.window.set_language(language)
        work.settle()
        hint = work.page("today").hint.text()
        for part in expected[language]:
            assert part in hint, f"{language}: {hint!r}"
        assert not re.search(r"\b(60|14)\b", hint), f"{language}: {hint!r}"


def test_warnings_filter_and_snooze(work: Harness) -> None:
    pytest.importorskip("relocdesk.monitoring")
    page = work.page("warnings")
    assert page.rows, "the demo community has warnings"
    page.level.setCurrentIndex(page.level.findData("red"))
    work.settle()
    shown = rows_of(page.table)
    assert shown and all(r["level"] == "red" for r in shown)
    page.table.selectRow(0)
    first = shown[0]
    page.acknowledge()
    dialog = page.dialog
    dialog.reason.setText("已安排公益性岗位面试")
    dialog.by.setText("刘书记")
    dialog.has_until.setChecked(True)
    dialog.save()
    work.settle()
    assert not dialog.isVisible(), dialog.error.text()
    indicator, subject = first["w"].indicator, first["w"].subject_id
    acks = work.db(lambda d: d.warning_acks.find(indicator=indicator, subject_id=subject))
    assert acks[0]["reason"] == "已安排公益性岗位面试" and acks[0]["until"]
    assert all(
        r["w"].subject_id != subject or r["w"].indicator != indicator for r in rows_of(page.table)
    )  # snoozed warnings leave the list
    page.show_acked.setChecked(True)
    assert any(r["acked"] for r in rows_of(page.table))


def test_settings_language_switch_keeps_work_and_income_line(work: Harness) -> None:
    referrals = work.page("referrals")
    referrals.filter.setText("张三")
    work.settle()
    settings = work.page("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    work.settle()
    assert settings.language_label.text() == "Interface language"
    assert work.window.pages["referrals"].filter.text() == "张三"  # nothing typed is lost
    assert referrals.add_button.text().startswith("Add referral")
    settings.income_line.setText("8000")
    settings.income_save.click()
    work.settle()
    assert work.db(lambda d: d.setting("income_line")) == "8000"
    settings.income_line.setText("abc")
    settings.income_save.click()
    work.settle()
    assert work.db(lambda d: d.setting("income_line")) == "8000"  # refused, named
    assert "Income monitoring line" in settings.income_note.text()
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    work.settle()
    assert settings.language_label.text() == "界面语言"


# -- threads and languages -------------------------------------------------------------------------


def test_gui_thread_never_queries(work: Harness) -> None:
    for key in WORK_PAGES:
        work.page(key)
    work.page("visits").set_household(work.made["WK002"]["household"]["id"])
    work.settle()
    # The window fixture fails the test at teardown if any statement ran off the worker.
    assert work.tasks.guard.statements > 0
    assert work.tasks.guard.violations == []


HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def visible_texts(widget: QWidget) -> list[str]:
    """Interface texts a person reads (data cells and data-marked widgets are left out)."""
    texts: list[str] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisibleTo(widget) or _is_data(w):
            continue
        if isinstance(w, QLabel | QAbstractButton) and w.text():
            texts.append(w.text())
        placeholder = getattr(w, "placeholderText", None)
        if callable(placeholder) and placeholder():
            texts.append(placeholder())
        model = getattr(w, "model", None)
        if callable(model) and hasattr(w, "horizontalHeader") and model() is not None:
            m = model()
            texts += [
                str(m.headerData(c, Qt.Orientation.Horizontal)) for c in range(m.columnCount())
            ]
        if hasattr(w, "tabText") and hasattr(w, "count"):
            texts += [w.tabText(i) for i in range(w.count())]
    return texts


def _is_data(w: QWidget) -> bool:
    """Data widgets, and the shell's shared widgets (checked against the shell's catalogue
    by its own tests), are left out."""
    while w is not None:
        if w.property("i18n_data") or type(w).__module__.startswith("ui.widgets"):
            return True
        w = w.parentWidget()
    return False


def plain_text(text: str, data: list[str]) -> str:
    """What a person reads: markup and entities gone, database values taken out."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for value in data:
        plain = plain.replace(value, "")
    return plain


def data_strings(work: Harness) -> list[str]:
    """Every text stored in the database: names and notes are data, never translated."""

    def collect(desk: Desk) -> list[str]:
        found: set[str] = set()
        for table in (
            "household",
            "person",
            "building",
            "building_head",
            "referral",
            "visit",
            "need",
            "community",
        ):
            for row in desk.conn.execute(f"SELECT * FROM {table}"):
                found.update(v for v in tuple(row) if isinstance(v, str) and v.strip())
        return sorted(found, key=len, reverse=True)

    return list(work.db(collect))


@pytest.mark.parametrize("switch_to", ["en", "zh_CN"])
def test_every_page_in_both_languages(work: Harness, switch_to: str, tmp_path: Path) -> None:
    language = switch_to
    # The window opened in Chinese; switching at run time is what a person does.
    work.window.set_language(language)
    work.settle()
    data = data_strings(work)
    shots = tmp_path / "screens"
    shots.mkdir()
    for key in WORK_PAGES:
        page = work.page(key)
        work.window.grab().save(str(shots / f"{key}_{language}.png"))
        for text in visible_texts(page):
            plain = plain_text(text, data)
            if language == "en":
                assert not HAN.search(plain), f"{key}: untranslated Chinese {text!r}"
            else:
                assert not LATIN_WORD.search(re.sub(r"PDF|Excel|Ctrl|Enter|https?", "", plain)), (
                    f"{key}: stray English {text!r}"
                )
    assert len(list(shots.glob("*.png"))) == len(WORK_PAGES)

    # The dialogs, drawn and checked the same way.
    for name, dialog in open_dialogs(work):
        dialog.grab().save(str(shots / f"dialog_{name}_{language}.png"))
        for text in visible_texts(dialog):
            plain = plain_text(text, data)
            if language == "en":
                assert not HAN.search(plain), f"{name}: untranslated Chinese {text!r}"
            else:
                assert not LATIN_WORD.search(re.sub(r"PDF|Excel|Ctrl|Enter|https?", "", plain)), (
                    f"{name}: stray English {text!r}"
                )
        dialog.reject()


def open_dialogs(work: Harness) -> Iterator[tuple[str, Any]]:
    visits = work.page("visits")
    visits.set_household(work.made["WK001"]["household"]["id"])
    work.settle()
    visits.new_visit()
    work.settle()
    yield "visit", visits.dialog
    visits.new_need()
    yield "need", visits.dialog
    visits.status_tabs.setCurrentIndex(4)  # every status
    visits.this_household_only.setChecked(False)
    work.settle()
    select(visits.needs, lambda r: r["household_no"] == "WK002")
    visits.step("resolved")
    work.settle()
    yield "need_resolve", visits.dialog
    referrals = work.page("referrals")
    referrals.head.setCurrentIndex(referrals.head.findData(work.made["heads"][0]["id"]))
    work.settle()
    select(referrals.people, lambda r: r["name"] == "张三")
    work.settle()
    referrals.add_referral()
    yield "referral", referrals.dialog
    referrals.referrals.select_first()
    work.settle()
    referrals.record_outcome()
    work.settle()
    yield "outcome", referrals.dialog
    heads = work.page("building_heads")
    heads.edit_head(new=True)
    yield "building_head", heads.dialog
