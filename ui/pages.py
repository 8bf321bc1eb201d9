"""The page registry: each screen registers itself; the main window builds its navigation from it.

A page module under ``ui/views/`` calls, at import time::

    register_page("referrals", "Referrals", ReferralsPage, order=40)

``factory(window)`` gets the ``MainWindow`` and returns the page widget; it is called the
first time the page is shown, never at start-up. What a page may use from the window:

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
``retranslateUi()`` (called on a language switch). ``title_source_text`` is English and is
translated in the context ``"pages"``; add its Chinese to your ``.ts`` under that context.
The navigation keys and order of the product are in ``NAVIGATION``; a key nobody
registered shows a placeholder.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("relocdesk.ui.pages")

PageFactory = Callable[["MainWindow"], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English source text, translated in context "pages"
    factory: PageFactory | None
    order: int

    def translated_title(self) -> str:
        return QCoreApplication.translate("pages", self.title)


# The product's navigation (key, English title, order). QT_TRANSLATE_NOOP-style list so the
# titles reach the .ts file even when a page module is missing.
NAVIGATION: tuple[tuple[str, str, int], ...] = (
    ("today", "Today", 10),
    ("households", "Households", 20),
    ("people", "People", 30),
    ("referrals", "Referrals", 40),
    ("visits", "Visits & needs", 50),
    ("building_heads", "Building heads", 60),
    ("warnings", "Warnings", 70),
    ("dashboard", "Dashboard", 80),
    ("print", "Print", 90),
    ("sync", "Sync", 100),
    ("settings", "Settings", 110),
)

_registry: dict[str, PageSpec] = {}


def register_page(key: str, title_source_text: str, factory: PageFactory, order: int) -> None:
    """Add (or replace) a page in the navigation."""
    _registry[key] = PageSpec(key, title_source_text, factory, order)


def registered() -> dict[str, PageSpec]:
    return dict(_registry)


def discover() -> None:
    """Import every module under ``ui.views`` so their ``register_page`` calls run."""
    import ui.views

    for info in pkgutil.iter_modules(ui.views.__path__):
        if info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"ui.views.{info.name}")
        except Exception:  # one broken page must not keep the app from starting
            log.exception("page module %s failed to import", info.name)


def navigation() -> list[PageSpec]:
    """Every page of the navigation, registered or placeholder, in order."""
    specs = {key: PageSpec(key, title, None, order) for key, title, order in NAVIGATION}
    specs.update(_registry)
    return sorted(specs.values(), key=lambda s: (s.order, s.key))


def _titles_for_translation() -> None:
    # Never called: lets pyside6-lupdate see the navigation titles.
    tr = QCoreApplication.translate
    tr("pages", "Today")
    tr("pages", "Households")
    tr("pages", "People")
    tr("pages", "Referrals")
    tr("pages", "Visits & needs")
    tr("pages", "Building heads")
    tr("pages", "Warnings")
    tr("pages", "Dashboard")
    tr("pages", "Print")
    tr("pages", "Sync")
    tr("pages", "Settings")


# -- actions on the household file -------------------------------------------------------
HouseholdAction = Callable[["MainWindow", dict[str, Any], "dict[str, Any] | None"], None]


@dataclass(frozen=True)
class ActionSpec:
    key: str
    title: str  # English source text, translated in context "actions"
    callback: HouseholdAction
    order: int
    needs_member: bool


_actions: dict[str, ActionSpec] = {}


def register_household_action(
    key: str,
    title_source_text: str,
    callback: HouseholdAction,
    order: int = 100,
    *,
    needs_member: bool = False,
) -> None:
    """Add a button to the household file (一户一档), e.g. "Record visit", "Add referral".

    ``callback(window, household, member)`` runs on the GUI thread; ``household`` is the
    household row, ``member`` the selected member row (or None). After saving, call
    ``window.notify_changed(table)``: the open household file reloads itself.
    """
    _actions[key] = ActionSpec(key, title_source_text, callback, order, needs_member)


def household_actions() -> list[ActionSpec]:
    return sorted(_actions.values(), key=lambda a: (a.order, a.key))
