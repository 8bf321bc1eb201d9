"""Tabs whose titles carry counts ("Visits due (179)"): when the titles do not fit the
window side by side (an 800-pixel screen, the longer English), each count goes onto a second
line of its tab, so every tab stays in sight instead of scrolling off behind arrows."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

# Where a title's count begins: " (" in English, "（" in Chinese.
_COUNT = re.compile(r" ?(?=[(（][^(（]*$)")


def two_lines(title: str) -> str:
    """The title with its count on a second line (unchanged if it has none)."""
    return _COUNT.sub("\n", title, count=1) if "\n" not in title else title


class _LinesTabBar(QTabBar):
    """A tab bar whose tabs are as tall as their titles' lines (Qt counts one line)."""

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        extra = self.tabText(index).count("\n")
        return QSize(size.width(), size.height() + extra * self.fontMetrics().lineSpacing())


class FittingTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabBar(_LinesTabBar(self))
        self._titles: list[str] = []

    def set_titles(self, titles: list[str]) -> None:
        """The tabs' titles, each on one line where they all fit."""
        self._titles = titles
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self._titles or not self.count():
            return
        metrics = self.tabBar().fontMetrics()

        def advance(text: str) -> int:
            return max(metrics.horizontalAdvance(line) for line in text.split("\n"))

        # The room a tab takes beyond its title (the style's padding), measured on tab 0.
        padding = self.tabBar().tabSizeHint(0).width() - advance(self.tabText(0))
        wide = sum(advance(t) + padding for t in self._titles)
        split = wide > self.width() - 8
        changed = False
        for i, title in enumerate(self._titles[: self.count()]):
            text = two_lines(title) if split else title
            if self.tabText(i) != text:
                self.setTabText(i, text)
                changed = True
        if changed:
            # The bar's height changes with its lines: lay the tabs and the page out anew.
            QCoreApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))
