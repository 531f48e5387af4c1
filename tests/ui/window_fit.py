"""What "nothing is cut" means for a window on a small screen, checked widget by widget.

``problems(window, available)`` lists, in words, every way the window fails a
screen whose free area (taskbar left out) is ``available``:

* the window with its frame is larger than the free area (it would run off
  the screen: the status bar, the buttons at the bottom lost);
* a visible widget lies outside the window, or outside the content of the
  scroll area it is in;
* a form scrolls sideways: the content of a scroll area is wider than it;
* a text is cut: a label or a button narrower than its text, a word-wrapped
  label shorter than its lines, a group box narrower than its title, a
  column header narrower than its title.

Widgets inside a scroll area may lie below its viewport: scrolling down reaches them;
but a page of the main window must not need it at 100% (``pages_scroll=False``): a person
does not see that a page goes on below the screen, and the buttons at its bottom are lost.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTabBar,
    QWidget,
)

from zhoob_desktop.ui.screen_fit import FRAME

TOLERANCE = 1  # a pixel of rounding


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.width() > 0 and widget.height() > 0


def _scroll_content(widget: QWidget) -> QWidget | None:
    """The content widget of the innermost scroll area holding ``widget`` (None: not in one)."""
    parent = widget.parentWidget()
    child = widget
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            # a scroll area's content scrolls into view; a table's cells are the view's own
            return parent.widget() if isinstance(parent, QScrollArea) else None
        child, parent = parent, parent.parentWidget()
    return None


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    text = text.replace("\n", " ")
    label = f"{type(widget).__name__}"
    if widget.objectName():
        label += f"#{widget.objectName()}"
    return f"{label} {text[:60]!r}" if text else label


def _in_view_port(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            return True  # an item view's editor or index widget
        parent = parent.parentWidget()
    return False


def text_cut(widget: QWidget) -> str | None:
    """Why the widget's text does not fit it (None: it fits)."""
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + TOLERANCE:
                return f"needs {needed} px of height, has {widget.height()}"
            return None
        needed = widget.minimumSizeHint()
        if needed.width() > widget.width() + TOLERANCE:
            return f"needs {needed.width()} px of width, has {widget.width()}"
        return None
    if isinstance(widget, QAbstractButton) and widget.text():
        needed = widget.sizeHint().width()
        if needed > widget.width() + TOLERANCE:
            return f"needs {needed} px of width, has {widget.width()}"
        return None
    if isinstance(widget, QGroupBox) and widget.title():
        needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 20
        if needed > widget.width() + TOLERANCE:
            return f"title needs {needed} px, has {widget.width()}"
    return None


def header_cut(header: QHeaderView) -> list[str]:
    """Column titles wider than their columns (or, in a header that wraps its titles, taller than it)."""
    out = []
    model = header.model()
    if model is None:
        return out
    wraps = bool(header.defaultAlignment() & Qt.TextFlag.TextWordWrap)
    font = QFont(header.font())
    font.setBold(True)  # the style sheet's headers are bold
    metrics = QFontMetrics(font)
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        title = str(model.headerData(section, header.orientation()) or "")
        if wraps:
            room = QRect(0, 0, header.sectionSize(section) - 12, 10_000)
            needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), title).height() + 8
            if needed > header.height() + TOLERANCE:
                out.append(f"column {title!r} needs {needed} px of height, has {header.height()}")
            continue
        needed = header.sectionSizeFromContents(section).width()
        if needed > header.sectionSize(section) + TOLERANCE:
            out.append(f"column {title!r} needs {needed} px, has {header.sectionSize(section)}")
    return out


def problems(
    window: QWidget, available: QSize, *, sideways: bool = False, pages_scroll: bool = True
) -> list[str]:
    """Everything cut or off the screen, in words (``sideways``: a form may scroll sideways;
    ``pages_scroll``: a page of the main window may be taller than its room and scroll down)."""
    out = []
    outer = window.size() + FRAME
    if outer.width() > available.width() or outer.height() > available.height():
        out.append(
            f"window {window.width()}x{window.height()} (+frame) does not fit "
            f"{available.width()}x{available.height()}; its minimum is "
            f"{window.minimumSizeHint().width()}x{window.minimumSizeHint().height()}"
        )
    frame = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.isWindow():
            continue
        content = _scroll_content(widget)
        if content is None and not _in_view_port(widget):
            rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not frame.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE).contains(rect):
                out.append(f"{_name(widget)} at {rect.getRect()} lies outside the window")
                continue
        if not sideways and isinstance(widget, QScrollArea) and widget.widgetResizable() and widget.widget():
            wide = widget.widget().minimumSizeHint().width()
            if wide > widget.viewport().width() + TOLERANCE:
                out.append(
                    f"{_name(widget)} scrolls sideways: its content needs {wide} px, has {widget.viewport().width()}"
                )
        if not pages_scroll and isinstance(widget, QScrollArea) and widget.objectName().startswith("page-"):
            page = widget.widget()
            if page is not None and page.height() > widget.viewport().height() + TOLERANCE:
                out.append(
                    f"{_name(widget)} scrolls down: the page is {page.height()} px tall, "
                    f"the window has {widget.viewport().height()}"
                )
        if isinstance(widget, QTabBar | QComboBox):
            continue
        why = text_cut(widget)
        if why:
            out.append(f"{_name(widget)} is cut: {why}")
        if isinstance(widget, QHeaderView) and widget.orientation().name == "Horizontal":
            out += [f"{_name(widget.parentWidget())}: {line}" for line in header_cut(widget)]
    return out
