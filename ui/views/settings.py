"""Settings: language (switching at once, nothing typed is lost), who is signed in and the lock,
the data folder, the income monitoring line, about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.views.backups_box import BackupsBox
from ui.widgets.path_label import PathLabel
from ui.work_pages import WorkPage, error_text

if TYPE_CHECKING:
    from relocdesk.queries.settings import DeskFacts
    from relocdesk.queries.thresholds import CountyThreshold


def version() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("relocdesk")
    except Exception:  # not installed as a distribution (running from the source tree)
        return "0.1.0"


class SettingsPage(WorkPage):
    watches = frozenset({"settings"})
    county: list[CountyThreshold]  # what the county published, as last read

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.language_box = QGroupBox()
        self.language_label = QLabel()
        self.language = QComboBox()
        # Each language named in itself, so anyone can find their own.
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setProperty("i18n_data", True)
        from ui import i18n

        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.currentIndexChanged.connect(self._language_chosen)
        lf = QFormLayout(self.language_box)
        lf.addRow(self.language_label, self.language)

        # Who works here is whoever signed in (ui.lock), not a name typed here.
        self.user_box = QGroupBox()
        self.user_label = QLabel()
        self.user = QLabel()
        self.user.setObjectName("signedInName")
        self.user.setProperty("i18n_data", True)
        self.lock_now = QPushButton()
        self.lock_now.setObjectName("lockNow")
        self.lock_now.clicked.connect(self._lock_now)
        self.idle_label = QLabel()
        self.idle = QSpinBox()
        self.idle.setObjectName("lockIdleMinutes")
        self.idle.setRange(1, 240)
        from ui.lock import idle_minutes

        self.idle.setValue(idle_minutes())
        self.idle.valueChanged.connect(self._idle_changed)
        user_row = QHBoxLayout()
        user_row.addWidget(self.user, 1)
        user_row.addWidget(self.lock_now)
        uf = QFormLayout(self.user_box)
        uf.addRow(self.user_label, user_row)
        uf.addRow(self.idle_label, self.idle)

        self.data_box = QGroupBox()
        self.folder_label = QLabel()
        self.folder = PathLabel()
        self.folder.setProperty("i18n_data", True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self._open_folder)
        self.community_label = QLabel()
        self.community = QLabel()
        self.community.setProperty("i18n_data", True)
        self.income_label = QLabel()
        self.income_line = QLineEdit()
        self.income_save = QPushButton()
        self.income_save.clicked.connect(self._save_income)
        self.income_note = QLabel()
        self.income_note.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)
        income_row = QHBoxLayout()
        income_row.addWidget(self.income_line, 1)
        income_row.addWidget(self.income_save)
        df = QFormLayout(self.data_box)
        df.addRow(self.community_label, self.community)
        df.addRow(self.folder_label, folder_row)
        df.addRow(self.income_label, income_row)
        self._add_county_rows(df)

        self.about_box = QGroupBox()
        self.about = QLabel()
        self.about.setWordWrap(True)
        QVBoxLayout(self.about_box).addWidget(self.about)

        self.backups = BackupsBox(window)
        self._stack(self.language_box, self.user_box, self.data_box, self.backups, self.about_box)
        self.facts: DeskFacts | None = None
        self.retranslate()

    def _stack(self, *boxes: QWidget) -> None:
        """The boxes one below the other, in a scroll area: together they are taller than a
        small laptop's screen (1366 x 768 at 125 % leaves about 580 points), and without it
        the window could not be shorter than this page once it had been opened."""
        body = QWidget()
        layout = QVBoxLayout(body)
        for box in boxes:
            box.setMaximumWidth(720)
            layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def refresh(self) -> None:
        self.run_read(
            lambda desk: (desk.desk_facts(), desk.county_thresholds()),
            self._show_facts,
            key="settings",
        )

    def _show_facts(self, found: tuple[DeskFacts, list[CountyThreshold]]) -> None:
        facts, self.county = found
        self.facts = facts
        self.folder.set_path(facts.folder)
        self.community.setText(facts.community)
        if not self.income_line.isModified():
            self.income_line.setText(facts.income_line)
        self.retranslate()

    def _add_county_rows(self, form: QFormLayout) -> None:
        """Under the income line its note, then the thresholds the county published: they
        apply over this desk's own."""
        form.addRow("", self.income_note)
        self.county = []
        self.county_label = QLabel()
        self.county_values = QLabel()
        self.county_values.setWordWrap(True)
        self.county_values.setProperty("i18n_data", True)
        form.addRow(self.county_label, self.county_values)

    def _show_county(self) -> None:
        """The county's values, and the income line locked when the county set it."""
        from ui import i18n

        english = i18n.current_language() == "en"
        self.county_label.setText(self.tr("Set by the county"))
        lines = [
            self.tr("%1: %2 (catalogue: %3)")
            .replace("%1", t.label_en if english else t.label_zh)
            .replace("%2", t.value)
            .replace("%3", t.default or "—")
            for t in self.county
        ]
        self.county_values.setText(
            "\n".join(lines) or self.tr("Nothing: this desk's own values apply")
        )
        line = next((t for t in self.county if t.key == "income_line"), None)
        self.income_line.setEnabled(line is None)
        self.income_save.setEnabled(line is None)
        if line is not None:
            self.income_line.setText(line.value)
            self.income_note.setStyleSheet("")
            self.income_note.setText(self.tr("The county set this line; it applies on every desk."))

    def _language_chosen(self) -> None:
        lang = self.language.currentData()
        setter = getattr(self.main_window, "set_language", None)
        if setter is not None:
            setter(lang)
        else:
            from ui import i18n

            i18n.install(lang, save=True)

    def _lock_now(self) -> None:
        lock = getattr(self.main_window, "lock_screen", None)
        if lock is not None:
            lock.lock()

    def _idle_changed(self, minutes: int) -> None:
        from ui.lock import IDLE_SETTING

        QSettings().setValue(IDLE_SETTING, minutes)
        lock = getattr(self.main_window, "lock_screen", None)
        if lock is not None:
            lock.set_idle_minutes(minutes)

    def _open_folder(self) -> None:
        if self.facts is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.facts.folder))

    def _save_income(self) -> None:
        text = self.income_line.text()

        def done(stored: str) -> None:
            self.income_line.setText(stored)
            self.income_line.setModified(False)
            self.income_note.setStyleSheet("")
            self.income_note.setText(self.tr("Saved. Warnings use the new line from now on."))
            self.changed("settings")

        def failed(exc: BaseException) -> None:
            self.income_note.setStyleSheet("color: #c0392b")
            self.income_note.setText(error_text(exc))

        self.run_db(lambda desk: desk.set_income_line(text), done, failed)

    def retranslate(self) -> None:
        from ui import i18n

        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.blockSignals(False)
        self.language_box.setTitle(self.tr("Language"))
        self.language_label.setText(self.tr("Interface language"))
        from ui.session import signed_in_name

        self.user_box.setTitle(self.tr("You"))
        self.user_label.setText(self.tr("Signed in"))
        self.user.setText(signed_in_name() or self.tr("Nobody is signed in"))
        self.lock_now.setText(self.tr("Lock now (Ctrl+L)"))
        self.idle_label.setText(self.tr("Lock after minutes without use"))
        self.data_box.setTitle(self.tr("Data"))
        self.community_label.setText(self.tr("Community"))
        self.folder_label.setText(self.tr("Data folder"))
        self.open_folder.setText(self.tr("Open folder"))
        self.income_label.setText(self.tr("Income monitoring line (yuan per person per year)"))
        self.income_line.setPlaceholderText(self.tr("Empty: the county's default"))
        self.income_save.setText(self.tr("Save"))
        self._show_county()
        self.about_box.setTitle(self.tr("About"))
        self.about.setText(
            self.tr(
                "RelocDesk %1 — the desk of a resettlement community: households, jobs, "
                "visits and needs, warnings, forms. Works offline; changes go to the county "
                "server when a connection is there."
            ).replace("%1", version())
            + "\n"
            + self.tr("Device: %1").replace("%1", self.facts.device if self.facts else "—")
        )
