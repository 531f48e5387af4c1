"""The okrug's audit in a bundle: who did what travels with the data, and the district checks it.

The whole hash chain goes into ``audit.jsonl`` (one entry per line, as
``zhoob audit --json`` prints them); the manifest names its length and head.
At the district the chain must verify from its first entry to the head the
manifest names, or the bundle is refused whole; ``zhoob district audit
FILE.zip`` lists it by operator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from zhoob_desktop.models.security import AuditEvent
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import audit
from zhoob_desktop.services.sync.errors import BundleRejected
from zhoob_desktop.services.sync.records import jsonl, parse_jsonl

MEMBER = "audit.jsonl"
KIND = "audit"


AUDIT_MISSING = N_("audit.jsonl is missing")
ENTRY_MALFORMED = N_("an entry is malformed")
OTHER_HEAD = N_("the manifest names another head")


class AuditRejected(BundleRejected):
    template = N_(
        "The audit in the bundle {path} does not verify at entry {seq}: {detail}. Nothing was imported."
    )


def write_audit(store, writer, counts: dict[str, int]) -> dict[str, Any]:
    """Add the audit to the bundle; returns the manifest's ``audit`` field (entries, head).

    The chain grows with every action for as long as the okrug works: it is
    written into its member entry by entry, never held whole.
    """
    n, head = 0, audit.GENESIS
    with store.session() as s, writer.member(MEMBER, kind=KIND) as member:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        for row in s.scalars(query, execution_options={"yield_per": 500}):
            entry = audit.entry_of(row).to_json()
            member.write(jsonl([entry])[0])
            n, head = n + 1, entry["hash"]
        member.records = n
    counts[KIND] = n
    return {"entries": n, "head": head}


def read_audit(path: Path, manifest: dict[str, Any], files, read, counted: dict[str, int]) -> list[dict]:
    """The audit of a bundle, its chain verified (``AuditRejected`` otherwise); [] for a bundle without one.

    ``files``: the member names the manifest lists; ``read(name)``: a member's plain bytes.
    """
    if MEMBER not in files:
        if manifest.get("audit"):
            raise AuditRejected(path=str(path), seq="-", detail=AUDIT_MISSING)
        return []
    try:
        items = parse_jsonl(read(MEMBER))
    except ValueError as exc:
        raise AuditRejected(path=str(path), seq="-", detail=str(exc)) from exc
    counted[MEMBER] = len(items)
    expected = manifest.get("audit") or {}
    try:
        head = audit.verify_chain([dict(item) for item in items])
    except audit.AuditChainBroken as exc:
        raise AuditRejected(path=str(path), seq=exc.params["seq"], detail=exc.params["detail"]) from exc
    except (AttributeError, KeyError, TypeError) as exc:
        raise AuditRejected(path=str(path), seq="-", detail=ENTRY_MALFORMED) from exc
    if (
        not isinstance(expected, dict)
        or expected.get("head", head) != head
        or expected.get("entries", len(items)) != len(items)
    ):
        raise AuditRejected(path=str(path), seq=len(items), detail=OTHER_HEAD)
    return items


def bundle_audit(path: Path, seal_key=None) -> list[dict]:
    """The audit carried by a bundle file (signature not checked here: ``district import`` does)."""
    from zhoob_desktop.services.sync.container import BundleReader

    with BundleReader(Path(path)) as reader:
        reader.verify_members()
        return read_audit(
            Path(path), reader.manifest, reader.info.files, lambda name: reader.read(name, seal_key), {}
        )
