"""A page's layout that fits the screen's height: its tables scroll, the page itself does not grow."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout


def full_stop(sentence: str) -> str:
    """One full stop at the end where a date already ends with one ("20 июля 2026 г." + ".")."""
    return sentence[:-1] if sentence.endswith("..") else sentence


class PageLayout(QVBoxLayout):
    """A vertical layout that reports no height-for-width.

    A page sits in the main window's scroll area; word-wrapped labels would
    make its layout ask for their preferred height at the page's width, and
    the scroll area would make the page that tall, taller than a 768-pixel
    screen. Without it the page takes the screen's height and its tables
    and lists scroll inside.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False
