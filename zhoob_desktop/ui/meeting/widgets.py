"""Small widgets shared by the console and the projector: the quorum bar, the big count, the clock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.ui.meeting.countdown import AMBER, NORMAL, OVER

GREEN, AMBER_COLOUR, RED, GREY = "#1b7f3b", "#c77700", "#c62828", "#5f6368"
PHASE_COLOURS = {NORMAL: GREEN, AMBER: AMBER_COLOUR, OVER: RED}
# On the black hall screen: white while on time, bright amber, bright red (contrast above 7:1).
DARK_PHASE_COLOURS = {NORMAL: "#ffffff", AMBER: "#ffc400", OVER: "#ff5a4f"}


class QuorumBar(QWidget):
    """Present members against the members on the list, green once the quorum is reached.

    The caption under the bar names the rule that applies and its citation.
    """

    def __init__(self, parent: QWidget | None = None, *, large: bool = False, compact: bool = False):
        super().__init__(parent)
        self.compact = compact  # a header: short text in the bar, the rule in a tooltip
        self.bar = QProgressBar()
        self.bar.setObjectName("quorumBar")
        self.bar.setTextVisible(True)
        self.bar.setMinimumHeight(48 if large else 26)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("quorumRule")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.caption)
        self.large = large
        self.present = self.members = self.required = 0
        self.rule_text = ""
        self.reached = False
        self._styled: bool | None = None
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
        self.bar.setRange(0, max(self.members, 1))
        self.bar.setValue(min(self.present, max(self.members, 1)))
        if self._styled != self.reached:  # a style sheet costs a restyle: only when the colour changes
            self._styled = self.reached
            colour = GREEN if self.reached else AMBER_COLOUR
            size = 22 if self.large else 11
            self.bar.setStyleSheet(
                f"QProgressBar {{ border: 2px solid {GREY}; border-radius: 4px; text-align: center;"
                f" font-size: {size}pt; font-weight: bold; color: black; background: #eeeeee; }}"
                f"QProgressBar::chunk {{ background: {colour}; }}"
            )
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
        self.bar.setFormat(status)
        self.caption.setText(self.rule_text)
        self.caption.setVisible(not self.compact)
        self.setToolTip(self.rule_text)


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
