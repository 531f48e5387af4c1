"""Translated names of record types and conflict kinds, for the screens and the command line."""

from __future__ import annotations

from typing import Any

from zhoob_desktop.services.i18n import N_, _

# The name of the `zhoob check` line about the okrug's signing key.
SYNC_KEYS_CHECK = N_("sync keys")

KIND_LABELS = {
    "okrug": N_("okrug"),
    "settlement": N_("villages"),
    "street": N_("streets"),
    "house": N_("houses"),
    "resident": N_("residents"),
    "tombstones": N_("removals"),
    "sitting": N_("sittings"),
    "event": N_("journal events"),
    "protocol": N_("protocols"),
    "protocol_meta": N_("protocol descriptions"),
    "decision_step": N_("decision follow-up steps"),
    "representation_procedure": N_("procedures of separate gatherings"),
    "initiative": N_("members' initiatives"),
    "initiative_signer": N_("signatures of initiatives"),
    "audit": N_("audit entries"),
    "bundle": N_("bundle"),
}

# One record of each type, as a message names it ("resident 6f0b…").
RECORD_LABELS = {
    "okrug": N_("okrug"),
    "settlement": N_("village"),
    "street": N_("street"),
    "house": N_("house"),
    "resident": N_("resident"),
    "sitting": N_("sitting"),
    "event": N_("journal event"),
    "protocol": N_("protocol"),
    "decision_step": N_("decision follow-up step"),
    "representation_procedure": N_("procedure of separate gatherings"),
    "initiative": N_("members' initiative"),
    "initiative_signer": N_("signature of an initiative"),
    "bundle": N_("bundle"),
}

CONFLICT_TEMPLATES = {
    "record": N_("{kind} {record}: the district holds the same revision with other content."),
    "owner": N_("{kind} {record}: the record belongs to another okrug."),
    "unique": N_("{kind} {record}: a value that must be unique ({columns}) is held by another record."),
    "dependency": N_("{kind} {record}: it refers to a record that is in conflict."),
    "journal": N_(
        "{kind} {record}: its journal differs from the one the district holds, from event {seq} on."
    ),
    "gap": N_("Bundle numbers {missing_from} to {missing_to} of this okrug have not been imported."),
    "fork": N_("The bundle does not follow the bundle the district holds before it."),
}


# A conflict's place in its life cycle.
STATUS_LABELS = {
    "open": N_("open"),
    "accepted": N_("accepted"),
    "rejected": N_("rejected"),
    "settled": N_("settled"),
    "closed": N_("closed"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def decision_text(status: str, by: str, at: Any, reason: str) -> str:
    """Who decided a conflict, when and why (the program's own reasons are translated)."""
    from zhoob_desktop.services.i18n import format_datetime

    when = format_datetime(at, "short") if at is not None else "—"
    if not by:
        return _("{status} by the program on {when}: {reason}").format(
            status=status_label(status), when=when, reason=_(reason) if reason else "—"
        )
    return _("{status} by {name} on {when}: {reason}").format(
        status=status_label(status), name=by, when=when, reason=reason
    )


def verdict_text(v: Any) -> str:
    """One answer of the district as the okrug shows it: the record, the state, and what to do."""
    what = conflict_text(v.kind, v.entity, getattr(v, "subject", "") or v.record_id, v.detail)
    if v.status == "open":
        return _("waits for the district's decision; sent again with every bundle: {what}").format(what=what)
    if v.status == "rejected":
        return _("refused by the district ({decided}); correct the record, it is sent again: {what}").format(
            decided=decision_text(v.status, v.resolved_by, v.resolved_at, v.resolution), what=what
        )
    return f"{decision_text(v.status, v.resolved_by, v.resolved_at, v.resolution)}: {what}"


def kind_label(kind: str) -> str:
    """A record type as people call it (the raw name when it has no label)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def record_label(kind: str) -> str:
    """One record of a type as people call it (the raw name when it has no label)."""
    return _(RECORD_LABELS[kind]) if kind in RECORD_LABELS else kind


def record_subject(entity: str, data: dict[str, Any] | None, record_id: Any) -> str:
    """A record as a person recognises it: a resident's name and IIN, a village's name, a
    sitting's title and date..., with the start of its id; the id alone when nothing is known."""
    if not data or record_id is None:
        return str(record_id or "")
    if entity == "resident":
        name = " ".join(str(data[k]) for k in ("surname", "given_name", "patronymic") if data.get(k))
        iin = data.get("iin")
        text = _("{name}, IIN {iin}").format(name=name, iin=iin) if iin else name
    elif entity in ("settlement", "street"):
        text = str(data.get("name") or "")
    elif entity == "house":
        text = str(data.get("number") or "")
    elif entity == "sitting":
        text = " ".join(str(data[k]) for k in ("title", "scheduled_on") if data.get(k))
    elif entity == "protocol":
        text = str(data.get("number") or "")
    elif entity == "decision_step":
        text = str(data.get("step") or "")
    else:
        text = ""
    return f"{text} ({str(record_id)[:8]})" if text else str(record_id)


def conflict_text(kind: str, entity: str, record: Any, detail: dict[str, Any]) -> str:
    """One sentence describing a conflict in the current language."""
    if kind == "gap" and "missing_from" not in detail:
        kind = "fork"
    template = CONFLICT_TEMPLATES.get(kind)
    if template is None:
        return f"{kind} {entity} {record or ''} {detail}"
    params = {
        "kind": record_label(entity),
        "record": record or "",
        "seq": detail.get("seq", ""),
        "columns": ", ".join(detail.get("columns", [])),
        "missing_from": detail.get("missing_from", ""),
        "missing_to": detail.get("missing_to", ""),
    }
    return _(template).format(**params)


STATE_LABELS = {
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "tie": N_("tie, awaiting the chair's casting vote"),
}


def state_label(state: str) -> str:
    """A decision's state as people call it: the vote's outcome, or its follow-up status."""
    from zhoob_desktop.services.decisions.lifecycle import STATUSES

    if state in STATUSES:
        return _(STATUSES[state])
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state
