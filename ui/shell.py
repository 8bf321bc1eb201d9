"""What a page may use of the main window, named as a Protocol.

The window builds the pages (through ``ui.pages``), so a page that imported ``MainWindow``,
even for its type alone, would make a circle of imports; pages type their window as ``Shell``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from ui.tasks import TaskRunner


class Shell(Protocol):
    tasks: TaskRunner

    @property
    def data_changed(self) -> SignalInstance:
        """``Signal(str)``: a table name after any save."""
        ...

    @property
    def household_opened(self) -> SignalInstance:
        """``Signal(str)``: a household id, once its file is on screen."""
        ...

    def window(self) -> QWidget:
        """The window as a widget: the parent of a page's dialogs (QWidget.window())."""
        ...

    def show_page(self, key: str) -> QWidget: ...

    def open_household(self, household_id: str) -> None: ...

    def notify_changed(self, table: str) -> None: ...
