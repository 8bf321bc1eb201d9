"""Help (F1) and About.

Help is offline HTML in ``resources/help/<language>/<screen>.html``, written for a community
secretary: what the screen is for, how to do the usual things, its keys. F1 opens the page of
the screen on view (the index, with every shortcut, when a screen has none). About shows the
version, the data folder, the county server and the licences of what the program bundles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from relocdesk.desk import Desk

HELP = i18n.RESOURCES / "help"

# Fonts and libraries the bundle carries, with their licences (resources/fonts/README.md has
# the fonts' own files). Versions are read where the package's metadata is present.
FONTS = (
    ("WenQuanYi Micro Hei", "Apache-2.0"),
    ("Droid Sans Fallback", "Apache-2.0"),
    ("HanaMin A / HanaMin B (Hanazono)", "Hanazono Font License / SIL OFL 1.1"),
)
LIBRARIES = (
    ("Python", "", "PSF License"),
    ("Qt 6 / PySide6", "PySide6_Essentials", "LGPL-3.0"),
    ("SQLite", "", "Public domain"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0"),
    ("pandas", "pandas", "BSD-3-Clause"),
    ("NumPy", "numpy", "BSD-3-Clause"),
    ("ReportLab", "reportlab", "BSD"),
    ("pypdfium2 / PDFium", "pypdfium2", "Apache-2.0 / BSD-3-Clause"),
    ("Pillow", "pillow", "MIT-CMU"),
    ("openpyxl", "openpyxl", "MIT"),
    ("python-calamine", "python-calamine", "MIT"),
    ("xlrd", "xlrd", "BSD"),
    ("httpx", "httpx", "BSD-3-Clause"),
    ("keyring", "keyring", "MIT"),
    ("pypinyin", "pypinyin", "MIT"),
    ("orjson", "orjson", "Apache-2.0 / MIT"),
    ("platformdirs", "platformdirs", "MIT"),
)


def page_for(key: str, language: str | None = None) -> Path:
    """The help file of a screen in the interface language (the index when it has none)."""
    folder = HELP / ("zh_CN" if (language or i18n.current_language()).startswith("zh") else "en")
    found = folder / f"{key}.html"
    return found if found.is_file() else folder / "index.html"


class HelpDialog(QDialog):
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # a small laptop screen: the buttons stay on it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.resize(720, 600)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def show_page(self, key: str) -> None:
        path = page_for(key)
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.setWindowTitle(self.tr("Help — %1").replace("%1", self.browser.documentTitle()))


def show_help(window: Any, key: str | None = None) -> HelpDialog:
    dialog: HelpDialog | None = window.findChild(HelpDialog, "helpDialog")
    if dialog is None:
        dialog = HelpDialog(window)
    dialog.show_page(key or window.current_key() or "index")
    dialog.show()
    dialog.raise_()
    return dialog


def _version_of(dist: str) -> str:
    if not dist:
        return ""
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


class AboutDialog(QDialog):
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # a small laptop screen: the buttons stay on it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.resize(640, 640)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("About RelocDesk"))

    def fill(self, facts: dict[str, Any]) -> None:
        """Version, data folder, server, then the licences of the fonts and libraries."""
        import html
        import platform
        import sqlite3

        from relocdesk import __version__

        def row(*cells: str) -> str:
            return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"

        known = {"Python": platform.python_version(), "SQLite": sqlite3.sqlite_version}
        libs = "".join(
            row(name, known.get(name) or _version_of(dist), licence)
            for name, dist, licence in LIBRARIES
        )
        fonts = "".join(row(name, licence) for name, licence in FONTS)
        grid = "<table border='1' cellspacing='0' cellpadding='3'>"
        self.text.setHtml(
            f"<h2>RelocDesk {html.escape(__version__)}</h2>"
            f"<p>{html.escape(self.tr('Resettlement community desk'))}</p>"
            "<table cellpadding='3'>"
            + row(self.tr("Version"), __version__)
            + row(self.tr("Data folder"), str(facts.get("folder", "")))
            + row(self.tr("County server"), str(facts.get("server") or self.tr("not enrolled")))
            + row(self.tr("Device"), str(facts.get("device", "")))
            + "</table>"
            + f"<h3>{html.escape(self.tr('Fonts'))}</h3>{grid}{fonts}</table>"
            + f"<h3>{html.escape(self.tr('Libraries'))}</h3>{grid}{libs}</table>"
            + "<p>"
            + html.escape(self.tr("The licence texts are in the program folder: resources/fonts."))
            + "</p>"
        )


def show_about(window: Any) -> AboutDialog:
    dialog = AboutDialog(window)

    def facts(desk: Desk) -> dict[str, Any]:
        known = desk.desk_facts()
        server = desk.sync.status()["server"]
        return {"folder": known.folder, "device": known.device, "server": server}

    window.tasks.run_read(facts, dialog.fill)
    dialog.show()
    return dialog


class HelpButton(QToolButton):
    """The toolbar's Help menu: this screen's help (F1), the shortcuts, About."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("helpButton")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setProperty("i18n_menu_exempt", True)
        menu = QMenu(self)
        self.screen_help = menu.addAction("")
        self.screen_help.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.screen_help.triggered.connect(lambda: show_help(window))
        window.addAction(self.screen_help)  # F1 works with the menu closed, on every screen
        self.keys = menu.addAction("")
        self.keys.triggered.connect(lambda: show_help(window, "index"))
        self.about = menu.addAction("")
        self.about.triggered.connect(lambda: show_about(window))
        self.setMenu(menu)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Help"))
        self.screen_help.setText(self.tr("Help for this screen (F1)"))
        self.keys.setText(self.tr("Keyboard shortcuts"))
        self.about.setText(self.tr("About RelocDesk"))
