"""Receipts: the district says, signed, which bundles of an okrug it holds and what it did not take.

The okrug checks the signature with the district key it imported, marks those
bundles acknowledged, and its next export carries only what changed since the
newest acknowledged one. The receipt also carries every conflict the district
found in the okrug's bundles, with its state and who decided it, when and
why: the okrug shows them and sends again what the district has not taken.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug, SyncExport, SyncVerdict
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import bounded, conflicts
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.container import canonical_json
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import ReceiptInvalid, SyncError
from zhoob_desktop.services.sync.keys import DistrictKeys, b64, unb64, verify

RECEIPT_FORMAT = "zhoob-receipt"
RECEIPT_MAX = 32 * 1024 * 1024  # thousands of conflicts still fit
RECEIPT_SETTING = "sync.receipt_issued_at"  # when the newest receipt the okrug took was issued
STATUSES = ("open", "accepted", "rejected", "settled", "closed")
_MISSING = object()


class OkrugUnknown(SyncError):
    template = N_("No okrug with the id {okrug_id} is registered at the district.")


@dataclass(frozen=True)
class ReceiptInfo:
    okrug_id: uuid.UUID
    okrug_name: str
    bundles: list[tuple[int, uuid.UUID]]
    issued_at: datetime
    conflicts: int = 0
    rulings: int = 0


def receipt_document(
    dstore: DistrictStore,
    keys: DistrictKeys,
    okrug_id: uuid.UUID,
    *,
    now: Callable[[], datetime] = utcnow,
) -> tuple[dict[str, Any], ReceiptInfo]:
    """The signed receipt of one okrug (``{"receipt": body, "signature"}``), as a file or an answer carries it.

    It lists every bundle of the okrug the district has imported, every
    conflict found in them with its state, and the district akim's decisions
    on the okrug's disagreements (``rulings``, Reg §13).
    """
    from zhoob_desktop.services.sync.net import rulings

    with dstore.session() as s:
        okrug = s.get(DistrictOkrug, okrug_id)
        if okrug is None:
            raise OkrugUnknown(okrug_id=str(okrug_id))
        bundles = [
            (seq, bid)
            for seq, bid in s.execute(
                select(DistrictBundle.seq, DistrictBundle.id)
                .where(DistrictBundle.okrug_id == okrug_id)
                .order_by(DistrictBundle.seq)
            )
        ]
        name = okrug.name
        found = conflicts.for_receipt(s, okrug_id)
        decided = rulings.for_receipt(s, okrug_id)
    issued = now()
    body = {
        "format": RECEIPT_FORMAT,
        "format_version": 1,
        "okrug_id": str(okrug_id),
        "issued_at": issued.isoformat(),
        "district": keys.public().fingerprint,
        "bundles": [{"seq": seq, "id": str(bid)} for seq, bid in bundles],
        "conflicts": found,
        "rulings": decided,
    }
    signed = {"receipt": body, "signature": b64(keys.sign(canonical_json(body)))}
    return signed, ReceiptInfo(okrug_id, name, bundles, issued, len(found), len(decided))


def make_receipt(
    dstore: DistrictStore,
    keys: DistrictKeys,
    okrug_id: uuid.UUID,
    out: Path,
    *,
    now: Callable[[], datetime] = utcnow,
) -> ReceiptInfo:
    """Write a signed receipt listing every bundle of one okrug the district has imported."""
    signed, info = receipt_document(dstore, keys, okrug_id, now=now)
    write_atomic(Path(out), json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8"))
    return info


def import_receipt(store: Store, path: Path, *, now: Callable[[], datetime] = utcnow) -> list[int]:
    """Check a receipt file and mark the bundles it lists as acknowledged; the numbers newly marked."""
    path = Path(path)
    try:
        if path.stat().st_size > RECEIPT_MAX:
            raise ValueError("too large")
        data = path.read_bytes()
    except (OSError, ValueError) as exc:
        raise ReceiptInvalid(path=str(path), detail=_("it is not a receipt of Zhoob Desktop")) from exc
    return take_receipt(store, data, str(path), now=now)


def take_receipt(
    store: Store, data: bytes, source: str, *, now: Callable[[], datetime] = utcnow
) -> list[int]:
    """Check a receipt (a file's bytes, or the district service's answer; ``source`` names it in messages),
    mark the bundles it lists as acknowledged, keep the district's answers and record its decisions on
    disagreements in the decisions' history. Returns the bundle numbers newly marked."""
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync.export import district_key
    from zhoob_desktop.services.sync.net import rulings

    dkey = district_key(store)
    if dkey is None:
        raise ReceiptInvalid(path=source, detail=_("no district key is registered to check it"))
    try:
        if len(data) > RECEIPT_MAX:
            raise ValueError("too large")
        signed = bounded.loads(data)
        body = signed["receipt"]
        signature = unb64(signed["signature"])
        if body.get("format") != RECEIPT_FORMAT:
            raise ValueError("format")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReceiptInvalid(path=source, detail=_("it is not a receipt of Zhoob Desktop")) from exc
    if not verify(dkey.sign_key, signature, canonical_json(body)):
        raise ReceiptInvalid(path=source, detail=_("its signature does not match the district's key"))
    okrug = get_okrug(store)
    if okrug is None or body.get("okrug_id") != str(okrug.id):
        raise ReceiptInvalid(path=source, detail=_("it was issued for another okrug"))
    entries, verdicts, issued = _contents(source, body)
    decided = rulings.parse(source, body.get("rulings", []))
    marked = []
    with store.session() as s:
        for seq, bundle_id in entries:
            row = s.scalars(select(SyncExport).where(SyncExport.seq == seq)).first()
            if row is None or row.id != bundle_id:
                raise ReceiptInvalid(
                    path=source,
                    detail=_("it lists bundle number {seq}, which this okrug did not write").format(seq=seq),
                )
            if row.acked_at is None:
                row.acked_at = now()
                marked.append(row.seq)
        latest = store_setting(s, RECEIPT_SETTING)
        if latest is None or issued >= datetime.fromisoformat(latest):
            # The newest receipt says everything about the okrug's conflicts: it replaces the last one.
            s.execute(delete(SyncVerdict))
            at = now()
            for v in verdicts:
                s.add(SyncVerdict(**v, received_at=at))
            store_setting(s, RECEIPT_SETTING, issued.isoformat())
        rulings.keep(s, decided, now())
    rulings.apply_pending(store, now=now)
    return marked


def store_setting(s, key: str, value: Any = _MISSING) -> Any:
    """Read (or, given a value, write) one setting inside an open unit of work."""
    row = s.get(Setting, key)
    if value is _MISSING:
        return None if row is None else row.value
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value
    return value


def _contents(path: str, body: dict[str, Any]):
    """(bundles, verdicts, issued at) of a verified receipt, each field checked."""
    bad = ReceiptInvalid(path=str(path), detail=_("it is not a receipt of Zhoob Desktop"))
    try:
        issued = datetime.fromisoformat(body["issued_at"])
        entries = [(int(e["seq"]), uuid.UUID(e["id"])) for e in body.get("bundles", [])]
        verdicts = []
        for c in body.get("conflicts", []):
            if c["status"] not in STATUSES or not isinstance(c.get("detail", {}), dict):
                raise ValueError("status")
            verdicts.append(
                {
                    "id": uuid.UUID(c["id"]),
                    "kind": str(c["kind"])[:20],
                    "entity": str(c.get("entity", ""))[:30],
                    "record_id": uuid.UUID(c["record_id"]) if c.get("record_id") else None,
                    "status": c["status"],
                    "bundle_seq": int(c.get("bundle_seq", 0)),
                    "detail": c.get("detail", {}),
                    "resolved_by": str(c.get("resolved_by", ""))[:200],
                    "resolution": str(c.get("resolution", "")),
                    "resolved_at": datetime.fromisoformat(c["resolved_at"]) if c.get("resolved_at") else None,
                }
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise bad from exc
    return entries, verdicts, issued
