"""Small dialogs of the registration desk: the reason of an excused absence, and picking a person.

An absent member's excuse goes into the protocol with its reason (Model
Regulation §12 p. 2); the dialog only collects the reason, the engine checks
who may be excused.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _


class ExcuseDialog(QDialog):
    """Asks the reason of a member's excused absence; OK only with a reason typed."""

    def __init__(self, name: str, reason: str = "", parent: QWidget | None = None, *, meeting: bool = True):
        super().__init__(parent)
        self.setObjectName("excuseDialog")
        self.setWindowTitle(_("Excused absence"))
        self.question = QLabel(
            _("{name} is absent for a valid reason. The reason, for the protocol:").format(name=name)
        )
        self.question.setWordWrap(True)
        self.reason = QLineEdit(reason)
        self.reason.setObjectName("excuseReason")
        self.reason.setPlaceholderText(_("e.g. ill, on a business trip"))
        self.hint = QLabel(
            _(
                "The protocol lists the member among those absent for a valid reason (Model Regulation §12). "
                "A member who registers later is simply present."
            )
            if meeting
            else _(
                "The protocol lists the person among those absent for a valid reason. Someone who registers "
                "later is simply present."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Excuse the absence"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._enable()

    def _enable(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.text().strip()


def pick_person(
    parent: QWidget | None, title: str, label: str, people: list[tuple[str, str]], current: str | None = None
) -> str | None:
    """The id of the person chosen from ``(id, label)`` pairs (typing filters by prefix), or None."""
    if not people:
        return None
    labels = unique_labels([text for _pid, text in people])
    start = next((i for i, (pid, _t) in enumerate(people) if pid == current), 0)
    text, ok = QInputDialog.getItem(parent, title, label, labels, start, True)
    if not ok or text not in labels:
        return None
    return people[labels.index(text)][0]


def unique_labels(labels: list[str]) -> list[str]:
    """Namesakes told apart by a number, so the text chosen names exactly one person."""
    seen: dict[str, int] = {}
    out = []
    for text in labels:
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out
