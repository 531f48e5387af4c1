"""Small widgets shared by the console and the projector: the quorum bar, the big count, the clock."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.ui.meeting.countdown import AMBER, NORMAL, OVER

GREEN, AMBER_COLOUR, RED, GREY = "#1b7f3b", "#c77700", "#c62828", "#5f6368"
# Text on the window's light background (#f0f0f0): above 7:1.
DARK_GREEN, DARK_AMBER = "#14532d", "#6b3a00"
PHASE_COLOURS = {NORMAL: GREEN, AMBER: AMBER_COLOUR, OVER: RED}
# On the black hall screen: white while on time, bright amber, bright red (contrast above 7:1).
DARK_PHASE_COLOURS = {NORMAL: "#ffffff", AMBER: "#ffc400", OVER: "#ff5a4f"}


class Meter(QWidget):
    """A plain painted bar with the threshold marked; no text on it (the text is beside it, readable)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value, self.maximum, self.threshold, self.colour = 0, 1, 0, AMBER_COLOUR
        self.setMinimumHeight(10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_state(self, value: int, maximum: int, threshold: int, colour: str) -> None:
        if (value, maximum, threshold, colour) != (self.value, self.maximum, self.threshold, self.colour):
            self.value, self.maximum, self.threshold, self.colour = value, max(maximum, 1), threshold, colour
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 12)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        frame = self.rect().adjusted(0, 1, 0, -1)
        painter.fillRect(frame, QColor("#dde3e8"))
        filled = int(frame.width() * min(self.value, self.maximum) / self.maximum)
        painter.fillRect(frame.adjusted(0, 0, filled - frame.width(), 0), QColor(self.colour))
        if self.threshold:
            mark = frame.x() + int(frame.width() * self.threshold / self.maximum)
            painter.fillRect(mark - 1, frame.y() - 1, 3, frame.height() + 2, QColor("#10212d"))
        painter.setPen(QPen(QColor(GREY), 1))
        painter.drawRect(frame.adjusted(0, 0, -1, -1))
        painter.end()


class QuorumBar(QWidget):
    """Present members against the members on the list: a line of text, a bar with the threshold marked.

    The text is dark on the window's light background (reached: dark green, not
    reached: dark amber, both above 7:1); ``compact`` (the console's header) says
    it shortly and keeps the rule, with its citation, in the tooltip; otherwise
    the rule is a caption under the bar.
    """

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.compact = compact
        self.status = QLabel()
        self.status.setObjectName("quorumStatus")
        self.status.setWordWrap(True)
        self.bar = Meter()
        self.bar.setObjectName("quorumBar")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("quorumRule")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.caption)
        self.present = self.members = self.required = 0
        self.rule_text = ""
        self.reached = False
        self._paint()

    def set_quorum(self, present: int, members: int, required: int, rule_text: str) -> None:
        """Show ``present`` of ``members``; ``required`` is the threshold, ``rule_text`` the rule and citation."""
        if (present, members, required, rule_text) == (
            self.present,
            self.members,
            self.required,
            self.rule_text,
        ):
            return
        self.present, self.members, self.required, self.rule_text = present, members, required, rule_text
        self.reached = members > 0 and present >= required
        self._paint()

    def _paint(self) -> None:
        if self.compact:
            status = (
                _("Quorum {required}: reached") if self.reached else _("Quorum {required}: not reached")
            ).format(required=self.required)
        elif self.reached:
            status = _("Quorum: {present} of {members} present, {required} needed — reached").format(
                present=self.present, members=self.members, required=self.required
            )
        else:
            status = _("Quorum: {present} of {members} present, {required} needed — not reached").format(
                present=self.present, members=self.members, required=self.required
            )
        colour = DARK_GREEN if self.reached else DARK_AMBER
        self.status.setText(status)
        self.status.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.bar.set_state(self.present, self.members, self.required, GREEN if self.reached else AMBER_COLOUR)
        if self.caption.text() != self.rule_text:
            self.caption.setText(self.rule_text)
            self.setToolTip(self.rule_text)
        self.caption.setVisible(not self.compact)


class BigCount(QLabel):
    """``present / members`` in large digits."""

    def __init__(self, point_size: int = 40, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bigCount")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"font-size: {point_size}pt; font-weight: bold;")
        self.present = self.members = -1

    def set_count(self, present: int, members: int) -> None:
        if (present, members) != (self.present, self.members):
            self.present, self.members = present, members
            self.setText(f"{present} / {members}")


class ClockLabel(QLabel):
    """The countdown digits: one label updated once a second, coloured by phase."""

    def __init__(self, point_size: int = 28, parent: QWidget | None = None, colours: dict | None = None):
        super().__init__(parent)
        self.colours = colours or PHASE_COLOURS
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.point_size = point_size
        self.phase = NORMAL
        self.updates = 0
        self.set_phase(NORMAL)

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        self.setStyleSheet(
            f"font-size: {self.point_size}pt; font-weight: bold; font-family: 'DejaVu Sans Mono';"
            f" color: {self.colours.get(phase, self.colours[NORMAL])};"
        )

    def show_time(self, text: str) -> None:
        self.updates += 1
        self.setText(text)
