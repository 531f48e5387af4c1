"""The hall screen: made to be read from the back row, ten metres away, on any projector.

White and bright colours on black (contrast 7:1 or more, WCAG AAA); every
text is drawn in the largest size that fits its band of the screen
(``FitText``), so nothing is ever clipped at 1024x768, 1280x720 or
1920x1080. From top to bottom: the okrug and the sitting; the item; the
speaker; the countdown (or the head count during registration); the result
of the vote just taken, until the next speech or item replaces it; the
quorum. Citations appear only where the hall needs one: the chair's casting
vote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.ui.fonts import ui_font
from zhoob_desktop.ui.meeting.countdown import NORMAL, Countdown, format_clock

BACKGROUND = "#000000"
FOREGROUND = "#ffffff"  # 21:1 on black
MUTED = "#d0d0d0"  # 13.6:1
AMBER = "#ffc400"  # 13.1:1
RED = "#ff7a70"  # 8.1:1
GREEN = "#5ee07a"  # 12.4:1
PHASE_COLOURS = {NORMAL: FOREGROUND, "amber": AMBER, "over": RED}
OUTCOME_COLOURS = {"adopted": GREEN, "rejected": RED, "tie": AMBER}


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast(foreground: str, background: str = BACKGROUND) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class ProjectorVote:
    """The result of the vote just taken, as the hall reads it (already translated)."""

    subject: str
    outcome: str  # "adopted", "rejected", "tie"
    verdict: str  # "ADOPTED", "The chair is elected", ...
    counts: str  # "For 15 · Against 3 · Abstained 3"
    needed: str  # "9 votes for needed (more than half of 17 present)" or the casting-vote line


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
    registration: bool = False  # the head count in the middle of the screen
    vote: ProjectorVote | None = None


_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")


#: Shorter texts are not taken for an address (a house number alone is no one's address).
_MIN_PRIVATE = 8


def _scrub(text: str, private: tuple[str, ...] = ()) -> str:
    text = _IIN.sub("············", text)
    for secret in private:
        text = text.replace(secret, "…")
    return text


def hall_safe(info: ProjectorInfo, private: Iterable[str | None] = ()) -> ProjectorInfo:
    """The hall never sees an IIN or an address, even one typed into a name or an agenda item by mistake.

    Any 12 digits in a row are hidden; so are the texts in ``private`` (the members' addresses and
    IINs as the roster holds them), wherever they appear.
    """
    secrets = tuple(sorted({p.strip() for p in private if p and len(p.strip()) >= _MIN_PRIVATE}, key=len))[
        ::-1
    ]
    vote = info.vote
    if vote is not None:
        vote = replace(vote, subject=_scrub(vote.subject, secrets), verdict=_scrub(vote.verdict, secrets))
    texts = {name: _scrub(getattr(info, name), secrets) for name in ("okrug", "sitting", "item", "speaker")}
    return replace(info, vote=vote, **texts)


class FitText(QWidget):
    """Text drawn in the largest pixel size that fits the widget (word-wrapped), never clipped.

    ``template`` (e.g. ``-00:00`` for a countdown) is what the size is fitted
    to instead of the text itself, so a ticking clock keeps one size.
    ``fits()`` says whether the text fits at the size chosen (it does unless
    even ``min_px`` is too big for the band).
    """

    def __init__(
        self,
        max_px: int,
        min_px: int,
        *,
        bold: bool = False,
        colour: str = FOREGROUND,
        mono: bool = False,
        template: str = "",
        name: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(name)
        self.max_px, self.min_px = max_px, min_px
        self.colour, self.template = colour, template
        self.base = QFont("DejaVu Sans Mono") if mono else ui_font(10)
        self.base.setBold(bold)
        self._text = ""
        self._fitted: tuple[QSize, str, int] | None = None
        self.updates = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.updates += 1
            self.update()

    def set_colour(self, colour: str) -> None:
        if colour != self.colour:
            self.colour = colour
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, int(self.min_px * 1.4))

    def minimumSizeHint(self) -> QSize:
        return QSize(50, int(self.min_px * 1.3))

    def font_for(self, px: int) -> QFont:
        font = QFont(self.base)
        font.setPixelSize(px)
        return font

    def _needed(self, px: int, text: str) -> QRect:
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        return QFontMetrics(self.font_for(px)).boundingRect(self.rect(), int(flags), text)

    def pixel_size(self) -> int:
        """The size the text is drawn in now: the largest from ``max_px`` down that fits."""
        sample = self.template or self._text
        key = (self.size(), sample, self.max_px)
        if self._fitted is not None and self._fitted[:2] == key[:2]:
            return self._fitted[2]
        low, high = self.min_px, max(self.min_px, min(self.max_px, self.height()))
        while low < high:
            mid = (low + high + 1) // 2
            needed = self._needed(mid, sample)
            if needed.width() <= self.width() and needed.height() <= self.height():
                low = mid
            else:
                high = mid - 1
        self._fitted = (self.size(), sample, low)
        return low

    def fits(self) -> bool:
        """The text (and its template) within the widget at the size drawn."""
        px = self.pixel_size()
        return all(
            self._needed(px, text).width() <= self.width()
            and self._needed(px, text).height() <= self.height()
            for text in (self._text, self.template)
            if text
        )

    def paintEvent(self, _event) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setFont(self.font_for(self.pixel_size()))
        painter.setPen(QColor(self.colour))
        painter.drawText(
            self.rect(), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._text
        )
        painter.end()


class QuorumStrip(QWidget):
    """A thin bar of those present against the list, the threshold marked; no text on it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.present = self.members = self.required = 0
        self.setMinimumHeight(10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(400, 16)

    def set_counts(self, present: int, members: int, required: int) -> None:
        if (present, members, required) != (self.present, self.members, self.required):
            self.present, self.members, self.required = present, members, required
            self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        frame = self.rect()
        painter.fillRect(frame, QColor("#333333"))
        if self.members:
            reached = self.present >= self.required
            width = int(frame.width() * min(self.present, self.members) / self.members)
            painter.fillRect(QRect(0, 0, width, frame.height()), QColor(GREEN if reached else AMBER))
            mark = int(frame.width() * self.required / self.members)
            painter.fillRect(QRect(max(0, mark - 2), 0, 4, frame.height()), QColor(FOREGROUND))
        painter.end()


class ProjectorWindow(QWidget):
    """A window for a second screen or a projector (F11 toggles full screen, Esc leaves it)."""

    def __init__(self, countdown: Countdown | None = None, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setStyleSheet(f"QWidget#projector {{ background: {BACKGROUND}; }}")
        self.setAutoFillBackground(True)
        self.heading = FitText(40, 14, colour=MUTED, name="hallHeading")
        self.item = FitText(84, 22, bold=True, name="hallItem")
        self.speaker = FitText(72, 20, name="hallSpeaker")
        self.clock = FitText(520, 40, bold=True, mono=True, template="-00:00", name="hallClock")
        self.phase = NORMAL
        self.vote_subject = FitText(48, 16, colour=MUTED, name="hallVoteSubject")
        self.verdict = FitText(110, 26, bold=True, name="hallVerdict")
        self.counts = FitText(80, 22, bold=True, name="hallCounts")
        self.needed = FitText(44, 16, colour=MUTED, name="hallNeeded")
        self.quorum_strip = QuorumStrip()
        self.quorum = FitText(48, 16, name="hallQuorum")
        self.bands = (
            (self.heading, 2),
            (self.item, 5),
            (self.speaker, 3),
            (self.clock, 9),
            (self.vote_subject, 2),
            (self.verdict, 4),
            (self.counts, 3),
            (self.needed, 2),
            (self.quorum_strip, 0),
            (self.quorum, 2),
        )
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(4)
        for widget, stretch in self.bands:
            self.layout_.addWidget(widget, stretch)
        self.info = ProjectorInfo()
        self.countdown: Countdown | None = None
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.showNormal)
        if countdown is not None:
            self.attach(countdown)
        self.retranslate()

    def attach(self, countdown: Countdown) -> None:
        """Show this countdown: one text updated per displayed second, nothing else redrawn."""
        self.countdown = countdown
        countdown.second_changed.connect(lambda remaining: self.clock.setText(format_clock(remaining)))
        countdown.phase_changed.connect(self.set_phase)
        self.set_phase(countdown.phase())

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        if self.countdown is not None and self.countdown.timing is not None:
            self.clock.set_colour(PHASE_COLOURS.get(phase, FOREGROUND))

    def resizeEvent(self, event) -> None:
        margin = max(12, self.height() // 40)
        self.layout_.setContentsMargins(margin * 2, margin, margin * 2, margin)
        super().resizeEvent(event)

    def show_info(self, info: ProjectorInfo) -> None:
        info = hall_safe(info)
        self.info = info
        self.heading.setText(" · ".join(p for p in (info.okrug, info.sitting) if p))
        self.item.setText(info.item)
        self.item.setVisible(bool(info.item))
        self.speaker.setText(info.speaker)
        self.speaker.setVisible(bool(info.speaker))
        speaking = self.countdown is not None and self.countdown.timing is not None
        if speaking:
            self.clock.template = "-00:00"
            self.clock.setText(self.countdown.text())
            self.clock.set_colour(PHASE_COLOURS.get(self.countdown.phase(), FOREGROUND))
        elif info.registration:
            self.clock.template = "0000 / 0000"
            self.clock.setText(f"{info.present} / {info.members}")
            self.clock.set_colour(FOREGROUND)
        else:
            self.clock.setText("")
        self.clock.setVisible(speaking or info.registration)
        vote = info.vote
        for widget in (self.vote_subject, self.verdict, self.counts, self.needed):
            widget.setVisible(vote is not None)
        if vote is not None:
            self.vote_subject.setText(vote.subject)
            self.verdict.setText(vote.verdict)
            self.verdict.set_colour(OUTCOME_COLOURS.get(vote.outcome, FOREGROUND))
            self.counts.setText(vote.counts)
            self.needed.setText(vote.needed)
        self.quorum_strip.set_counts(info.present, info.members, info.required)
        self.quorum_strip.setVisible(info.members > 0)
        if info.members:
            reached = info.present >= info.required
            text = (
                _("Present: {present} of {members}. Quorum {required}: reached")
                if reached
                else _("Present: {present} of {members}. Quorum {required}: not reached")
            )
            self.quorum.setText(
                text.format(present=info.present, members=info.members, required=info.required)
            )
            self.quorum.set_colour(FOREGROUND if reached else AMBER)
        else:
            self.quorum.setText("")
        self.quorum.setVisible(info.members > 0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Hall screen"))
        self.show_info(self.info)

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
            area = self.screen().availableGeometry()
            self.resize(min(1024, area.width() - 16), min(640, area.height() - 40))
            self.show()
