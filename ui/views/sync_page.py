"""Sync & conflicts: the county server, enrollment (the password is never stored), sync now,
the sync status, and the conflicts inbox to confirm or reverse each losing value.

Network work runs in the task runner's network pool; what it brings back is stored on the
DB worker. The engine is reached through ``desk.sync`` and the inbox through
``desk.conflicts``; the inbox still shows when the engine cannot read its status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs import conflict_resolve
from ui.work_pages import (
    Row,
    RowsModel,
    RowsTable,
    WorkPage,
    error_text,
    field_title,
    lang,
    user_name,
)

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import Progress


def sync_error_text(error: BaseException | str, code: str = "") -> str:
    """A sync failure as a person should read it, in the interface language: for the two
    version errors, who has to act (protocol numbers mean nothing to a grid worker).
    ``code``: the one the engine stored beside a failure's text."""
    tr = QCoreApplication.translate
    code = code or str(getattr(error, "code", "") or "")
    if code == "upgrade_required":
        return tr(
            "SyncPage",
            "This version of RelocDesk is too old for the county server: install the new "
            "version. Your changes are kept on this device.",
        )
    if code == "server_outdated":
        return tr(
            "SyncPage",
            "The county server is older than this version of RelocDesk: ask the county to "
            "update the server. Your changes are kept on this device.",
        )
    if isinstance(error, BaseException):
        return error_text(error)
    # "sync: 中文 / English" as stored: the half in the interface's language.
    text = error.removeprefix("sync: ")
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if lang() == "en" else zh


def local_status(desk: Desk) -> Row:
    """Unsent changes, the server, the last sync and its error, conflicts: local reads only."""
    # The sync client ships with every build: the page can always enroll.
    status: Row = {
        "unsent": desk.unsent_count(),
        "installed": True,
        "enrolled": False,
        "online": None,
    }
    try:
        status.update(desk.sync.status())
    except Exception as e:  # the inbox and the counts still show when the engine cannot
        status["last_error"] = error_text(e)
    status["conflicts"] = desk.conflicts.open()
    return status


def when(stamp: Any) -> str:
    """An ISO time as people read it: date and minutes."""
    return str(stamp or "")[:16].replace("T", " ")


def enroll(desk: Desk, url: str, user: str, password: str, ca_file: str = "") -> Row:
    # The engine belongs to the desk's thread (the DB worker): its HTTP calls run there too,
    # on one connection, so the device clock sees every row the server sends.
    return desk.sync.enroll(url, user, password, ca_file)


def sync(desk: Desk, progress: Progress) -> Any:
    return desk.sync.run(progress=progress.report, cancel=lambda: progress.cancelled)


class SyncPage(WorkPage):
    watches = frozenset({"conflict", "sync"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.status: Row = {}
        top = QHBoxLayout()
        top.addWidget(self._build_server_box(), 1)
        top.addWidget(self._build_status_box(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._build_inbox(), 1)
        self.retranslate()

    def _build_server_box(self) -> QGroupBox:
        """The server and enrollment."""
        self.server_box = QGroupBox()
        self.url_label, self.user_label, self.password_label = QLabel(), QLabel(), QLabel()
        self.ca_label = QLabel()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.enroll_button = QPushButton()
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_note = QLabel()
        self.enroll_note.setWordWrap(True)
        sf = QFormLayout(self.server_box)
        sf.addRow(self.url_label, self.url)
        sf.addRow(self.user_label, self.user)
        sf.addRow(self.password_label, self.password)
        sf.addRow(self.ca_label, self._build_ca_row())
        sf.addRow("", self.enroll_button)
        sf.addRow("", self.enroll_note)
        return self.server_box

    def _build_ca_row(self) -> QHBoxLayout:
        """The county's certificate authority file, for a county that has its own."""
        self.ca_file = QLineEdit()
        self.ca_button = QPushButton()
        self.ca_button.clicked.connect(self._choose_ca_file)
        row = QHBoxLayout()
        row.addWidget(self.ca_file, 1)
        row.addWidget(self.ca_button)
        return row

    def _choose_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("County certificate authority"), "", "PEM (*.pem *.crt *.cer)"
        )
        if path:
            self.ca_file.setText(path)
            self.ca_file.setModified(True)

    def _build_status_box(self) -> QGroupBox:
        self.status_box = QGroupBox()
        self.state_label, self.unsent_label = QLabel(), QLabel()
        self.last_label, self.error_label = QLabel(), QLabel()
        self.state, self.unsent, self.last = QLabel(), QLabel(), QLabel()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        # Server rows this device could not store: kept aside, said plainly, never silent.
        self.held_label, self.held = QLabel(), QLabel()
        self.held.setWordWrap(True)
        # Changes of this device the server refused (or damaged here): kept, not sent.
        self.refused_label, self.refused = QLabel(), QLabel()
        self.refused.setWordWrap(True)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        tf = QFormLayout(self.status_box)
        tf.addRow(self.state_label, self.state)
        tf.addRow(self.unsent_label, self.unsent)
        tf.addRow(self.last_label, self.last)
        tf.addRow(self.error_label, self.error)
        tf.addRow(self.held_label, self.held)
        tf.addRow(self.refused_label, self.refused)
        tf.addRow("", self.sync_button)
        self.report = QLabel()
        self.report.setWordWrap(True)
        tf.addRow("", self.report)
        return self.status_box

    def _build_inbox(self) -> QGroupBox:
        """The conflicts inbox: one row a conflict, confirm or reverse the selected one."""
        self.inbox_box = QGroupBox()
        self.inbox_note = QLabel()
        self.inbox_note.setWordWrap(True)
        self.conflicts = RowsTable(RowsModel(self._conflict_headers, self._conflict_cells))
        self.conflicts.setProperty("i18n_data", True)
        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(lambda: self.resolve("confirmed"))
        self.reverse_button = QPushButton()
        self.reverse_button.clicked.connect(lambda: self.resolve("reversed"))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_subject)
        self.conflicts.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reverse_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        il = QVBoxLayout(self.inbox_box)
        il.addWidget(self.inbox_note)
        il.addWidget(self.conflicts, 1)
        il.addLayout(buttons)
        return self.inbox_box

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.run_read(local_status, self._loaded_rows, key="sync-status")

    def _loaded_rows(self, status: Row) -> None:
        self.status = status
        if status.get("server") and not self.url.isModified():
            self.url.setText(status["server"])
        if status.get("ca_file") and not self.ca_file.isModified():
            self.ca_file.setText(status["ca_file"])
        self.conflicts.rows_model.set_rows(status["conflicts"])
        self.conflicts.resizeColumnsToContents()
        self.conflicts.select_first()
        window = self.main_window
        if hasattr(window, "set_conflicts"):
            window.set_conflicts(len(status["conflicts"]))
        if hasattr(window, "set_online"):
            window.set_online(status.get("online") if status.get("enrolled") else None)
        if hasattr(window, "set_last_sync") and status.get("last_sync"):
            window.set_last_sync(when(status["last_sync"]))
        if hasattr(window, "set_sync_error"):
            window.set_sync_error(
                status.get("last_error") or "", status.get("last_error_code") or ""
            )
        self.retranslate()

    # -- sync ------------------------------------------------------------------------------
    def enroll(self) -> None:
        url, user, password, ca_file = (
            self.url.text().strip(),
            self.user.text().strip(),
            self.password.text(),
            self.ca_file.text().strip(),
        )
        # The password lives only in this call; the field is emptied at once.
        self.password.clear()
        self.enroll_button.setEnabled(False)

        def done(_value: Any) -> None:
            self.enroll_note.setStyleSheet("")
            self.enroll_note.setText(self.tr("Enrolled. This device now syncs with the server."))
            self.changed("sync")
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.enroll_button.setEnabled(True)
            self.enroll_note.setStyleSheet("color: #c0392b")
            self.enroll_note.setText(error_text(exc))

        self.run_db(lambda desk: enroll(desk, url, user, password, ca_file), done, failed)

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)

        def done(report: Any) -> None:
            self.sync_button.setEnabled(True)
            self.report.setText(
                self.tr("Sent %1 changes, received %2, new conflicts %3.")
                .replace("%1", str(getattr(report, "pushed", 0)))
                .replace("%2", str(getattr(report, "pulled", 0)))
                .replace("%3", str(getattr(report, "conflicts", 0)))
            )
            setter = getattr(self.main_window, "set_status_error", None)
            if setter is not None:
                setter("")
            # Everything may have changed: every page showing data reloads.
            for table in ("sync", "household", "person", "referral", "visit", "need"):
                self.changed(table)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.sync_button.setEnabled(True)
            self.refresh()
            self.error.setText(sync_error_text(exc))
            setter = getattr(self.main_window, "set_status_error", None)
            if setter is not None:
                setter(sync_error_text(exc))

        self.tasks.run_long(
            sync,
            done,
            failed,
            parent=self,
            label=self.tr("Synchronising with the county server…"),
        )

    # -- conflicts --------------------------------------------------------------------------
    def resolve(self, resolution: str) -> None:
        c = self.conflicts.current_row()
        if c is None:
            return
        cid, by = c["id"], user_name()
        self.confirm_button.setEnabled(False)
        self.reverse_button.setEnabled(False)

        def done(_row: Row) -> None:
            self.changed("conflict")
            self.changed(c["tbl"])
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._enable()
            from ui.work_pages import show_error

            show_error(self, exc)

        conflict_resolve.resolve(self.run_db, cid, resolution, by, done, failed)

    def _open_subject(self) -> None:
        c = self.conflicts.current_row()
        if c is None:
            return
        if c["tbl"] == "household":
            self.open_household(c["row_id"])
            return
        rid, table = c["row_id"], c["tbl"]
        self.run_read(lambda desk: desk.conflicts.household_of(table, rid), self.open_household)

    def _enable(self) -> None:
        c = self.conflicts.current_row()
        self.confirm_button.setEnabled(c is not None)
        self.reverse_button.setEnabled(c is not None)
        if c is not None and c["field"] == "deleted":
            # An edit of a record another device deleted: restore it, or accept the delete.
            self.confirm_button.setText(self.tr("Accept the delete"))
            self.reverse_button.setText(self.tr("Restore the record (with the edit)"))
        else:
            self.confirm_button.setText(self.tr("Confirm (keep the winner)"))
            self.reverse_button.setText(self.tr("Reverse (restore the lost value)"))
        self.open_button.setEnabled(
            c is not None and c["tbl"] in ("household", "person", "need", "referral")
        )

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        s = self.status
        installed = bool(s.get("installed"))
        enrolled = bool(s.get("enrolled"))
        self.server_box.setTitle(self.tr("County server"))
        self.url_label.setText(self.tr("Server address"))
        self.user_label.setText(self.tr("User name"))
        self.password_label.setText(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("used once to enroll, never stored"))
        self.ca_label.setText(self.tr("Certificate authority"))
        self.ca_file.setPlaceholderText(self.tr("only if the county has its own (PEM file)"))
        self.ca_button.setText(self.tr("Choose…"))
        self.enroll_button.setText(self.tr("Enroll this device"))
        self.enroll_button.setEnabled(installed)
        if not installed and s:
            self.enroll_note.setText(
                self.tr(
                    "The sync module is not installed in this version; the device works "
                    "offline and keeps every change for later."
                )
            )
        self.status_box.setTitle(self.tr("Status"))
        self.state_label.setText(self.tr("Connection"))
        self.unsent_label.setText(self.tr("Unsent changes"))
        self.last_label.setText(self.tr("Last sync"))
        self.error_label.setText(self.tr("Last error"))
        online = s.get("online")
        if not enrolled:
            self.state.setText(self.tr("Not enrolled"))
        elif online is None:
            self.state.setText(self.tr("Enrolled"))
        else:
            self.state.setText(self.tr("Online") if online else self.tr("Offline"))
        self.unsent.setText(str(s.get("unsent", "—")))
        self.last.setText(when(s.get("last_sync")) or self.tr("never"))
        self.error.setText(
            sync_error_text(str(s.get("last_error") or ""), str(s.get("last_error_code") or ""))
        )
        self.held_label.setText(self.tr("Rows held"))
        held = self.tr(
            "Rows from the server this device could not store: %1. They are kept aside "
            "and sync goes on without them; ask the county to repair them."
        )
        self.held.setText(self._count_text(int(s.get("held") or 0), held))
        self.refused_label.setText(self.tr("Changes set aside"))
        refused = self.tr(
            "Changes of this device the server refused or that are damaged: %1. They are "
            "kept on this device and the other changes are sent; ask the county to look "
            "at them."
        )
        self.refused.setText(self._count_text(int(s.get("refused") or 0), refused))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setEnabled(installed and enrolled)
        count = len(s.get("conflicts") or [])
        self.inbox_box.setTitle(self.tr("Conflicts inbox (%1)").replace("%1", str(count)))
        self.inbox_note.setText(
            self.tr(
                "The same field was changed on two devices. The later change won; the other "
                "value is kept here. Confirm keeps the winner; Reverse writes the other value "
                "back as a new change. A record edited here but deleted on another device "
                "can be restored, or the delete accepted."
            )
        )
        self.open_button.setText(self.tr("Open household"))
        self.conflicts.rows_model.relabel()
        self._enable()

    def _count_text(self, count: int, said: str) -> str:
        return said.replace("%1", str(count)) if count else self.tr("none")

    def _table_name(self, table: str) -> str:
        names = {
            "household": self.tr("household"),
            "person": self.tr("person"),
            "building": self.tr("building"),
            "building_head": self.tr("building head"),
            "referral": self.tr("referral"),
            "need": self.tr("need"),
            "training": self.tr("training"),
            "warning_ack": self.tr("warning acknowledgement"),
            "community": self.tr("community"),
        }
        return names.get(table, table)

    def _field_name(self, table: str, field: str) -> str:
        if field == "deleted":
            return self.tr("Deleted on another device")
        if table == "community":
            names = {
                "name": self.tr("Community name"),
                "county": self.tr("County"),
                "subdistrict": self.tr("Subdistrict"),
                "township": self.tr("Township"),
                "address": self.tr("Address"),
            }
            if field in names:
                return names[field]
        return field_title(field)

    def _conflict_headers(self) -> list[str]:
        return [
            self.tr("Record"),
            self.tr("Of"),
            self.tr("Field"),
            self.tr("Lost value"),
            self.tr("Winning value"),
            self.tr("Lost on device"),
            self.tr("Won on device"),
            self.tr("Changed at"),
        ]

    def _conflict_cells(self, r: Row) -> list[Any]:
        lost, won = _show(r["lost"]), _show(r["won"])
        if r["field"] == "deleted":
            lost = self.tr("edited here") if not r["lost"] else self.tr("deleted")
            won = self.tr("deleted") if r["won"] else self.tr("kept")
        return [
            self._table_name(r["tbl"]),
            r["subject"],
            self._field_name(r["tbl"], r["field"]),
            lost,
            won,
            r.get("lost_device"),
            r.get("won_device"),
            r.get("when"),
        ]


def _show(value: Any) -> str:
    return "∅" if value is None or value == "" else str(value)
