"""A layout that lays its widgets out in a row and wraps onto the next row when the row is
full: filter bars and button rows stay whole on an 800-pixel screen (a netbook, a
projector) instead of making the window wider than the screen.

Its minimum width is that of its widest item, its height follows the width it is given
(``heightForWidth``), so a page with a flow bar above its table stays as narrow as the
widest single filter.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, *, fill_rows: bool = False
    ) -> None:
        """``fill_rows``: what is left of a row goes to its items that expand sideways
        (boxes side by side when there is room, one under the other when not)."""
        super().__init__(parent)
        self._fill_rows = fill_rows
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one row, when there is room for it."""
        width = sum(i.sizeHint().width() for i in self._shown()) + self._gaps()
        height = max((i.sizeHint().height() for i in self._shown()), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margin_size()

    def _margin_size(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _gaps(self) -> int:
        return self._spacing * max(len(self._shown()) - 1, 0)

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items row by row inside ``rect``, each centred on its row; the height
        they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        x = 0
        for item in self._shown():
            width = min(max(item.sizeHint().width(), item.minimumSize().width()), area.width())
            if rows[-1] and x + width > area.width():
                rows.append([])
                x = 0
            rows[-1].append((item, width))
            x += width + self._spacing
        if self._fill_rows:
            rows = [self._filled(row, area.width()) for row in rows]
        y = area.y()
        for row in rows:
            height = max((i.sizeHint().height() for i, _w in row), default=0)
            x = area.x()
            for item, width in row:
                if move:
                    top = y + (height - item.sizeHint().height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, item.sizeHint().height())))
                x += width + self._spacing
            y += height + self._spacing
        return max(y - self._spacing, area.y()) - rect.y() + m.bottom()

    def _filled(
        self, row: list[tuple[QLayoutItem, int]], width: int
    ) -> list[tuple[QLayoutItem, int]]:
        """The row with its left-over width shared among the items that expand sideways."""
        wide = [i for i, _w in row if i.expandingDirections() & Qt.Orientation.Horizontal]
        left = width - sum(w for _i, w in row) - self._spacing * (len(row) - 1)
        if not wide or left <= 0:
            return row
        share = left // len(wide)
        return [(i, w + share if i in wide else w) for i, w in row]


def pair(caption: QWidget, field: QWidget) -> QWidget:
    """A caption and its field as one item of a flow bar: they wrap together."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(caption)
    row.addWidget(field)
    return box
