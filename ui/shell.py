"""What a page may use of the main window, named as a Protocol.

The window builds the pages (through ``ui.pages``), so a page that imported ``MainWindow``,
even for its type alone, would make a circle of imports; pages type their window as ``Shell``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from ui.tasks import TaskRunner


class Shell(Protocol):
    tasks: TaskRunner

    @property
    def data_changed(self) -> SignalInstance:
        """``Signal(str)``: a table name after any save."""
        ...

    def open_household(self, household_id: str) -> None: ...

    def notify_changed(self, table: str) -> None: ...
