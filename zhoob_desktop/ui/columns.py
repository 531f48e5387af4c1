"""Table columns whose titles are never cut, in any language, on any screen.

A Kazakh title is often twice as long as the English one ("Тегі, аты,
әкесінің аты"), and a column stretched to fill a narrow table shrinks below
its title. ``title_width`` is what a title needs as the header draws it
(bold, padding, sort arrow); ``StretchWithMinimum`` fills the table's width
with one column but never below its title, and the table scrolls sideways
instead; ``titles_whole`` widens any column narrower than its title.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView


def title_width(view: QAbstractItemView, column: int) -> int:
    """The width the column's title needs in the header, as styled."""
    return view.horizontalHeader().sectionSizeFromContents(column).width()


def titles_whole(view: QAbstractItemView) -> None:
    """Widen every column that is narrower than its title (other widths stay)."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None:
        return
    for column in range(model.columnCount()):
        if (
            header.isSectionHidden(column)
            or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        ):
            continue
        need = title_width(view, column)
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)


class StretchWithMinimum(QObject):
    """One column takes the width the others leave, but never less than its title needs.

    Replaces ``QHeaderView.Stretch``, which squeezes the column below its
    title in a narrow table. The filling follows the view's resizes and the
    other columns' resizes.
    """

    def __init__(self, view: QAbstractItemView, column: int):
        super().__init__(view)
        self.view, self.column = view, column
        header = view.horizontalHeader()
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        self._busy = False
        self.fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fill()
        return False

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.column:
            self.fill()

    def fill(self) -> None:
        if self._busy or self.view.model() is None:
            return
        header = self.view.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(self.view.model().columnCount())
            if c != self.column and not header.isSectionHidden(c)
        )
        width = max(title_width(self.view, self.column), self.view.viewport().width() - others)
        if header.sectionSize(self.column) != width:
            self._busy = True
            try:
                header.resizeSection(self.column, width)
            finally:
                self._busy = False
