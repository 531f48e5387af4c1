"""Roles and their rights, as data; ``require`` checks them in the services.

A right is checked where the work is done, not only where the button is: the
store refuses a write to a table whose right the operator lacks (``guard``),
and services check the rights that are not a write (reading full IINs,
exporting the register). The window asks ``allowed`` to disable an action and
shows ``reason`` beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_

AKIM, SECRETARY, CLERK, DISTRICT = "akim", "secretary", "clerk", "district"
ROLES = (AKIM, SECRETARY, CLERK, DISTRICT)

ROLE_NAMES = {
    AKIM: N_("Akim"),
    SECRETARY: N_("Secretary (apparatus)"),
    CLERK: N_("Clerk"),
    DISTRICT: N_("District operator"),
}

# Rights. Each names what it allows, for the message that refuses it.
RIGHTS = {
    "register.read": N_("read the register of residents"),
    "register.write": N_("change the register of residents"),
    "register.iin": N_("see full IINs"),
    "register.export": N_("export the register"),
    "sittings.prepare": N_("prepare sittings"),
    "sittings.run": N_("run a sitting at the console"),
    "papers.print": N_("print papers"),
    "papers.finalise": N_("mark protocols as signed"),
    "decisions.write": N_("record the follow-up of decisions"),
    "monitoring.write": N_("edit monitoring reports"),
    "sync.export": N_("export bundles for the district"),
    "okrug.manage": N_("change the okrug's details and rules"),
    "operators.manage": N_("add and remove operators"),
    "audit.read": N_("read the audit"),
    "backup.restore": N_("restore a backup"),
    "district.read": N_("read the district store"),
    "district.write": N_("import bundles into the district store"),
}

_OKRUG_WORK = {
    "register.read",
    "register.write",
    "register.iin",
    "register.export",
    "sittings.prepare",
    "sittings.run",
    "papers.print",
    "papers.finalise",
    "decisions.write",
    "monitoring.write",
    "sync.export",
}

_DISTRICT_WORK = {"district.read", "district.write"}

# The akim is the folder's first operator and holds every right: at the district, the one who sets
# the folder up manages its operators and may open the district store.
ROLE_RIGHTS: dict[str, frozenset[str]] = {
    AKIM: frozenset(
        _OKRUG_WORK | _DISTRICT_WORK | {"okrug.manage", "operators.manage", "audit.read", "backup.restore"}
    ),
    SECRETARY: frozenset(_OKRUG_WORK),
    CLERK: frozenset({"register.read", "papers.print"}),
    DISTRICT: frozenset(_DISTRICT_WORK | {"audit.read", "backup.restore"}),
}

#: Which right a write to each table of the okrug's store needs (tables not listed: any operator, e.g. the
#: audit itself). In the district store every write needs ``district.write`` (``DISTRICT_WRITE``).
TABLE_RIGHTS = {
    "settlement": "register.write",
    "street": "register.write",
    "house": "register.write",
    "social_status": "register.write",
    "resident": "register.write",
    "register_change": "register.write",
    "sitting": "sittings.prepare",
    "roster_entry": "sittings.prepare",
    "sitting_event": "sittings.run",
    "issued_document": "papers.finalise",
    "decision_step": "decisions.write",
    "monitoring_report": "monitoring.write",
    "monitoring_line": "monitoring.write",
    "sync_export": "sync.export",
    "okrug": "okrug.manage",
    "operator": "operators.manage",
    "representation_procedure": "okrug.manage",  # the maslikhat's procedure: a rule of the okrug
    "initiative": "sittings.prepare",
    "initiative_signer": "sittings.prepare",
}


DISTRICT_WRITE = "district.write"


class PermissionDenied(ZhoobError):
    template = N_("{who} ({role}) may not {action}: the role does not have this right.")

    def message(self, gettext=None) -> str:
        from zhoob_desktop.services.i18n import _

        tr = gettext or _
        params = dict(self.params)
        params["role"] = tr(params["role"])
        params["action"] = tr(params["action"])
        return tr(self.template).format(**params)


@dataclass(frozen=True)
class OperatorInfo:
    """The operator logged in: id, log-in name, full name and role."""

    id: str
    login: str
    full_name: str
    role: str

    @property
    def label(self) -> str:
        """How the journal and the audit name this operator: the full name (or log-in) and the id."""
        return f"{self.full_name or self.login} [{self.id[:8]}]"

    def can(self, right: str) -> bool:
        return right in ROLE_RIGHTS.get(self.role, frozenset())


def allowed(operator: OperatorInfo | None, right: str) -> bool:
    """Whether ``operator`` has ``right``; a store without operators (not encrypted, a bench) allows all."""
    return operator is None or operator.can(right)


def denial(operator: OperatorInfo | None, right: str) -> PermissionDenied | None:
    if allowed(operator, right):
        return None
    assert operator is not None
    return PermissionDenied(
        who=operator.full_name or operator.login,
        role=ROLE_NAMES.get(operator.role, operator.role),
        action=RIGHTS[right],
    )


def reason(operator: OperatorInfo | None, right: str) -> str:
    """The translated reason an action is disabled, or "" when it is allowed."""
    refused = denial(operator, right)
    return "" if refused is None else refused.message()


def require(store, right: str) -> None:
    """Raise ``PermissionDenied`` unless the store's operator has ``right``."""
    refused = denial(getattr(store, "operator", None), right)
    if refused is not None:
        raise refused


def mask_iin(iin: str | None) -> str | None:
    """An IIN with all but its last four digits hidden: enough to tell two people apart on screen."""
    if not iin:
        return iin
    return "•" * (len(iin) - 4) + iin[-4:]


def masked(store, rows: list):
    """Rows (dataclasses with an ``iin``) as the store's operator may see them."""
    if allowed(getattr(store, "operator", None), "register.iin"):
        return rows
    from dataclasses import replace

    return [replace(row, iin=mask_iin(row.iin)) for row in rows]
