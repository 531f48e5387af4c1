"""Finalised protocols and their addenda in a bundle: frozen PDF bytes with their digest.

A finalised paper never changes, so the district keeps the first copy it
receives; the same id arriving with other bytes is a conflict.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictDocument
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import RecordInvalid
from zhoob_desktop.services.sync.lines import json_problem
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

    with store.session() as s:
        rows = s.execute(select(IssuedDocument.id, IssuedDocument.digest, IssuedDocument.sitting_id)).all()
    state = {str(pid): digest for pid, digest, _sid in rows}
    changed = sorted({sid for pid, digest, sid in rows if baseline.get(str(pid)) != digest}, key=str)
    papers = []
    if not changed:
        return state, papers  # the documents area (ReportLab) is loaded only when a paper goes
    from zhoob_desktop.services.documents.issue import addenda, finalised_protocol

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


def _text(line: dict[str, Any], key: str, limit: int, default: str = "", *, nullable: bool = False) -> str:
    value = line.get(key, default)
    if value is None and nullable:
        value = ""
    if type(value) is not str or len(value) > limit:
        raise ValueError(key)
    return value


def read_protocols(path: Path, info, read: Callable[[str], bytes], counted: dict[str, int]) -> list[Protocol]:
    """The papers of a bundle, each checked against the digest its metadata announces."""
    if META not in info.files:
        return []
    try:
        lines = parse_jsonl(read(META))
    except ValueError as exc:
        raise RecordInvalid(path=str(path), member=META, line="?", detail=json_problem(exc)) from exc
    counted[META] = len(lines)
    columns = DistrictDocument.__table__.c
    out = []
    seen: set[uuid.UUID] = set()
    for number, line in enumerate(lines, start=1):
        try:
            if type(line) is not dict:
                raise ValueError("line")
            pid = uuid.UUID(_text(line, "id", 40))
            name = _text(line, "file", 100)
            if name != f"protocols/{pid}.pdf" or name not in info.files or pid in seen:
                raise ValueError("file")
            seen.add(pid)
            digest = _text(line, "digest", 64)
            signed = _text(line, "signed_on", 40, nullable=True) or None
            issued = _text(line, "issued_at", 40, nullable=True) or None
            protocol = Protocol(
                pid,
                uuid.UUID(_text(line, "sitting_id", 40)),
                _text(line, "kind", columns["kind"].type.length, "protocol"),
                _text(line, "number", columns["number"].type.length),
                _text(line, "title", columns["title"].type.length),
                digest,
                date.fromisoformat(signed) if signed else None,
                datetime.fromisoformat(issued) if issued else None,
                b"",
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordInvalid(
                path=str(path), member=META, line=number, detail=_("a field is missing or has a wrong type")
            ) from exc
        pdf = bytes(read(name))
        if hashlib.sha256(pdf).hexdigest() != digest:
            raise RecordInvalid(
                path=str(path), member=META, line=number, detail=_("the paper or its digest does not match")
            )
        out.append(replace(protocol, pdf=pdf))
        counted[name] = 1
    return out


def payload_of(doc: Protocol) -> dict[str, Any]:
    """What a conflict keeps of a paper: its description and its bytes (to accept it later)."""
    return {
        "meta": {
            "id": str(doc.id),
            "sitting_id": str(doc.sitting_id),
            "kind": doc.kind,
            "number": doc.number,
            "title": doc.title,
            "digest": doc.digest,
            "signed_on": doc.signed_on.isoformat() if doc.signed_on else None,
            "issued_at": doc.issued_at.isoformat() if doc.issued_at else None,
        },
        "pdf": base64.b64encode(doc.pdf).decode("ascii"),
    }


def from_payload(payload: dict[str, Any]) -> Protocol:
    meta = payload["meta"]
    return Protocol(
        uuid.UUID(meta["id"]),
        uuid.UUID(meta["sitting_id"]),
        meta["kind"],
        meta["number"],
        meta.get("title", ""),
        meta["digest"],
        date.fromisoformat(meta["signed_on"]) if meta.get("signed_on") else None,
        datetime.fromisoformat(meta["issued_at"]) if meta.get("issued_at") else None,
        base64.b64decode(payload["pdf"]),
    )


def plan_protocols(s: Session, v, plan) -> list[Protocol]:
    """New papers to store; the same id with other bytes is a conflict, never a replacement.

    The bundle's papers are its okrug's own (checked before); an accepted
    conflict (``plan.force``) replaces the district's copy.
    """
    out = []
    for doc in v.meetings.documents:
        held = s.get(DistrictDocument, doc.id)
        if held is None:
            out.append(doc)
            plan.count(plan.added, "protocol")
        elif held.sha256 != doc.digest and ("protocol", doc.id) in plan.force:
            out.append(doc)
            plan.count(plan.updated, "protocol")
        elif held.sha256 != doc.digest:
            plan.conflict(
                "record",
                "protocol",
                doc.id,
                payload=payload_of(doc),
                held_hash=held.sha256,
                bundle_hash=doc.digest,
            )
            continue
        else:
            plan.count(plan.unchanged, "protocol")
            plan.agreed.add(("protocol", doc.id))
            continue
        plan.written.add(("protocol", doc.id))
    return out


def write_protocols_district(s: Session, v, docs: list[Protocol]) -> None:
    if not docs:
        return
    s.execute(delete(DistrictDocument).where(DistrictDocument.id.in_([d.id for d in docs])))
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
