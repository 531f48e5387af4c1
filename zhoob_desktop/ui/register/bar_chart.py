"""A horizontal bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

Horizontal bars leave room for long Kazakh labels ("Көп балалы отбасы") that
would not fit under vertical ones.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from zhoob_desktop.services.i18n import format_number

BAR_COLOR = QColor("#2e7d6b")
TRACK_COLOR = QColor("#e6ece9")
TEXT_COLOR = QColor("#1f2a27")


class BarChart(QWidget):
    """Bars of ``(label, value)`` pairs under a title; values are drawn at the bar ends."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(self, title: str, bars: list[tuple[str, int]]) -> None:
        self.title, self.bars = title, list(bars)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        rows = max(len(self.bars), 1) + 1
        return QSize(420, rows * self._row_height() + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def label_width(self) -> int:
        """Room for the widest label, but never more than 45% of the chart."""
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(label) for label, _v in self.bars), default=0)
        return min(widest + 12, int(self.width() * 0.45))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        row = self._row_height()
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(TEXT_COLOR)
        painter.drawText(QRectF(4, 4, self.width() - 8, row), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        label_w = self.label_width()
        value_w = metrics.horizontalAdvance(format_number(max((v for _l, v in self.bars), default=0))) + 12
        track_w = max(self.width() - label_w - value_w - 12, 10)
        top = 4 + row
        peak = max((v for _l, v in self.bars), default=0) or 1
        for label, value in self.bars:
            text_rect = QRectF(4, top, label_w - 8, row)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            painter.setPen(TEXT_COLOR)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
            bar_top = top + 3
            bar_h = row - 6
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK_COLOR)
            painter.drawRoundedRect(QRectF(label_w, bar_top, track_w, bar_h), 3, 3)
            if value > 0:
                painter.setBrush(BAR_COLOR)
                width = max(track_w * value / peak, 2)
                painter.drawRoundedRect(QRectF(label_w, bar_top, width, bar_h), 3, 3)
            painter.setPen(TEXT_COLOR)
            painter.drawText(
                QRectF(label_w + track_w + 6, top, value_w, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                format_number(value),
            )
            top += row
        painter.end()
