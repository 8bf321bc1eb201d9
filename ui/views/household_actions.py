"""What staff do from a household's file (一户一档): record a visit, raise a need, refer a member.

A grid worker at the door has the household open; making them go to another page and
search for it again is the friction that stops notes being written. Each action reads what
its dialog shows on the reader thread, then opens the same dialog the work pages use, so
validation and saving stay in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relocdesk.queries.household_file import HouseholdSummary
    from ui.shell import Shell

Row = dict[str, Any]


def _keep(window: Shell, dialog: Any) -> None:
    # The window owns the dialog (its parent); remembering the last one lets the caller
    # and the tests reach it, and the one before it is freed rather than piling up.
    previous = window.__dict__.get("household_action_dialog")
    if previous is not None and previous is not dialog and not previous.isVisible():
        previous.deleteLater()
    window.__dict__["household_action_dialog"] = dialog


def record_visit(window: Shell, household: Row, _member: Row | None) -> None:
    from ui.dialogs.visit_edit import VisitDialog
    from ui.work_pages import user_name

    hid = household["id"]

    def show(summary: HouseholdSummary) -> None:
        dialog = VisitDialog(window.tasks, summary, visitor=user_name(), parent=window.window())
        dialog.setObjectName("visitDialog")
        # A visit may raise needs too: both tables change.
        dialog.accepted.connect(lambda: window.notify_changed("visit"))
        dialog.accepted.connect(lambda: window.notify_changed("need"))
        _keep(window, dialog)
        dialog.open()

    window.tasks.run_read(lambda desk: desk.household_summary(hid), show)


def raise_need(window: Shell, household: Row, _member: Row | None) -> None:
    from ui.dialogs.need_edit import NeedDialog

    hid = household["id"]

    def show(summary: HouseholdSummary) -> None:
        dialog = NeedDialog(window.tasks, summary.household, parent=window.window())
        dialog.setObjectName("needDialog")
        dialog.accepted.connect(lambda: window.notify_changed("need"))
        _keep(window, dialog)
        dialog.open()

    window.tasks.run_read(lambda desk: desk.household_summary(hid), show)


def add_referral(window: Shell, household: Row, member: Row | None) -> None:
    from ui.dialogs.referral_edit import ReferralDialog
    from ui.work_pages import user_name

    if member is None:
        return
    hid = household["id"]
    person = {
        "person_id": member["id"],
        "name": member.get("name", ""),
        "household_no": household.get("household_no", ""),
    }

    # The referral counts for the head of the household's building.
    def show(building_head_id: str | None) -> None:
        dialog = ReferralDialog(
            window.tasks,
            person,
            building_head_id=building_head_id,
            referred_by=user_name(),
            parent=window.window(),
        )
        dialog.setObjectName("referralDialog")
        dialog.accepted.connect(lambda: window.notify_changed("referral"))
        _keep(window, dialog)
        dialog.open()

    window.tasks.run_read(lambda desk: desk.building_head_of(hid), show)


def print_card(window: Shell, household: Row, _member: Row | None) -> None:
    # The print page makes it, so the preview, audit and "pending" count stay in one place.
    window.show_page("print").print_for(  # type: ignore[attr-defined]
        "household_card", "household", household["household_no"]
    )


def print_permit(window: Shell, household: Row, member: Row | None) -> None:
    if member is None or not member.get("id_number"):
        return
    if "*" in str(member["id_number"]):
        # A building head's device holds the number masked: the household's applicants.
        window.show_page("print").print_for(  # type: ignore[attr-defined]
            "residence_permit", "household", household["household_no"]
        )
        return
    window.show_page("print").print_for(  # type: ignore[attr-defined]
        "residence_permit", "person", member["id_number"]
    )


def reveal_id(window: Shell, _household: Row, member: Row | None) -> None:
    """The full ID number of one member, on an explicit ask: written to the audit trail
    (desk.reveal_id_number) before it is shown, and shown only in this box."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QLabel, QMessageBox

    if member is None:
        return
    person_id, name = member["id"], member.get("name") or ""

    def show(number: str) -> None:
        tr = QCoreApplication.translate
        box = QMessageBox(window.window())
        box.setObjectName("revealBox")
        box.setWindowTitle(tr("actions", "Full ID number"))
        box.setText(f"{name}\n{number or tr('actions', '(no ID number recorded)')}")
        box.setInformativeText(tr("actions", "This look is recorded in the audit trail."))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown = box.findChild(QLabel, "qt_msgbox_label")
        if shown is not None:
            shown.setProperty("i18n_data", True)  # a name and a number: data, not a label
        _keep(window, box)
        box.open()
        window.notify_changed("audit")

    window.tasks.run_db(lambda desk: desk.reveal_id_number(person_id), show)


@dataclass(frozen=True)
class ActionSpec:
    """A button of the household file (一户一档). ``callback(window, household, member)`` runs
    on the GUI thread; after saving it calls ``window.notify_changed(table)``, and the open
    household file reloads itself."""

    key: str
    title: str  # English source text, translated in context "actions"
    callback: Callable[[Shell, Row, Row | None], None]
    needs_member: bool = False


# The household file's buttons, in their order.
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("visit", "Record visit…", record_visit),
    ActionSpec("need", "Raise need…", raise_need),
    ActionSpec("referral", "Refer member…", add_referral, needs_member=True),
    ActionSpec("print_card", "Print household card…", print_card),
    ActionSpec("print_permit", "Print permit application…", print_permit, needs_member=True),
    ActionSpec("reveal_id", "Show full ID number…", reveal_id, needs_member=True),
)


def _titles_for_translation() -> None:
    # Never called: lets pyside6-lupdate see the action titles (context "actions").
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    tr("actions", "Record visit…")
    tr("actions", "Raise need…")
    tr("actions", "Refer member…")
    tr("actions", "Print household card…")
    tr("actions", "Print permit application…")
    tr("actions", "Show full ID number…")
