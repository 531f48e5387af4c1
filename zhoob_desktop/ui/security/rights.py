"""An action the operator's role does not allow is shown disabled, with the reason as its tooltip.

The services refuse it anyway (``services.security.roles``); this only keeps the
screen honest. Each page's guarded widgets are named here, so the pages need
not know about roles; a page that enables a button later is overruled.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from zhoob_desktop.services.security import roles

#: page key -> (attribute path of a widget on the page, right it needs)
GUARDED: dict[str, tuple[tuple[str, str], ...]] = {
    "residents": (
        ("residents.new_button", "register.write"),
        ("residents.new_action", "register.write"),
        ("residents.import_button", "register.write"),
        ("residents.export_button", "register.export"),
        ("structure.add_settlement_button", "register.write"),
        ("structure.add_street_button", "register.write"),
        ("structure.add_house_button", "register.write"),
        ("structure.building_button", "register.write"),
        ("structure.rename_button", "register.write"),
        ("structure.delete_button", "register.write"),
    ),
    "meetings": (
        ("new_button", "sittings.prepare"),
        ("prepare_button", "sittings.prepare"),
        ("console_button", "sittings.run"),
    ),
    "papers": (
        ("protocol_button", "papers.print"),
        ("sheet_button", "papers.print"),
        ("notice_button", "papers.print"),
        ("annex_button", "papers.print"),
        ("extract_button", "papers.print"),
        ("finalise_button", "papers.finalise"),
        ("addendum_button", "papers.finalise"),
    ),
    "monitoring": (
        ("add_direction_button", "monitoring.write"),
        ("remove_direction_button", "monitoring.write"),
        ("sign_button", "monitoring.write"),
    ),
    "sync": (
        ("okrug.export_button", "sync.export"),
        ("okrug.district_key_button", "sync.export"),
        ("okrug.receipt_button", "sync.export"),
        ("district.open_button", "district.read"),
        ("district.key_button", "district.write"),
        ("district.register_button", "district.write"),
        ("district.import_button", "district.write"),
        ("district.receipt_button", "district.write"),
        ("district.accept_button", "district.write"),
        ("district.reject_button", "district.write"),
        ("district.settle_button", "district.write"),
    ),
    "settings": (("save_okrug", "okrug.manage"),),
    "representation": (
        ("procedure_button", "okrug.manage"),
        ("print_kk", "papers.print"),
        ("print_ru", "papers.print"),
        ("new_initiative_button", "sittings.prepare"),
        ("signer_input", "sittings.prepare"),
        ("withdraw_button", "sittings.prepare"),
        ("file_button", "sittings.prepare"),
        ("decide_button", "sittings.prepare"),
        ("prepare_button", "sittings.prepare"),
        ("sheet_button", "papers.print"),
        ("petition_button", "papers.print"),
    ),
    "decisions": (("buttons.*", "decisions.write"),),
}


class _KeepDisabled(QObject):
    """Re-disables a widget whenever its page enables it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def _resolve(page: QObject, path: str) -> list:
    obj: object = page
    parts = path.split(".")
    for part in parts:
        if part == "*":
            return list(obj.values()) if isinstance(obj, dict) else []
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
        if obj is None:
            return []
    return [obj]


def apply_rights(key: str, page: QWidget, operator: roles.OperatorInfo | None) -> list[object]:
    """Disable the page's actions its operator may not take; returns the widgets disabled."""
    disabled = []
    keeper = _KeepDisabled(page)
    for path, right in GUARDED.get(key, ()):
        reason = roles.reason(operator, right)
        if not reason:
            continue
        for widget in _resolve(page, path):
            widget.setEnabled(False)
            widget.setToolTip(reason)
            if isinstance(widget, QWidget):
                widget.installEventFilter(keeper)
            disabled.append(widget)
    return disabled
