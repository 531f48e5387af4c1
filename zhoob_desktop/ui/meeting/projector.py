"""The hall screen: readable from the back row, fed by the same state and countdown as the console."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.ui.meeting.countdown import Countdown, format_clock
from zhoob_desktop.ui.meeting.widgets import DARK_PHASE_COLOURS, ClockLabel, QuorumBar

BACKGROUND, FOREGROUND, MUTED = "#000000", "#ffffff", "#d0d0d0"


@dataclass(frozen=True)
class ProjectorInfo:
    """Everything the hall sees, already translated."""

    okrug: str = ""
    sitting: str = ""
    item: str = ""
    speaker: str = ""
    present: int = 0
    members: int = 0
    required: int = 0
    quorum_rule: str = ""
    last_vote: str = ""


_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")


def hall_safe(info: ProjectorInfo) -> ProjectorInfo:
    """The hall never sees an IIN, even one typed into a name or an agenda item by mistake."""
    texts = {
        name: _IIN.sub("············", getattr(info, name))
        for name in ("okrug", "sitting", "item", "speaker", "quorum_rule", "last_vote")
    }
    return replace(info, **texts)


def _label(point_size: int, *, bold: bool = False, colour: str = FOREGROUND) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    weight = "bold" if bold else "normal"
    label.setStyleSheet(f"color: {colour}; font-size: {point_size}pt; font-weight: {weight};")
    return label


class ProjectorWindow(QWidget):
    """A frameless-capable window for a second screen or a projector (F11 toggles full screen)."""

    def __init__(self, countdown: Countdown | None = None, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setStyleSheet(f"QWidget#projector {{ background: {BACKGROUND}; }}")
        self.setAutoFillBackground(True)
        self.okrug = _label(22, colour=MUTED)
        self.sitting = _label(18, colour=MUTED)
        self.item = _label(34, bold=True)
        self.speaker = _label(30)
        self.clock = ClockLabel(110, colours=DARK_PHASE_COLOURS)
        self.quorum = QuorumBar(large=True)
        self.quorum.caption.setStyleSheet(f"color: {MUTED}; font-size: 14pt;")
        self.last_vote = _label(24, bold=True)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {MUTED};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.okrug)
        layout.addWidget(self.sitting)
        layout.addWidget(rule)
        layout.addWidget(self.item, 2)
        layout.addWidget(self.speaker, 1)
        layout.addWidget(self.clock, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.quorum, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.last_vote, 1)
        self.info = ProjectorInfo()
        self.countdown: Countdown | None = None
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.showNormal)
        if countdown is not None:
            self.attach(countdown)
        self.retranslate()

    def attach(self, countdown: Countdown) -> None:
        """Show this countdown: one label updated per displayed second, nothing else redrawn."""
        self.countdown = countdown
        countdown.second_changed.connect(lambda remaining: self.clock.show_time(format_clock(remaining)))
        countdown.phase_changed.connect(self.clock.set_phase)

    def show_info(self, info: ProjectorInfo) -> None:
        info = hall_safe(info)
        if info == self.info:
            return
        self.info = info
        self.okrug.setText(info.okrug)
        self.sitting.setText(info.sitting)
        self.item.setText(info.item)
        self.speaker.setText(info.speaker)
        self.quorum.set_quorum(info.present, info.members, info.required, info.quorum_rule)
        self.last_vote.setText(info.last_vote)
        if self.countdown is None or self.countdown.timing is None:
            self.clock.show_time("")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Hall screen"))
        self.quorum.set_quorum(0, 0, 0, "")  # re-rendered by the next show_info
        info, self.info = self.info, ProjectorInfo()
        self.show_info(info)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def place(self) -> None:
        """Full screen on the second screen when there is one; otherwise a window to drag there."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = next((s for s in screens if s is not QGuiApplication.primaryScreen()), screens[1])
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.resize(1024, 640)
            self.show()
