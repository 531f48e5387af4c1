"""Tables of the Sync page that fit a 1366 px screen in every language, without sideways scrolling."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


class FitTable(QTableWidget):
    """A table that fits its width at 1366 px in every language: no sideways scrolling.

    Titles wrap between words (a column is never narrower than its longest title word); short
    columns (numbers, dates) are as wide as their widest cell, up to ``SHORT_MAX`` (a longer cell is
    cut with "…", its tooltip whole); the text columns (``weights``) share what is left and wrap,
    rows growing to their text.
    """

    SHORT_MAX = 200
    TEXT_MIN = 110

    def __init__(self, columns: int, weights: dict[int, int]):
        super().__init__(0, columns)
        self.weights = weights
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def titles(self) -> list[str]:
        return [(self.horizontalHeaderItem(c).text() if self.horizontalHeaderItem(c) else "")
                for c in range(self.columnCount())]  # fmt: skip

    def fit(self) -> None:
        header = self.horizontalHeader()
        # the vertical scroll bar's room is kept whether it shows or not, so nothing slides under it
        room = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        if room <= 0:
            return
        bold = QFont(header.font())
        bold.setBold(True)
        title_metrics, cell_metrics = QFontMetrics(bold), QFontMetrics(self.font())
        titles = self.titles()
        word = [max((title_metrics.horizontalAdvance(w) for w in t.split()), default=0) + 16 for t in titles]
        widths: dict[int, int] = {}
        for c in range(self.columnCount()):
            if c in self.weights:
                continue
            widest = max((max(cell_metrics.horizontalAdvance(line) for line in self.item(r, c).text().split("\n"))
                          for r in range(self.rowCount()) if self.item(r, c) is not None), default=0)  # fmt: skip
            widths[c] = max(word[c], min(widest + 14, self.SHORT_MAX))
        rest = room - sum(widths.values())
        total = sum(self.weights.values()) or 1
        for c, weight in self.weights.items():
            widths[c] = max(word[c], self.TEXT_MIN, rest * weight // total)
        # Too narrow for every column at its size: the short columns give up room first, down to
        # their longest title word (a cell then cut with "…", whole in its tooltip), then the text
        # columns down to theirs.
        excess = sum(widths.values()) - room
        for group in ([c for c in widths if c not in self.weights], list(self.weights)):
            slack = {c: widths[c] - word[c] for c in group if widths[c] > word[c]}
            while excess > 0 and slack:
                share = max(1, excess // len(slack))
                for c in list(slack):
                    take = min(share, slack[c], excess)
                    widths[c] -= take
                    slack[c] -= take
                    excess -= take
                    if slack[c] == 0:
                        del slack[c]
        for c, width in widths.items():
            header.resizeSection(c, width)
        needed = 0
        for c, title in enumerate(titles):
            box = QRect(0, 0, max(10, widths[c] - 12), 10_000)
            needed = max(
                needed, title_metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), title).height()
            )
        header.setFixedHeight(needed + 12)
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()
