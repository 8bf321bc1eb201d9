"""Windows that fit the screen they open on.

Community offices run budget laptops: 1366 × 768, often at Windows' 125 % scale, which leaves
about 1093 × 582 points once the taskbar is drawn; a 14-inch 1920 × 1080 panel at 150 %
leaves about 1280 × 690. A window opened taller than that puts its bottom — the Save
button of a dialog, the status bar — under the taskbar or below the screen, where a mouse
cannot reach it and the window cannot be dragged up past the top edge. So a top-level
window is made no larger than its screen's free area (its frame included) and moved inside
it; what no longer fits scrolls (the forms and the Settings page are in scroll areas).
Each such window calls ``fit_to_screen`` from its ``showEvent`` (a mixin of two Qt classes
is not something PySide can build).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Before a window is first shown its frame is not known: room for a title bar and borders
# as Windows draws them at 100-150 %.
FRAME_ALLOWANCE = QSize(16, 40)


def free_area(window: QWidget) -> QRect | None:
    """The part of the window's screen not taken by taskbars and docks."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's free area where it is larger, never below what its
    layout needs at least, and move it so that all of it, frame too, is on the screen."""
    free = free_area(window)
    if free is None or free.isEmpty():
        return
    frame = window.frameGeometry()
    inner = window.geometry()
    border = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if border.isEmpty() or not window.isVisible():
        border = border.expandedTo(FRAME_ALLOWANCE)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    room = (free.size() - border).expandedTo(least)
    size = window.size().boundedTo(room)
    if size != window.size():
        window.resize(size)
    outer = QRect(window.frameGeometry().topLeft(), size + border)
    left = min(max(outer.left(), free.left()), max(free.left(), free.right() + 1 - outer.width()))
    top = min(max(outer.top(), free.top()), max(free.top(), free.bottom() + 1 - outer.height()))
    if (left, top) != (outer.left(), outer.top()):
        window.move(left, top)
