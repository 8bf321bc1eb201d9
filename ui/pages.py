"""The page registry: every page of the app, said once. The main window builds its navigation
from ``NAVIGATION`` and creates a page the first time it is shown, never at start-up.

A page is a class in a module under ``ui/views/``; ``PageSpec.build(window)`` imports the
module and makes the page with the ``MainWindow``. What a page may use from the window:

- ``window.tasks``: the ``TaskRunner``; never touch the database any other way.
  ``run_db(fn, on_done, on_error, key=...)`` runs ``fn(desk)`` on the writer thread (every
  write, in order); ``run_read(...)`` the same on the reader thread, for quick reads a
  person waits on (search, lists); ``run_long(fn(desk, progress), ...)`` shows a
  cancellable progress dialog; ``run_net(fn)`` runs in the network pool; ``barrier(cb)``.
- ``window.open_household(household_id)``: show the household file (一户一档).
- ``window.data_changed``: ``Signal(str)`` with a table name after any save; refresh if it
  concerns you. Pages call ``window.notify_changed(table)`` after their own saves.
- ``window.set_status_error(text)`` and ``window.refresh_status()`` for the status bar.

A page widget may define ``page_shown()`` (called each time it becomes visible) and
``retranslateUi()`` (called on a language switch). A title is English, marked with
``N`` (ui.i18n) so its Chinese is looked up in the context ``"pages"``. A page whose
module fails to import or build shows a placeholder.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.i18n import N

log = logging.getLogger("relocdesk.ui.pages")


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English source text, translated in context "pages"
    module: str  # the module under ui.views
    page_class: str  # the page's class in that module, made as page_class(window)

    def translated_title(self) -> str:
        return QCoreApplication.translate("pages", self.title)

    def build(self, window: Any) -> QWidget:
        """The page widget, its module imported now (``window`` is the MainWindow, which
        imports this registry: hence not named in its type)."""
        module = importlib.import_module(f"ui.views.{self.module}")
        page: QWidget = getattr(module, self.page_class)(window)
        return page


# The navigation, in its order.
NAVIGATION: tuple[PageSpec, ...] = (
    PageSpec("today", N("pages", "Today"), "today", "TodayPage"),
    PageSpec("households", N("pages", "Households"), "households", "HouseholdsPage"),
    PageSpec("people", N("pages", "People"), "people", "PeoplePage"),
    PageSpec("referrals", N("pages", "Referrals"), "referrals", "ReferralsPage"),
    PageSpec("visits", N("pages", "Visits & needs"), "visits_needs", "VisitsNeedsPage"),
    PageSpec("building_heads", N("pages", "Building heads"), "building_heads", "BuildingHeadsPage"),
    PageSpec("warnings", N("pages", "Warnings"), "warnings", "WarningsPage"),
    PageSpec("dashboard", N("pages", "Dashboard"), "dashboard", "DashboardPage"),
    PageSpec("print", N("pages", "Print"), "print_page", "PrintPage"),
    PageSpec("roster", N("pages", "Import / export"), "roster_page", "RosterPage"),
    PageSpec("sync", N("pages", "Sync"), "sync_page", "SyncPage"),
    PageSpec("audit", N("pages", "Audit"), "audit", "AuditPage"),
    PageSpec("settings", N("pages", "Settings"), "settings", "SettingsPage"),
)
# The household file (一户一档): a page outside the navigation, opened from the others.
HOUSEHOLD = PageSpec("household", "", "household_detail", "HouseholdDetail")


def navigation() -> list[PageSpec]:
    """Every page of the navigation, in order."""
    return list(NAVIGATION)


def discover() -> None:
    """Import every module under ``ui.views``, so a broken module is logged at start-up."""
    import ui.views

    for info in pkgutil.iter_modules(ui.views.__path__):
        if info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"ui.views.{info.name}")
        except Exception:  # one broken page must not keep the app from starting
            log.exception("page module %s failed to import", info.name)
