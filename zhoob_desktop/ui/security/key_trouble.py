"""At log-in: a damaged or missing private key file is named, and put back from its copy when asked.

The okrug's signing key (and the district's keys) are sealed files beside the database; a copy of each is
kept inside the encrypted data (``services.sync.keys``). When a file does not open, the window says which
and why, and offers the copy to an operator whose role may use that key; the damaged file is kept beside.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from zhoob_desktop import APP_NAME
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.security import roles
from zhoob_desktop.services.sync import keys as keystore


def key_trouble_box(store, parent: QWidget | None = None) -> tuple[QMessageBox | None, bool]:
    """The message about the key files that do not open (None when all do) and whether it offers the copy."""
    troubled = [f for f in keystore.key_file_states(store) if f.state != "sound"]
    if not troubled:
        return None, False
    restorable = [
        f
        for f in troubled
        if f.state in ("damaged", "missing")
        and f.has_copy
        and roles.allowed(store.operator, keystore.right_for(f.path))
    ]
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Warning)
    lines = [f.problem for f in troubled]
    if restorable:
        lines.append(
            _(
                "A copy of the key is kept inside the encrypted data. Restore the file from it now? The "
                "damaged file is kept beside it. Bundles are then signed with the same key, as the district "
                "knows it."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Restore from the copy"))
        box.button(QMessageBox.StandardButton.No).setText(_("Not now"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
    else:
        lines.append(_("Ask the akim to restore it (the command zhoob keys restore)."))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setText("\n\n".join(lines))
    return box, bool(restorable)


def offer_key_restore(store, parent: QWidget | None = None, *, ask=None) -> list[keystore.KeyRestore]:
    """Name the key files that do not open; restore them from their copies if the operator agrees.

    ``ask(box)`` shows the box and returns the button pressed (``box.exec`` by default; tests answer)."""
    box, restorable = key_trouble_box(store, parent)
    if box is None:
        return []
    answer = (ask or (lambda b: b.exec()))(box)
    if not restorable or answer != QMessageBox.StandardButton.Yes:
        return []
    outcomes = keystore.restore_key_files(store)
    lines = [
        _("Restored from its copy in the data: {path}").format(path=o.path) if o.restored else o.message
        for o in outcomes
    ]
    if lines:
        done = QMessageBox(QMessageBox.Icon.Information, APP_NAME, "\n\n".join(lines), parent=parent)
        (ask or (lambda b: b.exec()))(done)
    return outcomes
