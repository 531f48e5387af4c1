"""Finalised protocols and their addenda in a bundle: frozen PDF bytes with their digest.

A finalised paper never changes, so the district keeps the first copy it
receives; the same id arriving with other bytes is a conflict.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictDocument
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import RecordInvalid
from zhoob_desktop.services.sync.records import jsonl, parse_jsonl

META = "protocols.jsonl"


@dataclass
class Protocol:
    id: uuid.UUID
    sitting_id: uuid.UUID
    kind: str
    number: str
    title: str
    digest: str
    signed_on: date | None
    issued_at: datetime | None
    pdf: bytes


def _issued_papers(store: Store, baseline: dict[str, Any]) -> tuple[dict[str, str], list[Any]]:
    """({paper id: digest} of every frozen paper, the papers the district has not acknowledged).

    The digests come from one query (change detection); the papers themselves
    through the documents area's API, only for sittings with something new.
    """
    from zhoob_desktop.models.documents import IssuedDocument
    from zhoob_desktop.services.documents.issue import addenda, finalised_protocol

    with store.session() as s:
        rows = s.execute(select(IssuedDocument.id, IssuedDocument.digest, IssuedDocument.sitting_id)).all()
    state = {str(pid): digest for pid, digest, _sid in rows}
    changed = sorted({sid for pid, digest, sid in rows if baseline.get(str(pid)) != digest}, key=str)
    papers = []
    for sid in changed:
        protocol = finalised_protocol(store, sid)
        if protocol is None:
            continue
        papers.extend(p for p in [protocol, *addenda(store, sid)] if baseline.get(str(p.id)) != p.digest)
    return state, papers


def write_protocols(
    store: Store, writer: BundleWriter, counts: dict[str, int], baseline: dict[str, Any]
) -> dict[str, Any]:
    """Add every frozen paper the district has not acknowledged; return {paper id: digest}."""
    state, papers = _issued_papers(store, baseline)
    meta = []
    for paper in papers:
        name = f"protocols/{paper.id}.pdf"
        writer.add(name, paper.pdf, kind="protocol", records=1)
        meta.append(
            {
                "id": str(paper.id),
                "sitting_id": str(paper.sitting_id),
                "kind": paper.kind,
                "number": paper.number,
                "digest": paper.digest,
                "signed_on": paper.signed_on.isoformat() if paper.signed_on else None,
                "issued_at": paper.issued_at.isoformat() if paper.issued_at else None,
                "file": name,
            }
        )
    if meta:
        body, n = jsonl(meta)
        writer.add(META, body, kind="protocol_meta", records=n)
    counts["protocol"] = len(meta)
    return state


def read_protocols(path: Path, plain: dict[str, bytes], counted: dict[str, int]) -> list[Protocol]:
    """The papers of a bundle, each checked against the digest its metadata announces."""
    if META not in plain:
        return []
    try:
        lines = parse_jsonl(plain[META])
    except (UnicodeDecodeError, ValueError) as exc:
        raise RecordInvalid(path=str(path), member=META, line="?", detail=_("it is not JSON lines")) from exc
    counted[META] = len(lines)
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            pid = uuid.UUID(line["id"])
            name = line["file"]
            if name != f"protocols/{pid}.pdf" or name not in plain:
                raise ValueError("file")
            pdf = plain[name]
            if hashlib.sha256(pdf).hexdigest() != line["digest"]:
                raise ValueError("digest")
            signed = line.get("signed_on")
            issued = line.get("issued_at")
            out.append(
                Protocol(
                    pid,
                    uuid.UUID(line["sitting_id"]),
                    str(line.get("kind", "protocol")),
                    str(line.get("number", "")),
                    str(line.get("title", "")),
                    line["digest"],
                    date.fromisoformat(signed) if signed else None,
                    datetime.fromisoformat(issued) if issued else None,
                    pdf,
                )
            )
            counted[name] = 1
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordInvalid(
                path=str(path), member=META, line=number, detail=_("the paper or its digest does not match")
            ) from exc
    return out


def plan_protocols(s: Session, v, plan) -> list[Protocol]:
    """New papers to store; the same id with other bytes is a conflict, never a replacement."""
    out = []
    for doc in v.meetings.documents:
        held = s.get(DistrictDocument, doc.id)
        if held is None:
            out.append(doc)
            plan.count(plan.added, "protocol")
        elif held.okrug_id != v.okrug_id:
            plan.conflict("owner", "protocol", doc.id, owner=str(held.okrug_id))
        elif held.sha256 != doc.digest:
            plan.conflict("record", "protocol", doc.id, held_hash=held.sha256, bundle_hash=doc.digest)
        else:
            plan.count(plan.unchanged, "protocol")
    return out


def write_protocols_district(s: Session, v, docs: list[Protocol]) -> None:
    if not docs:
        return
    s.execute(
        insert(DistrictDocument),
        [
            {
                "id": d.id,
                "okrug_id": v.okrug_id,
                "sitting_id": d.sitting_id,
                "kind": d.kind,
                "title": d.title,
                "number": d.number,
                "sha256": d.digest,
                "content": d.pdf,
                "finalised_at": d.issued_at,
                "bundle_id": v.bundle_id,
            }
            for d in docs
        ],
    )
