"""Windows sized to the screen they open on, never taller or wider than it.

The commonest akimat laptop screen is 1366x768, often at 125% scaling (a
logical 1093x614), and projectors run at 1280x720 or 1024x768. A window
asks for its preferred size; it gets at most the screen's available area
(the taskbar left out by the system) less the frame the system draws
around it, which Qt does not know before the window is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Title bar and borders of a top-level window (Windows 10/11 at 100%: 31 px title, 8 px borders).
FRAME = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The free area of the screen the widget is on (or the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def window_size(available: QSize, preferred: QSize) -> QSize:
    """The client size of a window on a screen with this free area: preferred, but within the screen."""
    room = available - FRAME
    return QSize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))


def fit_to_screen(window: QWidget, preferred: QSize, parent: QWidget | None = None) -> QSize:
    """Resize a window to its preferred size within the screen it opens on, and centre it there."""
    area = available_area(parent or window)
    size = window_size(area.size(), preferred)
    window.resize(size)
    x = area.x() + max(0, (area.width() - size.width() - FRAME.width()) // 2)
    y = area.y() + max(0, (area.height() - size.height() - FRAME.height()) // 2)
    window.move(x, y)
    return size
